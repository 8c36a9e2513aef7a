using Compiled;

namespace Compiled.Benchmarks;

/// <summary>mnist_train: 784-128-10.</summary>
[Sequential(Input = 784)]
[Dense(128, Activation = Activation.Relu)]
[Dense(10, Activation = Activation.Softmax)]
public partial class MnistModel;

/// <summary>wide_train: 784-512-512-10.</summary>
[Sequential(Input = 784)]
[Dense(512, Activation = Activation.Relu)]
[Dense(512, Activation = Activation.Relu)]
[Dense(10, Activation = Activation.Softmax)]
public partial class WideModel;

/// <summary>mnist_cnn_train: Keras's mnist_cnn without dropout, on 28x28x1 images, 10 classes.</summary>
[Sequential(InputShape = new[] { 28, 28, 1 })]
[Conv2D(32, 3, Activation = Activation.Relu)]
[Conv2D(64, 3, Activation = Activation.Relu)]
[MaxPooling2D(2)]
[Flatten]
[Dense(128, Activation = Activation.Relu)]
[Dense(10, Activation = Activation.Softmax)]
public partial class MnistCnnModel;

/// <summary>lstm_train: 100 time steps of 40 features (speech frames), LSTM(64), the last step's state into 10 classes.</summary>
[Sequential(InputShape = new[] { 100, 40 })]
[LSTM(64)]
[Dense(10, Activation = Activation.Softmax)]
public partial class LstmModel;

/// <summary>bilstm_train: the same sequences through Bidirectional(LSTM(64)), the two final states concatenated into 10 classes.</summary>
[Sequential(InputShape = new[] { 100, 40 })]
[Bidirectional]
[LSTM(64)]
[Dense(10, Activation = Activation.Softmax)]
public partial class BiLstmModel;
