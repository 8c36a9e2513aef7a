using System.Text.Json;

namespace Compiled;

/// <summary>
/// A Masking layer as the generator saw it, Keras's <c>Masking(mask_value=0.0)</c>: a step whose every feature equals
/// <c>mask_value</c> is zeroed and masked for the layers after it. Input and output have the same shape; no weights.
/// </summary>
public sealed class MaskingLayer : LayerInfo
{
    /// <summary>Keras's class name, <c>Masking</c>.</summary>
    public const string ClassName = "Masking";

    /// <param name="name">Keras's layer name: <c>masking</c>, <c>masking_1</c>, …</param>
    /// <param name="shape">One sample's shape, in and out: <c>(timesteps, features)</c>.</param>
    /// <param name="maskValue">The value every feature of a padded step holds.</param>
    public MaskingLayer(string name, IReadOnlyList<int> shape, double maskValue)
        : base(name, shape, shape)
        => MaskValue = maskValue;

    /// <inheritdoc/>
    public override string KerasClass => ClassName;

    /// <summary>The value every feature of a padded step holds, Keras's <c>mask_value</c>.</summary>
    public double MaskValue { get; }

    /// <summary>Writes tf.keras 2.4's <c>get_config</c> entry: <c>mask_value</c>.</summary>
    public override void WriteKerasConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePythonFloat("mask_value", MaskValue);
    }

    /// <summary>Compares <c>mask_value</c> at float32 precision, the precision Keras compares the inputs at.</summary>
    public override string? CompareKerasConfig(JsonElement config, string expectedBy)
    {
        if (KerasJson.Has(config, "mask_value", out JsonElement value) && !(value.ValueKind == JsonValueKind.Number && (float)value.GetDouble() == (float)MaskValue))
            return $"the file's Masking has mask_value {value.GetRawText()}; {expectedBy} expects {BatchNormalizationLayer.PythonFloat(MaskValue)}";
        return null;
    }

    /// <summary>
    /// Refused: the values alone would lower exactly, but the mask is what the layer is for, and ONNX's LSTM takes only
    /// sequence lengths, which say nothing of padding before or between the steps that count; an export that ran the
    /// padded steps through the LSTM would give other outputs than Predict.
    /// </summary>
    public override string LowerToOnnx(OnnxGraph graph, IReadOnlyList<string> inputs)
        => throw MaskedModelsDoNotExport(KerasClass, Name);

    /// <summary>Why a model with a mask of padded steps does not export to ONNX, naming the layer that makes the mask.</summary>
    internal static NotSupportedException MaskedModelsDoNotExport(string kerasClass, string name)
        => new($"{kerasClass} '{name}' masks padded steps for the recurrent layers after it, which ONNX's LSTM cannot express (its sequence_lens "
               + "only drops steps at the end of a sequence, not before or between the steps that count), so a model with a mask does not export to ONNX.");
}
