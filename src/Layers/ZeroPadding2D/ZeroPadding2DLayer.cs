using System.Text.Json;

namespace Compiled;

/// <summary>
/// A ZeroPadding2D layer as the generator saw it, Keras's <c>ZeroPadding2D(padding=(1, 1), data_format='channels_last')</c>:
/// rows of zeros above and below each image and columns of zeros left and right of it. Input
/// <c>(height, width, channels)</c>, output <c>(top + height + bottom, left + width + right, channels)</c>; no weights.
/// </summary>
public sealed class ZeroPadding2DLayer : LayerInfo
{
    /// <summary>Keras's class name, <c>ZeroPadding2D</c>.</summary>
    public const string ClassName = "ZeroPadding2D";

    /// <param name="name">Keras's layer name: <c>zero_padding2d</c>, <c>zero_padding2d_1</c>, …</param>
    /// <param name="inputShape">One sample's input, <c>(height, width, channels)</c>.</param>
    /// <param name="top">Rows of zeros above.</param>
    /// <param name="bottom">Rows of zeros below.</param>
    /// <param name="left">Columns of zeros on the left.</param>
    /// <param name="right">Columns of zeros on the right.</param>
    public ZeroPadding2DLayer(string name, IReadOnlyList<int> inputShape, int top, int bottom, int left, int right)
        : base(name, inputShape, OutputShapeOf(inputShape, top, bottom, left, right))
        => (Top, Bottom, Left, Right) = (top, bottom, left, right);

    /// <inheritdoc/>
    public override string KerasClass => ClassName;

    /// <summary>Rows of zeros above each image.</summary>
    public int Top { get; }

    /// <summary>Rows of zeros below each image.</summary>
    public int Bottom { get; }

    /// <summary>Columns of zeros left of each image.</summary>
    public int Left { get; }

    /// <summary>Columns of zeros right of each image.</summary>
    public int Right { get; }

    /// <summary>Writes tf.keras 2.4's <c>get_config</c> entries: <c>padding</c> as <c>((top, bottom), (left, right))</c> and <c>data_format</c>.</summary>
    public override void WriteKerasConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray("padding");
        writer.WriteStartArray();
        writer.WriteNumberValue(Top);
        writer.WriteNumberValue(Bottom);
        writer.WriteEndArray();
        writer.WriteStartArray();
        writer.WriteNumberValue(Left);
        writer.WriteNumberValue(Right);
        writer.WriteEndArray();
        writer.WriteEndArray();
        writer.WriteString("data_format", "channels_last");
    }

    /// <summary>
    /// Compares the data format (channels_first is refused by name) and <c>padding</c> in any of Keras's spellings:
    /// one integer, <c>(rows, columns)</c> or <c>((top, bottom), (left, right))</c>.
    /// </summary>
    public override string? CompareKerasConfig(JsonElement config, string expectedBy)
    {
        if (KerasJson.ChannelsFirst(config, ClassName) is string channelsFirst)
            return channelsFirst;
        if (!KerasJson.Has(config, "padding", out JsonElement padding)) return null;
        return Amounts(padding) is (int, int, int, int) found && found == (Top, Bottom, Left, Right)
            ? null
            : $"the file's ZeroPadding2D has padding {KerasWindows.Compact(padding)}; {expectedBy} expects (({Top}, {Bottom}), ({Left}, {Right}))";
    }

    /// <summary>ONNX's <c>Pad</c> (constant zeros) straight on the channels-last values: <c>[0, top, left, 0, 0, bottom, right, 0]</c>.</summary>
    public override string LowerToOnnx(OnnxGraph graph, IReadOnlyList<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(inputs);
        string pads = graph.AddInt64Initializer(Name + "/pads", [0, Top, Left, 0, 0, Bottom, Right, 0], 8);
        return graph.AddNode("Pad", Name + "/pad", [inputs[0], pads]);
    }

    /// <summary>Keras's padding spellings as (top, bottom, left, right); null for anything else.</summary>
    private static (int, int, int, int)? Amounts(JsonElement padding)
    {
        if (padding.ValueKind == JsonValueKind.Number && padding.TryGetInt32(out int all)) return (all, all, all, all);
        if (padding.ValueKind != JsonValueKind.Array || padding.GetArrayLength() != 2) return null;
        if (KerasJson.Integers(padding) is [int rows, int columns]) return (rows, rows, columns, columns);
        return KerasJson.Integers(padding[0]) is [int top, int bottom] && KerasJson.Integers(padding[1]) is [int left, int right]
            ? (top, bottom, left, right)
            : null;
    }

    private static int[] OutputShapeOf(IReadOnlyList<int> inputShape, int top, int bottom, int left, int right)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Count != 3)
            throw new ArgumentException($"ZeroPadding2D takes (height, width, channels) per sample; got {KerasJson.Tuple(inputShape)}.", nameof(inputShape));
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        ArgumentOutOfRangeException.ThrowIfNegative(bottom);
        ArgumentOutOfRangeException.ThrowIfNegative(left);
        ArgumentOutOfRangeException.ThrowIfNegative(right);
        return [inputShape[0] + top + bottom, inputShape[1] + left + right, inputShape[2]];
    }
}
