using System.Text.Json;

namespace Compiled;

/// <summary>
/// An Embedding layer as the generator saw it, Keras's <c>Embedding(input_dim, output_dim, embeddings_initializer='uniform',
/// mask_zero=False, input_length=None)</c>: <c>output[t] = embeddings[input[t]]</c>. Input <c>(timesteps,)</c> of token
/// indices in <c>[0, input_dim)</c>, output <c>(timesteps, output_dim)</c>; weight <c>embeddings</c>
/// <c>(input_dim, output_dim)</c> in <see cref="Model.Parameters"/>.
/// </summary>
public sealed class EmbeddingLayer : LayerInfo
{
    /// <summary>Keras's class name, <c>Embedding</c>.</summary>
    public const string ClassName = "Embedding";

    /// <param name="name">Keras's layer name: <c>embedding</c>, <c>embedding_1</c>, …</param>
    /// <param name="inputShape">One sample's input, <c>(timesteps,)</c>.</param>
    /// <param name="inputDim">The vocabulary's size: indices run from 0 to <paramref name="inputDim"/> - 1.</param>
    /// <param name="outputDim">The length of each embedding vector.</param>
    /// <param name="maskZero">Whether index 0 is padding that the layers after it are told to skip (Keras's <c>mask_zero</c>).</param>
    /// <param name="parameterOffset">Where the embeddings start in <see cref="Model.Parameters"/>.</param>
    /// <param name="embeddingsInitializer">How the embeddings were initialized; null for Keras's default, <see cref="RandomUniform"/>(-0.05, 0.05).</param>
    public EmbeddingLayer(string name, IReadOnlyList<int> inputShape, int inputDim, int outputDim, bool maskZero, int parameterOffset, Initializer? embeddingsInitializer = null)
        : base(name, inputShape, OutputShapeOf(inputShape, inputDim, outputDim), [new LayerVariable("embeddings", [inputDim, outputDim], parameterOffset)])
    {
        (InputDim, OutputDim, MaskZero, ParameterOffset) = (inputDim, outputDim, maskZero, parameterOffset);
        EmbeddingsInitializer = embeddingsInitializer ?? new RandomUniform();
    }

    /// <inheritdoc/>
    public override string KerasClass => ClassName;

    /// <summary>The vocabulary's size, Keras's <c>input_dim</c>.</summary>
    public int InputDim { get; }

    /// <summary>The length of each embedding vector, Keras's <c>output_dim</c>.</summary>
    public int OutputDim { get; }

    /// <summary>Keras's <c>mask_zero</c>: whether index 0 is padding that the layers after it are told to skip.</summary>
    public bool MaskZero { get; }

    /// <summary>The sequence length, Keras's <c>input_length</c>: the input's one axis.</summary>
    public int InputLength => InputShape[0];

    /// <summary>Where the embeddings start in <see cref="Model.Parameters"/>, <c>(input_dim, output_dim)</c> row-major.</summary>
    public int ParameterOffset { get; }

    /// <summary>How the embeddings were initialized; Keras's <c>embeddings_initializer</c>.</summary>
    public Initializer EmbeddingsInitializer { get; }

    /// <summary>The embeddings, <c>(input_dim, output_dim)</c>: row <c>i</c> is token <c>i</c>'s vector.</summary>
    public LayerVariable Embeddings => Variables[0];

