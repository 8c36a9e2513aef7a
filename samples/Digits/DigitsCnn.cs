using Compiled;

namespace Samples.Digits;

/// <summary>
/// The same 8x8 digits seen as images: two 'same' 3x3 convolutions, each followed by 2x2 max pooling, then a
/// hidden ReLU layer and the 10 class probabilities. The convolutions share their weights across the image,
/// so this network has fewer parameters than <see cref="DigitsNet"/>.
/// </summary>
[Sequential(InputShape = new[] { 8, 8, 1 })]
[Conv2D(16, 3, Padding = Padding.Same, Activation = Activation.Relu, KernelInitializer = "he_normal")]
[MaxPooling2D(2)]
[Conv2D(32, 3, Padding = Padding.Same, Activation = Activation.Relu, KernelInitializer = "he_normal")]
[MaxPooling2D(2)]
[Flatten]
[Dense(32, Activation = Activation.Relu, KernelInitializer = "he_normal")]
[Dense(10, Activation = Activation.Softmax)]
public partial class DigitsCnn;
