using System.Text.Json;

namespace Compiled;

/// <summary>
/// What every recurrent layer's run-time description has (<see cref="LSTMLayer"/>, <see cref="GRULayer"/>, <see cref="SimpleRNNLayer"/>): its
/// units, whether it returns every step and the direction it reads, which <see cref="BidirectionalLayer"/> reads from the
/// layer it wraps; and its ONNX lowering, one of ONNX's recurrent operators (<c>LSTM</c>, <c>GRU</c>, <c>RNN</c>) between
/// <c>Transpose</c>s to ONNX's time-major layout and back, with the operands each kind lays out from its variables.
/// </summary>
public abstract class RecurrentLayer : LayerInfo
{
    /// <param name="name">Keras's layer name.</param>
    /// <param name="inputShape">One sample's input, <c>(timesteps, features)</c>.</param>
    /// <param name="outputShape">One sample's output (<see cref="OutputShapeOf"/>).</param>
    /// <param name="variables">The kernel, the recurrent kernel and, with a bias, the bias, in that order.</param>
    /// <param name="units">The size of the state and of each step's output.</param>
    /// <param name="useBias">Whether the layer adds a bias.</param>
    /// <param name="returnSequences">Whether the output is every step's <c>h</c> rather than the last one's.</param>
    /// <param name="goBackwards">Whether the sequence is read from its last step to its first.</param>
    /// <param name="dropout">The fraction of the input's features dropped while training.</param>
    /// <param name="parameterOffset">Where the kernel starts in <see cref="Model.Parameters"/>.</param>
    /// <param name="kernelInitializer">How the kernel was initialized.</param>
    /// <param name="recurrentInitializer">How the recurrent kernel was initialized.</param>
    /// <param name="biasInitializer">How the bias was initialized; null without a bias.</param>
    private protected RecurrentLayer(string name, IReadOnlyList<int> inputShape, IReadOnlyList<int> outputShape, IReadOnlyList<LayerVariable> variables,
        int units, bool useBias, bool returnSequences, bool goBackwards, double dropout, int parameterOffset,
        Initializer? kernelInitializer, Initializer? recurrentInitializer, Initializer? biasInitializer)
        : base(name, inputShape, outputShape, variables)
    {
        if (!(dropout >= 0 && dropout < 1)) throw new ArgumentOutOfRangeException(nameof(dropout), $"Dropout rate must be in [0, 1); got {dropout}.");
        (Units, UseBias, ReturnSequences, GoBackwards, Dropout, ParameterOffset) = (units, useBias, returnSequences, goBackwards, dropout, parameterOffset);
        (KernelInitializer, RecurrentInitializer, BiasInitializer) = (kernelInitializer, recurrentInitializer, biasInitializer);
    }

    /// <summary>The size of the state and of each step's output, Keras's <c>units</c>.</summary>
    public int Units { get; }

    /// <summary>Whether the layer adds a bias, Keras's <c>use_bias</c>.</summary>
    public bool UseBias { get; }

    /// <summary>Whether the output is every step's <c>h</c> rather than the last one's, Keras's <c>return_sequences</c>.</summary>
    public bool ReturnSequences { get; }

    /// <summary>Whether the sequence is read from its last step to its first, Keras's <c>go_backwards</c> (a returned sequence is then in that order).</summary>
    public bool GoBackwards { get; }

    /// <summary>The fraction of the input's features dropped while training (one mask per sample for every step), Keras's <c>dropout</c>.</summary>
    public double Dropout { get; }

    /// <summary>How many time steps a sample has: the input's first axis.</summary>
    public int Timesteps => InputShape[0];

    /// <summary>How many features each time step has: the input's last axis.</summary>
    public int Features => InputShape[1];

    /// <summary>Where the kernel starts in <see cref="Model.Parameters"/>: kernel, recurrent kernel, then bias, each row-major in Keras's layout.</summary>
    public int ParameterOffset { get; }

    /// <summary>How the kernel was initialized; Keras's <c>kernel_initializer</c>.</summary>
    public Initializer? KernelInitializer { get; }

