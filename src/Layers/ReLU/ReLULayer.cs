using System.Text.Json;

namespace Compiled;

/// <summary>
/// A ReLU layer as the generator saw it, Keras's <c>ReLU()</c> with its defaults: <c>output = max(input, 0)</c>
/// element-wise (no <c>max_value</c>, a <c>negative_slope</c> and <c>threshold</c> of 0). Input and output have the
/// same shape; no weights.
/// </summary>
public sealed class ReLULayer : LayerInfo
{
    /// <summary>Keras's class name, <c>ReLU</c>.</summary>
    public const string ClassName = "ReLU";

    /// <param name="name">Keras's layer name: <c>re_lu</c>, <c>re_lu_1</c>, …</param>
    /// <param name="shape">One sample's shape, in and out.</param>
    public ReLULayer(string name, IReadOnlyList<int> shape)
        : base(name, shape, shape)
    {
    }

    /// <inheritdoc/>
    public override string KerasClass => ClassName;

    /// <inheritdoc/>
    public override void WriteKerasConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNull("max_value");
        writer.WritePythonFloat("negative_slope", 0.0);
        writer.WritePythonFloat("threshold", 0.0);
    }

    /// <inheritdoc/>
    public override string? CompareKerasConfig(JsonElement config, string expectedBy)
    {
        if (KerasJson.Has(config, "max_value", out JsonElement max) && max.ValueKind != JsonValueKind.Null)
            return $"the file's ReLU has max_value {max}; {expectedBy} expects None";
        foreach (string setting in (string[])["negative_slope", "threshold"])
            if (KerasJson.Has(config, setting, out JsonElement value) && !KerasJson.IsNumber(value, 0))
                return $"the file's ReLU has {setting} {value}; {expectedBy} expects 0.0";
        return null;
    }

    /// <summary>ONNX's <c>Relu</c>.</summary>
    public override string LowerToOnnx(OnnxGraph graph, IReadOnlyList<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(inputs);
        return ActivationLayer.LowerActivation(graph, Activation.Relu, Name, inputs[0]);
    }
}
