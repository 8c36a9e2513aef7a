namespace Compiled;

/// <summary>
/// Keras's <c>Embedding(input_dim, output_dim, embeddings_initializer='uniform', mask_zero=False, input_length=None)</c>:
/// turns token indices into dense vectors, <c>output[t] = embeddings[input[t]]</c>, a row of the trainable matrix
/// <c>embeddings</c> <c>(input_dim, output_dim)</c> per index. Input shape <c>(batch, timesteps)</c> of whole numbers in
/// <c>[0, input_dim)</c>, carried as floats (Keras casts its input to int32; Compiled refuses a fraction, which Keras would
/// truncate, and an index out of range with an <see cref="ArgumentException"/> naming the layer, the position and the
/// value); output shape <c>(batch, timesteps, output_dim)</c>; <c>input_dim · output_dim</c> parameters. Keras's
/// <c>input_length</c> is the sequence length, which Compiled takes from the input shape at build time.
/// </summary>
/// <remarks>
/// Indices are not differentiable: the layer reads the model's input (directly, or through Reshape or Flatten), never
/// values computed from weights (a build error, CMP051), and its backward pass adds each step's output gradient into
/// the row of <c>embeddings</c> it read.
/// </remarks>
/// <example><c>[Sequential(Input = 10)] [Embedding(200, 50)] [Conv1D(128, 3, Activation = Activation.Relu)]</c> embeds sequences of
/// 10 tokens from a vocabulary of 200 as 10 x 50 values, as Keras's <c>Embedding(200, 50, input_length=10)</c>.</example>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class EmbeddingAttribute : Attribute
{
    /// <param name="inputDim">The vocabulary's size: indices run from 0 to <c>inputDim - 1</c>; positive.</param>
    /// <param name="outputDim">The length of each embedding vector; positive.</param>
    public EmbeddingAttribute(int inputDim, int outputDim) => (InputDim, OutputDim) = (inputDim, outputDim);

    /// <summary>The vocabulary's size, Keras's <c>input_dim</c>: indices run from 0 to <c>InputDim - 1</c>.</summary>
    public int InputDim { get; }

    /// <summary>The length of each embedding vector, Keras's <c>output_dim</c>.</summary>
    public int OutputDim { get; }

    /// <summary>
    /// Initializer of the embeddings, as <see cref="DenseAttribute.KernelInitializer"/>; default <c>"uniform"</c>, Keras's
    /// <c>RandomUniform(minval=-0.05, maxval=0.05)</c>.
    /// </summary>
    public string EmbeddingsInitializer { get; set; } = "uniform";

    /// <summary>
    /// Keras's <c>mask_zero</c>: index 0 is padding, and the layers after it are given a mask of the padded steps; default
    /// <c>false</c>. Only a layer that consumes masks may follow a masking Embedding, and no Compiled layer does yet, so
    /// <c>true</c> is a build error (CMP050) naming the layer that would ignore the mask.
    /// </summary>
    public bool MaskZero { get; set; }

    /// <summary>Keras's <c>embeddings_regularizer</c>, as <see cref="KernelLayerAttribute.KernelRegularizer"/>: <c>"l2(0.0001)"</c>.</summary>
    public string? EmbeddingsRegularizer { get; set; }

    /// <summary>Keras's <c>activity_regularizer</c>, on the vectors the layer returns, as <see cref="KernelLayerAttribute.ActivityRegularizer"/>.</summary>
    public string? ActivityRegularizer { get; set; }

    /// <summary>Keras's <c>embeddings_constraint</c>, as <see cref="KernelLayerAttribute.KernelConstraint"/>: <c>"unit_norm(axis=1)"</c> makes every vector unit length.</summary>
    public string? EmbeddingsConstraint { get; set; }

    /// <summary>The layer's name; Keras's default is <c>embedding</c>, <c>embedding_1</c>, … in model order.</summary>
    public string? Name { get; set; }

    /// <summary>In a <see cref="FunctionalAttribute"/> model, the node whose values are the indices: an <see cref="InputAttribute"/> node, or a reshape of one.</summary>
    public string? Input { get; set; }
}
