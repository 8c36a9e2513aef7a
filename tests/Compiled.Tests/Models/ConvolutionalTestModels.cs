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

/// <summary>Images through zero padding, a strided 'same' convolution, a dilated one, 'same' average pooling and global max pooling.</summary>
[Sequential(InputShape = new[] { 9, 7, 2 })]
[ZeroPadding2D(1, 2, 0, 1)]
[Conv2D(5, 3, 2, Strides = new[] { 2, 1 }, Padding = Padding.Same, Activation = Activation.Tanh)]
[Conv2D(4, 2, DilationRate = new[] { 2 }, UseBias = false)]
[AveragePooling2D(2, Padding = Padding.Same)]
[GlobalMaxPooling2D]
[Dense(3)]
public partial class PaddedImageNet;

/// <summary>Images through 'same' max pooling with uneven windows, batch normalization without gamma, and global average pooling.</summary>
[Sequential(InputShape = new[] { 6, 5, 3 })]
[Conv2D(4, 1, Activation = Activation.Relu)]
[MaxPooling2D(3, 2, Padding = Padding.Same)]
[BatchNormalization(Scale = false, Epsilon = 1e-6)]
[Dropout(0.5, Seed = 3)]
[GlobalAveragePooling2D]
public partial class PooledImageNet;

/// <summary>Sequences through causal, 'same' and strided convolutions, 1-D pooling both ways, batch normalization and global pooling.</summary>
[Sequential(InputShape = new[] { 12, 3 })]
[Conv1D(4, 3, Padding = Padding.Causal, DilationRate = 2, Activation = Activation.Relu)]
[MaxPooling1D(2, Padding = Padding.Same, Strides = 1)]
[Conv1D(5, 4, Padding = Padding.Same, Strides = 2, Activation = Activation.Sigmoid)]
[BatchNormalization(Momentum = 0.9)]
[AveragePooling1D(3, Padding = Padding.Same, Strides = 2)]
[Conv1D(3, 2)]
[AveragePooling1D(2)]
[GlobalAveragePooling1D]
public partial class SequenceConvNet;

/// <summary>Sequences through 'valid' pooling and global max pooling, with dropout in between.</summary>
[Sequential(InputShape = new[] { 11, 2 })]
[Conv1D(3, 2, Strides = 3, UseBias = false)]
[MaxPooling1D(2, Strides = 1)]
[Dropout(0.2)]
[GlobalMaxPooling1D]
[Dense(2, Activation = Activation.Softmax)]
public partial class SequencePoolNet;
