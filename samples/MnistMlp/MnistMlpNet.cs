using Compiled;

namespace Samples.MnistMlp;

/// <summary>
/// Keras's mnist_mlp example, layer for layer: two 512-unit relu layers, each followed by dropout of 0.2, then the
/// 10 class probabilities, on the 784 pixels of an image.
/// </summary>
[Sequential(InputShape = new[] { 784 })]
[Dense(512, Activation = Activation.Relu)]
[Dropout(0.2)]
[Dense(512, Activation = Activation.Relu)]
[Dropout(0.2)]
[Dense(10, Activation = Activation.Softmax)]
public partial class MnistMlpNet;
