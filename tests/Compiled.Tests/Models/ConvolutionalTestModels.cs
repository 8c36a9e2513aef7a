using Compiled;

namespace Compiled.Tests.Models;

/// <summary>A small image classifier using each image layer once: convolution, pooling, batch normalization, dropout.</summary>
[Sequential(InputShape = new[] { 8, 8, 1 })]
[Conv2D(4, 3, Activation = Activation.Relu)]
[MaxPooling2D]
[BatchNormalization]
[Dropout(0.25)]
[Flatten]
[Dense(3, Activation = Activation.Softmax)]
public partial class SmallConvNet;
