using System.Text.Json;

namespace Compiled;

/// <summary>
/// A Softmax layer as the generator saw it, Keras's <c>Softmax(axis=-1)</c>:
/// <c>output = exp(input - max) / sum(exp(input - max))</c> over the last axis. Input and output have the same
/// shape; no weights.
/// </summary>
public sealed class SoftmaxLayer : LayerInfo
{
    /// <summary>Keras's class name, <c>Softmax</c>.</summary>
    public const string ClassName = "Softmax";

    /// <param name="name">Keras's layer name: <c>softmax</c>, <c>softmax_1</c>, …</param>
    /// <param name="shape">One sample's shape, in and out.</param>
    public SoftmaxLayer(string name, IReadOnlyList<int> shape)
        : base(name, shape, shape)
    {
    }

    /// <inheritdoc/>
    public override string KerasClass => ClassName;

    /// <summary>The axis normalized over, Keras's <c>axis</c>: always the last, -1.</summary>
    public int Axis => -1;

    /// <inheritdoc/>
    public override void WriteKerasConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumber("axis", Axis);
    }

    /// <inheritdoc/>
    public override string? CompareKerasConfig(JsonElement config, string expectedBy)
    {
        // Counted with the batch axis: axis 2 of a (None, 5, 8) input is its last, as -1 is.
        int rank = InputShape.Count + 1;
        if (KerasJson.Has(config, "axis", out JsonElement axis)
            && !(axis.ValueKind == JsonValueKind.Number && axis.TryGetInt32(out int a) && (a < 0 ? a + rank : a) == rank - 1))
            return $"the file's Softmax has axis {axis}; {expectedBy} expects -1";
        return null;
    }

    /// <summary>ONNX's <c>Softmax</c> over the last axis.</summary>
    public override string LowerToOnnx(OnnxGraph graph, IReadOnlyList<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(inputs);
        return ActivationLayer.LowerActivation(graph, Activation.Softmax, Name, inputs[0]);
    }
}
