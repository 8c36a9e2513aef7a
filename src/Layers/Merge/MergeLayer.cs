namespace Compiled;

/// <summary>The element-wise operation of a <see cref="MergeLayer"/>; each is named as Keras's layer class.</summary>
public enum MergeOperation
{
    /// <summary>Keras's <c>Add</c>: the inputs' sum.</summary>
    Add,
    /// <summary>Keras's <c>Subtract</c>: the first input minus the second.</summary>
    Subtract,
    /// <summary>Keras's <c>Multiply</c>: the inputs' product.</summary>
    Multiply,
    /// <summary>Keras's <c>Average</c>: the inputs' mean.</summary>
    Average,
    /// <summary>Keras's <c>Maximum</c>: the inputs' element-wise maximum.</summary>
    Maximum,
}

/// <summary>
/// An element-wise merge as the generator saw it, Keras's <c>Add</c>, <c>Subtract</c>, <c>Multiply</c>,
/// <c>Average</c> or <c>Maximum</c>: inputs of one shape combined value by value into that shape; no weights.
/// </summary>
public sealed class MergeLayer : LayerInfo
{
    /// <summary>The Keras class names of the merges, one per <see cref="MergeOperation"/>.</summary>
    public static IReadOnlyList<string> ClassNames { get; } = Enum.GetValues<MergeOperation>().Select(o => o.ToString()).ToArray();

    /// <param name="name">Keras's layer name: <c>add</c>, <c>add_1</c>, …</param>
    /// <param name="shape">The shape of each input and of the output.</param>
    /// <param name="operation">How the inputs are combined.</param>
    public MergeLayer(string name, IReadOnlyList<int> shape, MergeOperation operation)
        : base(name, shape, shape)
    {
        if (!Enum.IsDefined(operation)) throw new ArgumentOutOfRangeException(nameof(operation), $"Unknown merge operation {operation}.");
        Operation = operation;
    }

    /// <summary>How the inputs are combined.</summary>
    public MergeOperation Operation { get; }

    /// <inheritdoc/>
    public override string KerasClass => Operation.ToString();

    /// <summary>ONNX's <c>Sum</c>, <c>Sub</c>, <c>Mean</c> or <c>Max</c> over the inputs; <c>Mul</c> two at a time.</summary>
    public override string LowerToOnnx(OnnxGraph graph, IReadOnlyList<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(inputs);
        switch (Operation)
        {
            case MergeOperation.Subtract:
                return graph.AddNode("Sub", Name + "/sub", [inputs[0], inputs[1]]);
            case MergeOperation.Multiply:
                string output = inputs[0];
                for (int k = 1; k < inputs.Count; k++)
                    output = graph.AddNode("Mul", $"{Name}/mul{k}", [output, inputs[k]]);
                return output;
            default:
                string op = Operation switch { MergeOperation.Add => "Sum", MergeOperation.Average => "Mean", _ => "Max" };
                return graph.AddNode(op, Name + "/" + op.ToLowerInvariant(), inputs);
        }
    }
}
