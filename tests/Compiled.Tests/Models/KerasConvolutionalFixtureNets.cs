using Compiled;

namespace Compiled.Tests.Models;

/// <summary>
/// The network of the Keras 2.1.3 fixture <c>batchnorm_conv2d/batch_to_conv2d_tensorflow_2.h5</c>, with Keras's own
/// layer names: Dense 100 -> 490, Reshape to (7, 7, 10), BatchNormalization, Conv2D(5, 3x3, valid).
/// </summary>
[Sequential(Input = 100)]
[Dense(490, Name = "dense_1")]
[Reshape(7, 7, 10, Name = "reshape_1")]
[BatchNormalization(Name = "batch_normalization_1")]
[Conv2D(5, 3, Name = "conv2d_1")]
public partial class KerasBatchNormConv2DNet;

/// <summary>The network of the Keras 2.3.1 fixture <c>conv1d_k3_valid</c>: Conv1D(4, 3, sigmoid) on sequences of 16 steps of 3.</summary>
[Sequential(InputShape = new[] { 16, 3 }, Name = "sequential_1")]
[Conv1D(4, 3, Activation = Activation.Sigmoid, Name = "conv0")]
public partial class KerasConv1DNet;

/// <summary>The functional network of the tf.keras 2.2.4-tf fixture <c>tfkeras_conv1d_batchnorm</c>: Conv1D(10, 2) then BatchNormalization.</summary>
[Functional(nameof(BatchNormalization), Name = "model")]
public partial class KerasConv1DBatchNormNet
{
    [Input(25, 25, Name = "input_1")] public partial LayerInfo Sequences { get; }
    [Conv1D(10, 2, Input = nameof(Sequences))] public partial LayerInfo Conv1d { get; }
    [BatchNormalization(Input = nameof(Conv1d))] public partial LayerInfo BatchNormalization { get; }
}

/// <summary>
/// The Keras 2.3.1 fixture <c>conv2d_maxpool_dense</c>'s layers laid out channels last (its first Conv2D is channels
/// first, which Compiled refuses): the same names, classes and settings otherwise.
/// </summary>
[Sequential(InputShape = new[] { 28, 28, 1 }, Name = "sequential_1")]
[Conv2D(30, 3, Activation = Activation.Relu, Name = "conv2d_1")]
[MaxPooling2D(Name = "max_pooling2d_1")]
[Conv2D(15, 3, Activation = Activation.Relu, Name = "conv2d_2")]
[MaxPooling2D(Name = "max_pooling2d_2")]
[Dropout(0.2, Name = "dropout_1")]
[Flatten(Name = "flatten_1")]
[Dense(128, Activation = Activation.Relu, Name = "dense_1")]
[Dense(80, Activation = Activation.Relu, Name = "dense_2")]
[Dense(80, Activation = Activation.Relu, Name = "dense_3")]
[Dense(22, Activation = Activation.Softmax, Name = "dense_4")]
public partial class KerasChannelsLastConv2DNet;

/// <summary>
/// The network of the Keras 2.1.3 fixture <c>embedding_conv1d_dense</c>, with Keras's own layer names: sequences of 10 token
/// indices from a vocabulary of 200 embedded as 50 values each, three valid relu Conv1D (128, 64, 32 filters of 3), Flatten,
/// Dropout, Dense 128 sigmoid, Dropout, Dense 1 sigmoid.
/// </summary>
[Sequential(Input = 10, Name = "sequential_1")]
[Embedding(200, 50, Name = "embedding_1")]
[Conv1D(128, 3, Activation = Activation.Relu, Name = "conv1d_1")]
[Conv1D(64, 3, Activation = Activation.Relu, Name = "conv1d_2")]
[Conv1D(32, 3, Activation = Activation.Relu, Name = "conv1d_3")]
[Flatten(Name = "flatten_1")]
[Dropout(0.2, Name = "dropout_1")]
[Dense(128, Activation = Activation.Sigmoid, Name = "dense_1")]
[Dropout(0.2, Name = "dropout_2")]
[Dense(1, Activation = Activation.Sigmoid, Name = "dense_2")]
public partial class KerasEmbeddingConv1DNet;
