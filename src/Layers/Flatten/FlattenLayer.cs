using System.Text.Json;

namespace Compiled;

/// <summary>
/// A Flatten layer as the generator saw it, Keras's <c>Flatten()</c> (channels last): the same values as one axis.
/// Input <c>(d1, d2, …)</c>, output <c>(d1 · d2 · …,)</c>; no weights.
/// </summary>
public sealed class FlattenLayer : LayerInfo
{
    /// <summary>Keras's class name, <c>Flatten</c>.</summary>
    public const string ClassName = "Flatten";

    /// <param name="name">Keras's layer name: <c>flatten</c>, <c>flatten_1</c>, …</param>
    /// <param name="inputShape">One sample's input shape.</param>
    public FlattenLayer(string name, IReadOnlyList<int> inputShape)
        : base(name, inputShape, [Size(inputShape)])
    {
    }

    /// <inheritdoc/>
    public override string KerasClass => ClassName;

    /// <inheritdoc/>
    public override void WriteKerasConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteString("data_format", "channels_last");
    }

    /// <inheritdoc/>
    public override string? CompareKerasConfig(JsonElement config, string expectedBy)
        // channels_first permutes the axes before flattening; with one axis per sample there is nothing to permute.
        => InputShape.Count > 1 ? KerasJson.ChannelsFirst(config, ClassName) : null;

    /// <summary>ONNX's <c>Reshape</c> to <c>(batch, size)</c>, the batch dimension kept as it is.</summary>
    public override string LowerToOnnx(OnnxGraph graph, IReadOnlyList<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return ReshapeLayer.LowerReshape(graph, Name, OutputShape, inputs[0]);
    }

    private static int Size(IReadOnlyList<int> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        int size = 1;
        foreach (int d in shape) size = checked(size * d);
        return size;
    }
}
