namespace Compiled;

/// <summary>
/// The ONNX form of a one-direction recurrent layer, whose operators (<c>LSTM</c>, <c>GRU</c>) are time-major: a
/// <c>Transpose</c> to <c>(timesteps, batch, features)</c> (and a reversing <c>Slice</c> with <c>go_backwards</c>, so that
/// the output comes in Keras's processing order), the operator, then the last step of its <c>Y</c>, or with
/// <c>return_sequences</c> all of <c>Y</c> back to batch-major.
/// </summary>
internal static class RecurrentOnnx
{
    public static string Lower(OnnxGraph graph, string input, string name, bool goBackwards, bool returnSequences, string op,
        IEnumerable<string> operands, IEnumerable<OnnxAttribute> attributes)
    {
        string sequence = graph.AddNode("Transpose", name + "/to_time_major", [input], OnnxAttribute.FromInts("perm", 1, 0, 2));
        if (goBackwards)
        {
            string[] reversal =
            [
                graph.AddInt64Initializer(name + "/reverse_starts", [-1], 1), graph.AddInt64Initializer(name + "/reverse_ends", [long.MinValue], 1),
                graph.AddInt64Initializer(name + "/reverse_axes", [0], 1), graph.AddInt64Initializer(name + "/reverse_steps", [-1], 1),
            ];
            sequence = graph.AddNode("Slice", name + "/reverse", [sequence, .. reversal]);
        }
        // Y, the operator's first output, is every step's h: (timesteps, directions = 1, batch, units).
        string states = graph.AddNode(op, name + "/" + op.ToLowerInvariant(), [sequence, .. operands], [.. attributes]);
        if (!returnSequences)
        {
            string lastStep = graph.AddNode("Gather", name + "/last_step", [states, graph.AddInt64Initializer(name + "/last_index", [-1])], OnnxAttribute.FromInt("axis", 0));
            return graph.AddNode("Squeeze", name + "/output", [lastStep, graph.AddInt64Initializer(name + "/direction_axis", [0], 1)]);
        }
        string steps = graph.AddNode("Squeeze", name + "/steps", [states, graph.AddInt64Initializer(name + "/direction_axis", [1], 1)]);
        return graph.AddNode("Transpose", name + "/to_batch_major", [steps], OnnxAttribute.FromInts("perm", 1, 0, 2));
    }

    /// <summary>
    /// The <c>activations</c> attribute of a recurrent operator, with the slopes and offsets of the functions that take them
    /// (hard sigmoid's are Keras 2's, linear's, ONNX's <c>Affine</c>, 1 and 0); none when <paramref name="functions"/> are
    /// the operator's defaults.
    /// </summary>
    public static IEnumerable<OnnxAttribute> Activations(IReadOnlyList<Activation> functions, IReadOnlyList<Activation> defaults)
    {
        if (functions.SequenceEqual(defaults)) yield break;
        yield return OnnxAttribute.FromStrings("activations", [.. functions.Select(Name)]);
        (float Alpha, float Beta)[] parameters = [.. functions.Where(f => f is Activation.HardSigmoid or Activation.Linear)
            .Select(f => f == Activation.HardSigmoid ? (0.2f, 0.5f) : (1f, 0f))];
        if (parameters.Length == 0) yield break;
        yield return OnnxAttribute.FromFloats("activation_alpha", [.. parameters.Select(p => p.Alpha)]);
        yield return OnnxAttribute.FromFloats("activation_beta", [.. parameters.Select(p => p.Beta)]);
    }

    /// <summary>ONNX's name of an element-wise activation in its recurrent operators.</summary>
    private static string Name(Activation function) => function switch
    {
        Activation.Sigmoid => "Sigmoid",
        Activation.Tanh => "Tanh",
        Activation.Relu => "Relu",
        Activation.HardSigmoid => "HardSigmoid",
        Activation.Linear => "Affine",
        _ => throw new NotSupportedException($"A recurrent layer's activations are element-wise; {function} has no ONNX recurrent form."),
    };
}
