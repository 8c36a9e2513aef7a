using System.Text.Json;

namespace Compiled;

/// <summary>
/// A RepeatVector layer as the generator saw it, Keras's <c>RepeatVector(n)</c>: <c>output[k, :] = input</c> for
/// <c>k = 0 … n - 1</c>. Input <c>(features,)</c>, output <c>(n, features)</c>; no weights.
/// </summary>
public sealed class RepeatVectorLayer : LayerInfo
{
    /// <summary>Keras's class name, <c>RepeatVector</c>.</summary>
    public const string ClassName = "RepeatVector";

    /// <param name="name">Keras's layer name: <c>repeat_vector</c>, <c>repeat_vector_1</c>, …</param>
    /// <param name="inputShape">One sample's input, <c>(features,)</c>.</param>
    /// <param name="n">How many times the vector is repeated.</param>
    public RepeatVectorLayer(string name, IReadOnlyList<int> inputShape, int n)
        : base(name, inputShape, OutputShapeOf(inputShape, n))
        => N = n;

    /// <inheritdoc/>
    public override string KerasClass => ClassName;

    /// <summary>How many times the vector is repeated, Keras's <c>n</c>.</summary>
    public int N { get; }

    /// <summary>Writes Keras's <c>get_config</c> entry: <c>n</c>.</summary>
    public override void WriteKerasConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumber("n", N);
    }

    /// <inheritdoc/>
    public override string? CompareKerasConfig(JsonElement config, string expectedBy)
        => KerasJson.Has(config, "n", out JsonElement n) && !KerasJson.IsInteger(n, N)
            ? $"the file's RepeatVector has n {n}; {expectedBy} expects {N}"
            : null;

    /// <summary>ONNX's <c>Unsqueeze</c> to <c>(batch, 1, features)</c>, then <c>Tile</c> by <c>(1, n, 1)</c>.</summary>
    public override string LowerToOnnx(OnnxGraph graph, IReadOnlyList<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(inputs);
        string axes = graph.AddInt64Initializer(Name + "/axes", [1], 1);
        string step = graph.AddNode("Unsqueeze", Name + "/unsqueeze", [inputs[0], axes]);
        string repeats = graph.AddInt64Initializer(Name + "/repeats", [1, N, 1], 3);
        return graph.AddNode("Tile", Name + "/tile", [step, repeats]);
    }

    private static int[] OutputShapeOf(IReadOnlyList<int> inputShape, int n)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Count != 1)
            throw new ArgumentException($"RepeatVector takes (features,) per sample; got {KerasJson.Tuple(inputShape)}.", nameof(inputShape));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        return [n, inputShape[0]];
    }
}
