using System.Text.Json;

namespace Compiled;

/// <summary>
/// A Concatenate layer as the generator saw it, Keras's <c>Concatenate(axis)</c>: its inputs joined along one
/// axis; they agree on every other axis. No weights.
/// </summary>
public sealed class ConcatenateLayer : LayerInfo
{
    /// <summary>Keras's class name, <c>Concatenate</c>.</summary>
    public const string ClassName = "Concatenate";

    /// <param name="name">Keras's layer name: <c>concatenate</c>, <c>concatenate_1</c>, …</param>
    /// <param name="inputShape">The first input's shape.</param>
    /// <param name="outputShape">The joined shape.</param>
    /// <param name="axis">The axis joined along, counted as Keras counts it, with the batch axis as 0: at least 1.</param>
    public ConcatenateLayer(string name, IReadOnlyList<int> inputShape, IReadOnlyList<int> outputShape, int axis)
        : base(name, inputShape, outputShape)
    {
        ArgumentNullException.ThrowIfNull(outputShape);
        if (axis < 1 || axis > outputShape.Count)
            throw new ArgumentOutOfRangeException(nameof(axis), $"axis counts the batch axis as 0, so it is between 1 and {outputShape.Count} here; got {axis}.");
        Axis = axis;
    }

    /// <inheritdoc/>
    public override string KerasClass => ClassName;

    /// <summary>The axis joined along, with the batch axis as 0 (Keras's <c>axis</c>, made non-negative).</summary>
    public int Axis { get; }

    /// <inheritdoc/>
    public override void WriteKerasConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumber("axis", Axis);
    }

    /// <inheritdoc/>
    public override string? CompareKerasConfig(JsonElement config, string expectedBy)
    {
        int rank = OutputShape.Count + 1;
        if (KerasJson.Has(config, "axis", out JsonElement axis)
            && !(axis.ValueKind == JsonValueKind.Number && axis.TryGetInt32(out int a) && (a < 0 ? a + rank : a) == Axis))
            return $"the file's Concatenate has axis {axis}; {expectedBy} expects {Axis}";
        return null;
    }

    /// <summary>ONNX's <c>Concat</c> along <see cref="Axis"/>.</summary>
    public override string LowerToOnnx(OnnxGraph graph, IReadOnlyList<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return graph.AddNode("Concat", Name + "/concat", inputs, OnnxAttribute.FromInt("axis", Axis));
    }
}
