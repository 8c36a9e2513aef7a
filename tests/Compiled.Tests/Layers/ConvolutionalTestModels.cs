namespace Compiled.Tests.Layers;

// Small networks that together use every image and sequence layer kind and option, for the gradient checks.

/// <summary>Valid convolution with a non-square kernel, max pooling, Dense head.</summary>
[Sequential(InputShape = new[] { 7, 6, 2 })]
[Conv2D(3, 3, 2, Activation = Activation.Tanh)]
[MaxPooling2D(2)]
[Flatten]
[Dense(4, Activation = Activation.Softmax)]
public partial class ValidConvolutionNet;

/// <summary>Strided 'same' convolution, asymmetric zero padding, 'same' average pooling whose edge windows are partial.</summary>
[Sequential(InputShape = new[] { 7, 7, 1 })]
[Conv2D(2, 3, Strides = new[] { 2 }, Padding = Padding.Same, Activation = Activation.Relu)]
[ZeroPadding2D(0, 1, 2, 1)]
[AveragePooling2D(2, Padding = Padding.Same)]
[Flatten]
[Dense(3, Activation = Activation.Softmax)]
public partial class SameStridedConvolutionNet;

/// <summary>Dilated convolution without bias, overlapping max pooling, global average pooling.</summary>
[Sequential(InputShape = new[] { 9, 8, 2 })]
[Conv2D(3, 3, DilationRate = new[] { 2 }, UseBias = false, Activation = Activation.Sigmoid)]
[MaxPooling2D(3, Strides = new[] { 1, 2 })]
[GlobalAveragePooling2D]
[Dense(2, Activation = Activation.Softmax)]
public partial class DilatedConvolutionNet;

/// <summary>Sequences: causal dilated Conv1D, overlapping 1-D max pooling, strided 'same' Conv1D, 1-D average pooling, global max pooling.</summary>
[Sequential(InputShape = new[] { 13, 3 })]
[Conv1D(4, 3, Padding = Padding.Causal, DilationRate = 2, Activation = Activation.Tanh)]
[MaxPooling1D(2, Strides = 1)]
[Conv1D(3, 2, Strides = 2, Padding = Padding.Same)]
[AveragePooling1D(2, Padding = Padding.Same)]
[GlobalMaxPooling1D]
[Dense(3, Activation = Activation.Softmax)]
public partial class SequenceConvolutionNet;

/// <summary>BatchNormalization after a convolution (4-D input, TensorFlow's fused rule) and on a sequence (3-D, the plain rule).</summary>
[Sequential(InputShape = new[] { 5, 5, 2 })]
[Conv2D(3, 2)]
[BatchNormalization]
[ReLU]
[Reshape(16, 3)]
[BatchNormalization(Center = false, Epsilon = 0.01)]
[GlobalAveragePooling1D]
[Dense(3, Activation = Activation.Softmax)]
public partial class BatchNormalizationNet;

/// <summary>Dropout with a seed of its own between Dense layers, and global max pooling over images.</summary>
[Sequential(InputShape = new[] { 4, 4, 2 })]
[GlobalMaxPooling2D]
[Dense(8, Activation = Activation.Relu)]
[Dropout(0.5, Seed = 7)]
[Dense(3, Activation = Activation.Softmax)]
public partial class DropoutNet;

/// <summary>Convolutions large enough at batch 32 that their products are shared among threads.</summary>
[Sequential(InputShape = new[] { 16, 16, 8 })]
[Conv2D(32, 3, Activation = Activation.Relu)]
[Conv2D(32, 3, Padding = Padding.Same, Activation = Activation.Relu)]
[MaxPooling2D(2)]
[BatchNormalization]
[Flatten]
[Dropout(0.2)]
[Dense(10, Activation = Activation.Softmax)]
public partial class SharedConvolutionNet;
