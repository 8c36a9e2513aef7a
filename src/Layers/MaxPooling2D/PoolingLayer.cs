using System.Text.Json;

namespace Compiled;

/// <summary>
/// What the pooling descriptions share, Keras's <c>Pooling1D</c> and <c>Pooling2D</c> (channels_last): each channel's
/// maximum (<see cref="MaxPooling2DLayer"/>, <see cref="MaxPooling1DLayer"/>) or mean (<see cref="AveragePooling2DLayer"/>,
/// <see cref="AveragePooling1DLayer"/>) over windows of <c>pool_size</c> moved <c>strides</c> positions at a time. With
/// <c>same</c> padding the positions outside the input are ignored, never counted. Input <c>(spatial…, channels)</c>,
/// output <c>(spatial'…, channels)</c>; no weights.
/// </summary>
public abstract class PoolingLayer : LayerInfo
{
    private protected PoolingLayer(string name, IReadOnlyList<int> inputShape, IReadOnlyList<int> outputShape, IReadOnlyList<int> poolSize,
        IReadOnlyList<int> strides, Padding padding, int rank)
        : base(name, inputShape, Checked(inputShape, outputShape, poolSize, strides, padding, rank))
        => (PoolSize, Strides, Padding) = (poolSize.ToArray(), strides.ToArray(), padding);

    /// <summary>The window's size on each spatial axis, Keras's <c>pool_size</c>.</summary>
    public IReadOnlyList<int> PoolSize { get; }

    /// <summary>The step between windows on each spatial axis, Keras's <c>strides</c> (the pool size by default).</summary>
    public IReadOnlyList<int> Strides { get; }

    /// <summary>Keras's <c>padding</c>: <c>valid</c> or <c>same</c>.</summary>
    public Padding Padding { get; }

    /// <summary>Whether the layer takes each window's maximum (rather than its mean).</summary>
    private protected abstract bool Maximum { get; }

    /// <summary>
    /// The positions ignored before and after the input on each spatial axis, as TensorFlow pads for <c>same</c>:
    /// <c>total = max((out - 1)·stride + pool - in, 0)</c>, <c>total / 2</c> before, the rest after; none for <c>valid</c>.
    /// </summary>
    internal IReadOnlyList<(int Before, int After)> Pads
        => [.. Enumerable.Range(0, PoolSize.Count).Select(a => KerasWindows.Pad(InputShape[a], OutputShape[a], PoolSize[a], Strides[a], 1, Padding))];

    /// <summary>
    /// Writes tf.keras 2.4's <c>get_config</c> entries: Pooling2D's <c>pool_size</c>, <c>padding</c>, <c>strides</c>,
    /// <c>data_format</c>; Pooling1D's <c>strides</c>, <c>pool_size</c>, <c>padding</c>, <c>data_format</c>.
    /// </summary>
    public override void WriteKerasConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (PoolSize.Count == 1)
        {
            writer.WriteIntegers("strides", Strides);
            writer.WriteIntegers("pool_size", PoolSize);
            writer.WriteString("padding", KerasWindows.PaddingName(Padding));
        }
        else
        {
            writer.WriteIntegers("pool_size", PoolSize);
            writer.WriteString("padding", KerasWindows.PaddingName(Padding));
            writer.WriteIntegers("strides", Strides);
        }
        writer.WriteString("data_format", "channels_last");
    }

    /// <summary>
    /// Compares the data format (channels_first is refused by name), <c>pool_size</c>, <c>strides</c> (null meaning the
    /// pool size) and <c>padding</c>; Keras 1's names (<c>pool_length</c>, <c>stride</c>, <c>border_mode</c>) are differences.
    /// </summary>
    public override string? CompareKerasConfig(JsonElement config, string expectedBy)
    {
        string kind = KerasClass;
        if (KerasJson.Keras1Names(config, kind, ("pool_length", "pool_size"), ("stride", "strides"), ("border_mode", "padding")) is string keras1)
            return keras1;
        if (KerasJson.ChannelsFirst(config, kind) is string channelsFirst)
            return channelsFirst;
        if (KerasWindows.CompareSizes(config, kind, "pool_size", PoolSize, expectedBy) is string pool)
            return pool;
        if (!(KerasJson.Has(config, "strides", out JsonElement strides) && strides.ValueKind == JsonValueKind.Null && PoolSize.SequenceEqual(Strides))
            && KerasWindows.CompareSizes(config, kind, "strides", Strides, expectedBy) is string stride)
            return stride;
        return KerasWindows.ComparePadding(config, kind, Padding, expectedBy);
    }

    /// <summary>
    /// ONNX's <c>MaxPool</c> or <c>AveragePool</c> (with <c>count_include_pad</c> 0, so padded positions are not
    /// counted, as in TensorFlow), which are channels first: a <c>Transpose</c> to <c>(batch, channels, spatial…)</c>,
    /// the pooling with TensorFlow's pads, and a <c>Transpose</c> back.
    /// </summary>
    public override string LowerToOnnx(OnnxGraph graph, IReadOnlyList<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(inputs);
        int rank = PoolSize.Count;
        string channelsFirst = graph.AddNode("Transpose", Name + "/to_channels_first", [inputs[0]], OnnxAttribute.FromInts("perm", KerasWindows.ToChannelsFirst(rank)));
        IReadOnlyList<(int Before, int After)> pads = Pads;
        List<OnnxAttribute> attributes =
        [
            OnnxAttribute.FromInts("kernel_shape", [.. PoolSize.Select(k => (long)k)]),
            OnnxAttribute.FromInts("strides", [.. Strides.Select(s => (long)s)]),
            OnnxAttribute.FromInts("pads", [.. pads.Select(p => (long)p.Before), .. pads.Select(p => (long)p.After)]),
        ];
        if (!Maximum) attributes.Add(OnnxAttribute.FromInt("count_include_pad", 0));
        string pooled = Maximum
            ? graph.AddNode("MaxPool", Name + "/max_pool", [channelsFirst], [.. attributes])
            : graph.AddNode("AveragePool", Name + "/average_pool", [channelsFirst], [.. attributes]);
        return graph.AddNode("Transpose", Name + "/to_channels_last", [pooled], OnnxAttribute.FromInts("perm", KerasWindows.ToChannelsLast(rank)));
    }

    private static IReadOnlyList<int> Checked(IReadOnlyList<int> inputShape, IReadOnlyList<int> outputShape, IReadOnlyList<int> poolSize,
        IReadOnlyList<int> strides, Padding padding, int rank)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        ArgumentNullException.ThrowIfNull(outputShape);
        KerasWindows.CheckWindow(inputShape, outputShape, poolSize, strides, [.. Enumerable.Repeat(1, rank)], rank, nameof(poolSize));
        if (padding is not (Padding.Valid or Padding.Same))
            throw new ArgumentException($"Pooling pads 'valid' or 'same'; got '{KerasWindows.PaddingName(padding)}'.", nameof(padding));
        if (outputShape[rank] != inputShape[rank])
            throw new ArgumentException($"Pooling keeps the channels ({inputShape[rank]}); got {KerasJson.Tuple(outputShape)}.", nameof(outputShape));
        return outputShape;
    }
}