    /// <summary>How the recurrent kernel was initialized; Keras's <c>recurrent_initializer</c>.</summary>
    public Initializer? RecurrentInitializer { get; }

    /// <summary>How the bias was initialized, Keras's <c>bias_initializer</c>; null without a bias.</summary>
    public Initializer? BiasInitializer { get; }

    /// <summary>The kernel, <c>(features, gates·units)</c>: an LSTM's four gates, a GRU's three, a SimpleRNN's one.</summary>
    public LayerVariable Kernel => Variables[0];

    /// <summary>The recurrent kernel, <c>(units, gates·units)</c>.</summary>
    public LayerVariable RecurrentKernel => Variables[1];

    /// <summary>The bias, <c>(gates·units,)</c> (a GRU's with <c>reset_after</c>: <c>(2, 3·units)</c>); null without one.</summary>
    public LayerVariable? Bias => UseBias ? Variables[2] : null;

    /// <summary>
    /// A recurrent layer's output shape, <c>(units)</c> or with <paramref name="returnSequences"/> <c>(timesteps, units)</c>,
    /// once <paramref name="inputShape"/> is <c>(timesteps, features)</c>; <paramref name="kind"/> names the layer in the error.
    /// </summary>
    private protected static int[] OutputShapeOf(string kind, IReadOnlyList<int> inputShape, int units, bool returnSequences)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Count != 2 || inputShape[0] <= 0 || inputShape[1] <= 0)
            throw new ArgumentException($"{kind} takes (timesteps, features) per sample; got {KerasJson.Tuple(inputShape)}.", nameof(inputShape));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(units);
        return returnSequences ? [inputShape[0], units] : [units];
    }

    /// <summary>ONNX's operator for this kind: <c>LSTM</c>, <c>GRU</c> or <c>RNN</c>.</summary>
    internal abstract string OnnxOperator { get; }

    /// <summary>
    /// The ONNX operator's operands <c>W</c>, <c>R</c> and, with a bias, <c>B</c>, one direction per run of this layer's
    /// variables stacked on the first axis, and its attributes (<c>hidden_size</c>, the activations when not ONNX's defaults).
    /// </summary>
    internal abstract (List<string> Operands, List<OnnxAttribute> Attributes) OnnxOperands(OnnxGraph graph, string prefix, params IReadOnlyList<LayerVariable>[] runs);

    /// <summary>
    /// ONNX's recurrent operator, which is time-major: a <c>Transpose</c> to <c>(timesteps, batch, features)</c> (and a
    /// reversing <c>Slice</c> with <c>go_backwards</c>, so that the output comes in Keras's processing order), the operator
    /// with this kind's operands; then the last step of <c>Y</c>, or with <c>return_sequences</c> all of <c>Y</c> back to batch-major.
    /// </summary>
    public override string LowerToOnnx(OnnxGraph graph, IReadOnlyList<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(inputs);
        string sequence = graph.AddNode("Transpose", Name + "/to_time_major", [inputs[0]], OnnxAttribute.FromInts("perm", 1, 0, 2));
        if (GoBackwards)
        {
            string[] reversal =
            [
                graph.AddInt64Initializer(Name + "/reverse_starts", [-1], 1), graph.AddInt64Initializer(Name + "/reverse_ends", [long.MinValue], 1),
                graph.AddInt64Initializer(Name + "/reverse_axes", [0], 1), graph.AddInt64Initializer(Name + "/reverse_steps", [-1], 1),
            ];
            sequence = graph.AddNode("Slice", Name + "/reverse", [sequence, .. reversal]);
        }

        (List<string> operands, List<OnnxAttribute> attributes) = OnnxOperands(graph, Name, Variables);
        // Y, the operator's first output, is every step's h: (timesteps, directions = 1, batch, units).
        string states = graph.AddNode(OnnxOperator, $"{Name}/{OnnxOperator.ToLowerInvariant()}", [sequence, .. operands], [.. attributes]);
        if (!ReturnSequences)
        {
            string lastStep = graph.AddNode("Gather", Name + "/last_step", [states, graph.AddInt64Initializer(Name + "/last_index", [-1])], OnnxAttribute.FromInt("axis", 0));
            return graph.AddNode("Squeeze", Name + "/output", [lastStep, graph.AddInt64Initializer(Name + "/direction_axis", [0], 1)]);
        }
        string steps = graph.AddNode("Squeeze", Name + "/steps", [states, graph.AddInt64Initializer(Name + "/direction_axis", [1], 1)]);
        return graph.AddNode("Transpose", Name + "/to_batch_major", [steps], OnnxAttribute.FromInts("perm", 1, 0, 2));
    }

    /// <summary>
    /// The scope tf.keras 2 creates a recurrent layer's weights in, its cell's name numbered like the layer's:
    /// <c>simple_rnn_2</c>'s cell is <c>simple_rnn_cell_2</c> when layers and cells are numbered together, as they are in a
    /// model of Keras's default names; any other name's cell is <c>&lt;prefix&gt;_cell</c>.
    /// </summary>
    private protected static string CellScope(string layerName, string prefix)
    {
        ArgumentNullException.ThrowIfNull(layerName);
        string numbered = prefix + "_";
        return layerName.StartsWith(numbered, StringComparison.Ordinal) && layerName.Length > numbered.Length && layerName[numbered.Length..].All(char.IsAsciiDigit)
            ? $"{prefix}_cell_{layerName[numbered.Length..]}" : prefix + "_cell";
    }

    /// <summary>The entries tf.keras 2.4's <c>RNN.get_config</c> writes before its cell's, with the values Compiled computes.</summary>
    private protected void WriteRnnConfig(Utf8JsonWriter writer)
    {
        writer.WriteBoolean("return_sequences", ReturnSequences);
        writer.WriteBoolean("return_state", false);
        writer.WriteBoolean("go_backwards", GoBackwards);
        writer.WriteBoolean("stateful", false);
        writer.WriteBoolean("unroll", false);
        writer.WriteBoolean("time_major", false);
    }

    /// <summary>The cell's null regularizers and constraints, then its <c>dropout</c> and a zero <c>recurrent_dropout</c>, as tf.keras 2.4 orders them.</summary>
    /// <summary>A recurrent layer's regularizer and constraint entries, in tf.keras 2.4's order.</summary>
    private static readonly string[] RuleArguments = ["kernel_regularizer", "recurrent_regularizer", "bias_regularizer", "activity_regularizer",
        "kernel_constraint", "recurrent_constraint", "bias_constraint"];

    private protected void WriteCellRegularizationConfig(Utf8JsonWriter writer, double dropout)
    {
        WriteRules(writer, RuleArguments);
        writer.WritePythonFloat("dropout", dropout);
        writer.WritePythonFloat("recurrent_dropout", 0);
    }

    /// <summary>
    /// Compares what determines a recurrent layer's computation: <c>units</c>, its <paramref name="activations"/>,
    /// <c>use_bias</c>, the kind's own <paramref name="flags"/> (a GRU's <c>reset_after</c>), <c>return_sequences</c>,
    /// <c>go_backwards</c> and <c>dropout</c>; and refuses what Compiled's recurrent layers do not do: <c>return_state</c>,
    /// <c>stateful</c>, <c>time_major</c> and <c>recurrent_dropout</c>. The first difference, or null.
    /// </summary>
    private protected string? CompareRecurrentConfig(JsonElement config, string expectedBy, bool useBias, double dropout, (string Entry, Activation Expected)[] activations,
        params (string Entry, bool Expected)[] flags)
    {
        if (KerasJson.Has(config, "units", out JsonElement units) && !KerasJson.IsInteger(units, Units))
            return $"the file's {KerasClass} has units {units}; {expectedBy} expects {Units}";
        foreach ((string entry, Activation expected) in activations)
        {
            string name = KerasJson.ActivationName(expected);
            if (KerasJson.String(config, entry) is string found && found != name)
                return $"the file's {KerasClass} has {entry} '{found}'; {expectedBy} expects '{name}'";
        }
        foreach ((string entry, bool expected) in ((string, bool)[])[("use_bias", useBias), .. flags, ("return_sequences", ReturnSequences), ("go_backwards", GoBackwards),
                     ("return_state", false), ("stateful", false), ("time_major", false)])
        {
            if (KerasJson.Has(config, entry, out JsonElement value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False && value.GetBoolean() != expected)
                return $"the file's {KerasClass} has {entry} {KerasJson.PythonBool(value.GetBoolean())}; {expectedBy} expects {KerasJson.PythonBool(expected)}";
        }
        // Keras keeps a rate as a Python float, so its 0.2 reads back as the double 0.2.
        if (KerasJson.Has(config, "dropout", out JsonElement rate) && !KerasJson.IsNumber(rate, dropout))
            return $"the file's {KerasClass} has dropout {rate}; {expectedBy} expects {BatchNormalizationLayer.PythonFloat(dropout)}";
        if (KerasJson.Has(config, "recurrent_dropout", out JsonElement recurrent) && !KerasJson.IsNumber(recurrent, 0))
            return $"the file's {KerasClass} has recurrent_dropout {recurrent}; {expectedBy} expects 0.0 (Compiled's {KerasClass} has no recurrent dropout)";
        return CompareRules(config, expectedBy, RuleArguments);
    }

    /// <summary>
    /// Adds the <c>activations</c> attribute of a recurrent operator (every direction's functions in order), with the slopes
    /// and offsets of the functions that take them: hard sigmoid's are Keras 2's, linear (ONNX's <c>Affine</c>) 1 and 0.
    /// </summary>
    private protected static void AddOnnxActivations(List<OnnxAttribute> attributes, IReadOnlyList<Activation> functions)
    {
        attributes.Add(OnnxAttribute.FromStrings("activations", [.. functions.Select(OnnxActivation)]));
        (float Alpha, float Beta)[] parameters = [.. functions.Where(f => f is Activation.HardSigmoid or Activation.Linear)
            .Select(f => f == Activation.HardSigmoid ? (0.2f, 0.5f) : (1f, 0f))];
        if (parameters.Length > 0)
        {
            attributes.Add(OnnxAttribute.FromFloats("activation_alpha", [.. parameters.Select(p => p.Alpha)]));
            attributes.Add(OnnxAttribute.FromFloats("activation_beta", [.. parameters.Select(p => p.Beta)]));
        }
    }

    /// <summary>Keras's <c>(rows, columns)</c> kernel as ONNX's <c>(columns, rows)</c>, the layout of its <c>W</c> and <c>R</c> per direction.</summary>
    private protected static float[] OnnxTransposed(ReadOnlySpan<float> kernel, int rows, int columns)
    {
        float[] transposed = new float[rows * columns];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++)
                transposed[j * rows + i] = kernel[i * columns + j];
        return transposed;
    }

    /// <summary>ONNX's name of an element-wise activation in its recurrent operators (linear is <c>Affine</c> with slope 1 and offset 0).</summary>
    private static string OnnxActivation(Activation function) => function switch
    {
        Activation.Sigmoid => "Sigmoid",
        Activation.Tanh => "Tanh",
        Activation.Relu => "Relu",
        Activation.HardSigmoid => "HardSigmoid",
        Activation.Linear => "Affine",
        _ => throw new NotSupportedException($"A recurrent layer's activations are element-wise; {function} has no ONNX recurrent form."),
    };

    /// <summary>
    /// Keras 3's recurrent configuration: the Keras 2 entries in Keras 3's envelopes, without the two Keras 3 no longer
    /// accepts (<c>time_major</c>, <c>implementation</c>), with the ones it added (<c>zero_output_for_mask</c>, <c>seed</c>).
    /// </summary>
    public override void WriteKeras3Config(Utf8JsonWriter writer)
    {
        System.Text.Json.Nodes.JsonObject config = Keras3Config.Of(this);
        config.Remove("time_major");
        config.Remove("implementation");
        Keras3Config.InsertAfter(config, "unroll", "zero_output_for_mask", false);
        config["seed"] = null;
        Keras3Config.WriteEntries(writer, config);
    }

    /// <summary>Keras 3 keeps a recurrent layer's weights in its cell: <c>layers/lstm/cell/vars/0</c>.</summary>
    public override string? Keras3VariableOwner(LayerVariable variable) => "cell";
}
