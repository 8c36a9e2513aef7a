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

/// <summary>STAND-IN until Conv2D builds: mnist_cnn_train's input and output, dense layers only.</summary>
[Sequential(InputShape = new[] { 28, 28, 1 })]
[Flatten]
[Dense(128, Activation = Activation.Relu)]
[Dense(10, Activation = Activation.Softmax)]
public partial class MnistCnnModel;
