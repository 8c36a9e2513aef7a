using System.Text.Json;

namespace Compiled;

/// <summary>
/// A Reshape layer as the generator saw it, Keras's <c>Reshape(target_shape)</c>: the same values, in the same
/// order, under another per-sample shape of the same size; no weights.
/// </summary>
public sealed class ReshapeLayer : LayerInfo
{
    /// <summary>Keras's class name, <c>Reshape</c>.</summary>
    public const string ClassName = "Reshape";

    /// <param name="name">Keras's layer name: <c>reshape</c>, <c>reshape_1</c>, …</param>
    /// <param name="inputShape">One sample's input shape.</param>
    /// <param name="outputShape">One sample's output shape, Keras's <c>target_shape</c> with any -1 resolved.</param>
    public ReshapeLayer(string name, IReadOnlyList<int> inputShape, IReadOnlyList<int> outputShape)
        : base(name, inputShape, outputShape)
    {
    }

    /// <inheritdoc/>
    public override string KerasClass => ClassName;

    /// <inheritdoc/>
    public override void WriteKerasConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteIntegers("target_shape", OutputShape);
    }

    /// <inheritdoc/>
    public override string? CompareKerasConfig(JsonElement config, string expectedBy)
    {
        if (!KerasJson.Has(config, "target_shape", out JsonElement target)) return null;
        int[]? shape = KerasJson.Integers(target);
        if (shape is not null && shape.Count(d => d == -1) == 1)
        {
            // Keras infers one -1 from the size, as the attribute does.
            int known = shape.Where(d => d != -1).Aggregate(1, (p, d) => p * d);
            int size = OutputShape.Aggregate(1, (p, d) => p * d);
            if (known > 0) shape = shape.Select(d => d == -1 ? size / known : d).ToArray();
        }
        return shape is not null && shape.SequenceEqual(OutputShape)
            ? null
            : $"the file's Reshape has target_shape {target}; {expectedBy} expects {KerasJson.Tuple(OutputShape)}";
    }

    /// <summary>ONNX's <c>Reshape</c>, the batch dimension kept as it is.</summary>
    public override string LowerToOnnx(OnnxGraph graph, IReadOnlyList<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return LowerReshape(graph, Name, OutputShape, inputs[0]);
    }

    /// <summary>A <c>Reshape</c> node to <c>(batch, shape…)</c> and its int64 shape initializer, <c>&lt;layer&gt;/shape</c>.</summary>
    internal static string LowerReshape(OnnxGraph graph, string layer, IReadOnlyList<int> shape, string input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        // 0 keeps the batch dimension as it is, so the batch axis stays dynamic.
        long[] target = [0, .. shape.Select(d => (long)d)];
        string name = graph.AddInt64Initializer(layer + "/shape", target, target.Length);
        return graph.AddNode("Reshape", layer + "/reshape", [input, name]);
    }
}
