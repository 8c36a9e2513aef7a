using Compiled;

namespace Samples.MnistCnn;

/// <summary>
/// Keras's mnist_cnn example, layer for layer: two 3x3 convolutions, 2x2 max pooling and dropout, then a
/// 128-unit hidden layer with dropout and the 10 class probabilities.
/// </summary>
[Sequential(InputShape = new[] { 28, 28, 1 })]
[Conv2D(32, 3, Activation = Activation.Relu)]
[Conv2D(64, 3, Activation = Activation.Relu)]
[MaxPooling2D(2)]
[Dropout(0.25)]
[Flatten]
[Dense(128, Activation = Activation.Relu)]
[Dropout(0.5)]
[Dense(10, Activation = Activation.Softmax)]
public partial class MnistCnnNet;
