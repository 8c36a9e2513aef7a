using System.Text.Json;

namespace Compiled;

/// <summary>
/// An input of a functional model as the generator saw it, Keras's <c>Input(shape)</c> (its <c>InputLayer</c>):
/// where a sample's values enter. Output: the given shape; no weights and no computation.
/// </summary>
public sealed class InputLayer : LayerInfo
{
    /// <summary>Keras's class name, <c>InputLayer</c>.</summary>
    public const string ClassName = "InputLayer";

    /// <param name="name">Keras's layer name: <c>input_1</c>, or the property's name.</param>
    /// <param name="shape">One sample's shape, without the batch axis.</param>
    public InputLayer(string name, IReadOnlyList<int> shape)
        : base(name, shape, shape)
    {
    }

    /// <inheritdoc/>
    public override string KerasClass => ClassName;

    /// <inheritdoc/>
    public override bool IsInput => true;

    /// <summary>Keras's <c>InputLayer</c> configuration: <c>batch_input_shape</c>, <c>dtype</c>, <c>sparse</c>, <c>ragged</c>.</summary>
    public override void WriteKerasConfig(Utf8JsonWriter writer) => WriteInputConfig(writer, "batch_input_shape");

    /// <summary>Keras 3's <c>InputLayer</c> configuration: <c>batch_shape</c> (Keras 2's <c>batch_input_shape</c>), <c>dtype</c>, <c>sparse</c>, <c>ragged</c>, <c>name</c>.</summary>
    public override void WriteKeras3Config(Utf8JsonWriter writer)
    {
        WriteInputConfig(writer, "batch_shape");
        writer.WriteString("name", Name);
    }

    /// <summary>The entries both Kerases write, the shape under <paramref name="shapeEntry"/> with the batch axis unknown.</summary>
    private void WriteInputConfig(Utf8JsonWriter writer, string shapeEntry)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray(shapeEntry);
        writer.WriteNullValue();
        foreach (int d in OutputShape) writer.WriteNumberValue(d);
        writer.WriteEndArray();
        writer.WriteString("dtype", "float32");
        writer.WriteBoolean("sparse", false);
        writer.WriteBoolean("ragged", false);
    }

    /// <inheritdoc/>
    public override string? CompareKerasConfig(JsonElement config, string expectedBy)
    {
        if (!KerasJson.Has(config, "batch_input_shape", out JsonElement shape)) return null;
        bool same = shape.ValueKind == JsonValueKind.Array && shape.GetArrayLength() == OutputShape.Count + 1;
        int i = -1;
        foreach (JsonElement d in same ? shape.EnumerateArray() : default)
        {
            same &= i < 0 ? d.ValueKind == JsonValueKind.Null : KerasJson.IsInteger(d, OutputShape[i]);
            i++;
        }
        return same ? null : $"the file's InputLayer has batch_input_shape {shape}; {expectedBy} expects {Model.Shape(OutputShape.ToArray())}";
    }

    /// <summary>No node: the layer's value is the graph input given to it.</summary>
    public override string LowerToOnnx(OnnxGraph graph, IReadOnlyList<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs[0];
    }
}
