using System.Text.Json;

namespace Compiled;

/// <summary>
/// What the global pooling descriptions share, Keras's <c>GlobalPooling1D</c> and <c>GlobalPooling2D</c>
/// (channels_last): each channel's mean (<see cref="GlobalAveragePooling2DLayer"/>, <see cref="GlobalAveragePooling1DLayer"/>)
/// or maximum (<see cref="GlobalMaxPooling2DLayer"/>, <see cref="GlobalMaxPooling1DLayer"/>) over every spatial position.
/// Input <c>(spatial…, channels)</c>, output <c>(channels,)</c>; no weights.
/// </summary>
public abstract class GlobalPoolingLayer : LayerInfo
{
    private protected GlobalPoolingLayer(string name, IReadOnlyList<int> inputShape, int rank)
        : base(name, inputShape, OutputShapeOf(inputShape, rank))
    {
    }

    /// <summary>Whether the layer takes each channel's maximum (rather than its mean).</summary>
    private protected abstract bool Maximum { get; }

    /// <summary>Writes tf.keras 2.4's <c>get_config</c> entry, <c>data_format</c> (<c>keepdims</c> came in 2.6).</summary>
    public override void WriteKerasConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteString("data_format", "channels_last");
    }

    /// <summary>Compares the data format (channels_first is refused by name) and, from tf.keras 2.6 on, <c>keepdims</c>.</summary>
    public override string? CompareKerasConfig(JsonElement config, string expectedBy)
    {
        if (KerasJson.ChannelsFirst(config, KerasClass) is string channelsFirst)
            return channelsFirst;
        return KerasJson.Has(config, "keepdims", out JsonElement keepdims) && keepdims.ValueKind == JsonValueKind.True
            ? $"the file's {KerasClass} has keepdims True; {expectedBy} expects False"
            : null;
    }

    /// <summary>
    /// ONNX's <c>ReduceMean</c> or <c>ReduceMax</c> over the spatial axes without keeping them, straight on the channels-last
    /// values (no transpose): <c>(batch, spatial…, channels)</c> to <c>(batch, channels)</c>.
    /// </summary>
    public override string LowerToOnnx(OnnxGraph graph, IReadOnlyList<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(inputs);
        OnnxAttribute[] attributes = [OnnxAttribute.FromInts("axes", [.. Enumerable.Range(1, InputShape.Count - 1).Select(a => (long)a)]), OnnxAttribute.FromInt("keepdims", 0)];
        return Maximum
            ? graph.AddNode("ReduceMax", Name + "/reduce_max", [inputs[0]], attributes)
            : graph.AddNode("ReduceMean", Name + "/reduce_mean", [inputs[0]], attributes);
    }

    private static int[] OutputShapeOf(IReadOnlyList<int> inputShape, int rank)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Count != rank + 1)
            throw new ArgumentException($"The layer takes (spatial axes: {rank}, channels) per sample; got {KerasJson.Tuple(inputShape)}.", nameof(inputShape));
        return [inputShape[rank]];
    }
}