    /// <summary>
    /// Writes tf.keras 2.4's <c>Embedding.get_config</c> entries: <c>input_dim</c>, <c>output_dim</c>,
    /// <c>embeddings_initializer</c>, null regularizers and constraint, <c>mask_zero</c> and <c>input_length</c>.
    /// </summary>
    public override void WriteKerasConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumber("input_dim", InputDim);
        writer.WriteNumber("output_dim", OutputDim);
        KerasInitializerConfig.Write(writer, "embeddings_initializer", EmbeddingsInitializer);
        WriteRules(writer, "embeddings_regularizer", "activity_regularizer", "embeddings_constraint");
        writer.WriteBoolean("mask_zero", MaskZero);
        writer.WriteNumber("input_length", InputLength);
    }

    /// <summary>
    /// Compares what determines the computation: <c>input_dim</c>, <c>output_dim</c>, <c>mask_zero</c> and
    /// <c>input_length</c> (null, Keras's default, agrees with any length; a list is Keras's multi-axis form); Keras 1's
    /// names (<c>init</c>, <c>W_regularizer</c>) are differences.
    /// </summary>
    public override string? CompareKerasConfig(JsonElement config, string expectedBy)
    {
        if (KerasJson.Keras1Names(config, ClassName, ("init", "embeddings_initializer"), ("W_regularizer", "embeddings_regularizer"), ("W_constraint", "embeddings_constraint")) is string keras1)
            return keras1;
        if (KerasJson.Has(config, "input_dim", out JsonElement inputDim) && !KerasJson.IsInteger(inputDim, InputDim))
            return $"the file's Embedding has input_dim {inputDim}; {expectedBy} expects {InputDim}";
        if (KerasJson.Has(config, "output_dim", out JsonElement outputDim) && !KerasJson.IsInteger(outputDim, OutputDim))
            return $"the file's Embedding has output_dim {outputDim}; {expectedBy} expects {OutputDim}";
        if (KerasJson.Has(config, "mask_zero", out JsonElement mask) && mask.ValueKind is JsonValueKind.True or JsonValueKind.False && mask.GetBoolean() != MaskZero)
            return $"the file's Embedding has mask_zero {KerasJson.PythonBool(mask.GetBoolean())}; {expectedBy} expects {KerasJson.PythonBool(MaskZero)}";
        if (KerasJson.Has(config, "input_length", out JsonElement length) && length.ValueKind != JsonValueKind.Null
            && !(KerasJson.IsInteger(length, InputLength) || KerasJson.Integers(length) is [int only] && only == InputLength))
            return $"the file's Embedding has input_length {KerasWindows.Compact(length)}; {expectedBy} expects {InputLength}";
        return CompareRules(config, expectedBy, "embeddings_regularizer", "activity_regularizer", "embeddings_constraint");
    }

    /// <summary>
    /// ONNX's <c>Cast</c> of the float indices to int64 (truncating, as Keras's cast to int32 does), then <c>Gather</c> of
    /// the embeddings' rows on axis 0: <c>(batch, timesteps)</c> to <c>(batch, timesteps, output_dim)</c>. Refused with
    /// <c>mask_zero</c>: the recurrent layers the mask reaches honour it, which ONNX's LSTM cannot express (see <see cref="MaskingLayer"/>).
    /// </summary>
    public override string LowerToOnnx(OnnxGraph graph, IReadOnlyList<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(inputs);
        if (MaskZero) throw MaskingLayer.MaskedModelsDoNotExport(KerasClass, Name);
        const long Int64 = 7; // ONNX's TensorProto.DataType.INT64
        string indices = graph.AddNode("Cast", Name + "/cast", [inputs[0]], OnnxAttribute.FromInt("to", Int64));
        string embeddings = graph.AddFloatInitializer(Name + "/embeddings", graph.WeightsOf(Embeddings), InputDim, OutputDim);
        return graph.AddNode("Gather", Name + "/gather", [embeddings, indices], OnnxAttribute.FromInt("axis", 0));
    }

    private static int[] OutputShapeOf(IReadOnlyList<int> inputShape, int inputDim, int outputDim)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Count != 1)
            throw new ArgumentException($"Embedding takes (timesteps,) of indices per sample; got {KerasJson.Tuple(inputShape)}.", nameof(inputShape));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputDim);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputDim);
        return [inputShape[0], outputDim];
    }

    /// <summary>Keras 3's Embedding configuration: Keras 2's without <c>input_length</c>, which Keras 3 no longer takes.</summary>
    public override void WriteKeras3Config(Utf8JsonWriter writer)
    {
        System.Text.Json.Nodes.JsonObject config = Keras3Config.Of(this);
        config.Remove("input_length");
        Keras3Config.WriteEntries(writer, config);
    }
}
