using Compiled;

namespace Samples.Digits;

/// <summary>8x8 handwritten digits: 64 pixels in, two hidden ReLU layers, 10 class probabilities out.</summary>
[Sequential(Input = 64)]
[Dense(64, Activation = Activation.Relu, KernelInitializer = "he_normal")]
[Dense(32, Activation = Activation.Relu, KernelInitializer = "he_normal")]
[Dense(10, Activation = Activation.Softmax)]
public partial class DigitsNet;
