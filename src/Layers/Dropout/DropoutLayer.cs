using System.Text.Json;

namespace Compiled;

/// <summary>
/// A Dropout layer as the generator saw it, Keras's <c>Dropout(rate, noise_shape=None, seed=None)</c>: in training each
/// value is zeroed with probability <c>rate</c> and the others scaled by <c>1 / (1 - rate)</c>; at inference the
/// identity. Input and output have the same shape; no weights.
/// </summary>
public sealed class DropoutLayer : LayerInfo
{
    /// <summary>Keras's class name, <c>Dropout</c>.</summary>
    public const string ClassName = "Dropout";

    /// <param name="name">Keras's layer name: <c>dropout</c>, <c>dropout_1</c>, …</param>
    /// <param name="shape">One sample's shape, in and out.</param>
    /// <param name="rate">The fraction of values dropped in training, in [0, 1).</param>
    /// <param name="seed">The layer's own seed; null when its masks follow the model's seed.</param>
    public DropoutLayer(string name, IReadOnlyList<int> shape, double rate, long? seed)
        : base(name, shape, shape)
    {
        if (!(rate >= 0 && rate < 1))
            throw new ArgumentOutOfRangeException(nameof(rate), $"Dropout's rate is from 0 up to, not including, 1; got {rate}.");
        (Rate, Seed) = (rate, seed);
    }

    /// <inheritdoc/>
    public override string KerasClass => ClassName;

    /// <summary>The fraction of values dropped in training, Keras's <c>rate</c>.</summary>
    public double Rate { get; }

    /// <summary>The layer's own seed, Keras's <c>seed</c>; null when its masks follow the model's seed.</summary>
    public long? Seed { get; }

    /// <summary>Writes tf.keras 2.4's <c>get_config</c> entries: <c>rate</c>, <c>noise_shape</c> (null) and <c>seed</c>.</summary>
    public override void WriteKerasConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePythonFloat("rate", Rate);
        writer.WriteNull("noise_shape");
        if (Seed is long seed) writer.WriteNumber("seed", seed);
        else writer.WriteNull("seed");
    }

    /// <summary>
    /// Compares <c>rate</c> (at float32 precision, as Keras may have stored it) and <c>noise_shape</c>, which must be
    /// null: a mask shared along some axes is not supported. The seed only picks masks, which no two libraries draw
    /// alike, so it is not compared. Keras 1's <c>p</c> is a difference.
    /// </summary>
    public override string? CompareKerasConfig(JsonElement config, string expectedBy)
    {
        if (KerasJson.Keras1Names(config, ClassName, ("p", "rate")) is string keras1)
            return keras1;
        if (KerasJson.Has(config, "rate", out JsonElement rate) && !(rate.ValueKind == JsonValueKind.Number && (float)rate.GetDouble() == (float)Rate))
            return $"the file's Dropout has rate {rate}; {expectedBy} expects {BatchNormalizationLayer.PythonFloat(Rate)}";
        if (KerasJson.Has(config, "noise_shape", out JsonElement noiseShape) && noiseShape.ValueKind != JsonValueKind.Null)
            return $"the file's Dropout has noise_shape {KerasWindows.Compact(noiseShape)}; {expectedBy} expects None";
        return null;
    }

    /// <summary>ONNX's <c>Identity</c>: an exported model runs inference, where dropout does nothing.</summary>
    public override string LowerToOnnx(OnnxGraph graph, IReadOnlyList<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(inputs);
        return graph.AddNode("Identity", Name + "/identity", [inputs[0]]);
    }
}
