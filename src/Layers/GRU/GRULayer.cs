using System.Text.Json;

namespace Compiled;

/// <summary>
/// A GRU layer as the generator saw it, Keras's <c>GRU(units, activation='tanh', recurrent_activation='sigmoid',
/// use_bias=True, kernel_initializer='glorot_uniform', recurrent_initializer='orthogonal', bias_initializer='zeros',
/// dropout=0.0, return_sequences=False, go_backwards=False, reset_after=True)</c>: per time step, the gates z, r and the
/// candidate h̃ (in that order) from <c>x·kernel</c> and <c>h·recurrent_kernel</c>, <c>h = z ⊙ h + (1 − z) ⊙ h̃</c>, from a
/// zero state. Input <c>(timesteps, features)</c>, output <c>(units)</c> or, returning sequences, <c>(timesteps, units)</c>;
/// weights <c>kernel</c> <c>(features, 3·units)</c>, <c>recurrent_kernel</c> <c>(units, 3·units)</c> and, with a bias,
/// <c>bias</c> <c>(2, 3·units)</c> (input bias, recurrent bias) with <c>reset_after</c> or <c>(3·units,)</c> without, one after
/// the other in <see cref="Model.Parameters"/>.
/// </summary>
public sealed class GRULayer : RecurrentLayer
{
    /// <summary>Keras's class name, <c>GRU</c>.</summary>
    public const string ClassName = "GRU";

    /// <param name="name">Keras's layer name: <c>gru</c>, <c>gru_1</c>, …</param>
    /// <param name="inputShape">One sample's input, <c>(timesteps, features)</c>.</param>
    /// <param name="units">The size of the state and of each step's output.</param>
    /// <param name="activation">The candidate's function, Keras's <c>activation</c>.</param>
    /// <param name="recurrentActivation">The gates' function, Keras's <c>recurrent_activation</c>.</param>
    /// <param name="useBias">Whether the layer adds biases.</param>
    /// <param name="resetAfter">Whether the reset gate multiplies the recurrent product rather than the state before it, Keras's <c>reset_after</c>.</param>
    /// <param name="returnSequences">Whether the output is every step's <c>h</c> rather than the last one's.</param>
    /// <param name="goBackwards">Whether the sequence is read from its last step to its first (the output sequence then in that order).</param>
    /// <param name="dropout">The fraction of the input's features dropped while training, Keras's <c>dropout</c>.</param>
    /// <param name="parameterOffset">Where the kernel starts in <see cref="Model.Parameters"/>; the recurrent kernel and the bias follow it.</param>
    /// <param name="kernelInitializer">How the kernel was initialized.</param>
    /// <param name="recurrentInitializer">How the recurrent kernel was initialized.</param>
    /// <param name="biasInitializer">How the bias was initialized; null without a bias.</param>
    public GRULayer(string name, IReadOnlyList<int> inputShape, int units, Activation activation, Activation recurrentActivation, bool useBias,
        bool resetAfter, bool returnSequences, bool goBackwards, double dropout, int parameterOffset,
        Initializer? kernelInitializer = null, Initializer? recurrentInitializer = null, Initializer? biasInitializer = null)
        : base(name, inputShape, OutputShapeOf("A GRU", inputShape, units, returnSequences), VariablesOf(name, inputShape, units, useBias, resetAfter, parameterOffset),
            units, useBias, returnSequences, goBackwards, dropout, parameterOffset, kernelInitializer, recurrentInitializer, biasInitializer)
    {
        (Activation, RecurrentActivation, ResetAfter) = (activation, recurrentActivation, resetAfter);
    }

    /// <inheritdoc/>
    public override string KerasClass => ClassName;

    /// <summary>The candidate's function, Keras's <c>activation</c>.</summary>
    public Activation Activation { get; }

    /// <summary>The update and reset gates' function, Keras's <c>recurrent_activation</c>.</summary>
    public Activation RecurrentActivation { get; }

    /// <summary>
    /// Whether the reset gate multiplies the recurrent product (tf.keras 2's default, with an input and a recurrent bias)
    /// rather than the state before it (Keras 2.2's GRU, one bias), Keras's <c>reset_after</c>.
    /// </summary>
    public bool ResetAfter { get; }

    /// <summary>
    /// Writes tf.keras 2.4's <c>GRU.get_config</c> entries in its order: the RNN's (<c>return_sequences</c>,
    /// <c>return_state</c>, <c>go_backwards</c>, <c>stateful</c>, <c>unroll</c>, <c>time_major</c>), then the cell's
    /// (<c>units</c>, the activations, <c>use_bias</c>, the initializers, null regularizers and constraints,
    /// <c>dropout</c>, no <c>recurrent_dropout</c>, <c>implementation</c> 2, <c>reset_after</c>).
    /// </summary>
    public override void WriteKerasConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteRnnConfig(writer);
        writer.WriteNumber("units", Units);
        writer.WriteString("activation", KerasJson.ActivationName(Activation));
        writer.WriteString("recurrent_activation", KerasJson.ActivationName(RecurrentActivation));
        writer.WriteBoolean("use_bias", UseBias);
        KerasInitializerConfig.Write(writer, "kernel_initializer", KernelInitializer);
        KerasInitializerConfig.Write(writer, "recurrent_initializer", RecurrentInitializer);
        KerasInitializerConfig.Write(writer, "bias_initializer", BiasInitializer);
        WriteCellRegularizationConfig(writer, Dropout);
        writer.WriteNumber("implementation", 2);
        writer.WriteBoolean("reset_after", ResetAfter);
    }

    /// <summary>
    /// Compares what determines the computation: <c>units</c>, the activations, <c>use_bias</c>, <c>reset_after</c>,
    /// <c>return_sequences</c>, <c>go_backwards</c> and <c>dropout</c>; and refuses what Compiled's GRU does not do:
    /// <c>return_state</c>, <c>stateful</c>, <c>time_major</c> and <c>recurrent_dropout</c>. Initializers, <c>unroll</c> and
    /// <c>implementation</c> are not compared. A file without <c>reset_after</c> (Keras before 2.1.3) agrees, as for every
    /// entry left out; its one-row bias then differs from a <c>reset_after</c> layer's in shape. Keras 1's names
    /// (<c>output_dim</c>, <c>inner_activation</c>, …) are differences.
    /// </summary>
    public override string? CompareKerasConfig(JsonElement config, string expectedBy)
    {
        if (KerasJson.Keras1Names(config, ClassName, ("output_dim", "units"), ("inner_activation", "recurrent_activation"), ("init", "kernel_initializer"),
                ("inner_init", "recurrent_initializer"), ("dropout_W", "dropout"), ("dropout_U", "recurrent_dropout"), ("consume_less", "implementation")) is string keras1)
            return keras1;
        return CompareRecurrentConfig(config, expectedBy, UseBias, Dropout, [("activation", Activation), ("recurrent_activation", RecurrentActivation)],
            ("reset_after", ResetAfter));
    }

    internal override string OnnxOperator => "GRU";

    /// <summary>
    /// ONNX's <c>GRU</c> operands, whose gate order z, r, h is Keras's: <c>W</c> <c>(directions, 3·units, features)</c> and
    /// <c>R</c> <c>(directions, 3·units, units)</c>, Keras's kernels transposed; <c>B</c> <c>(directions, 6·units)</c>, the input
    /// then the recurrent bias (Keras's <c>(2, 3·units)</c> as it is, or its one bias then zeros without <c>reset_after</c>);
    /// the attributes <c>hidden_size</c>, <c>linear_before_reset</c> 1 for <c>reset_after</c>, and the activations (per
    /// direction) when they are not ONNX's defaults. Around it the transposes, the reversal for <c>go_backwards</c> and
    /// the last step as for every recurrent layer (<see cref="RecurrentLayer.LowerToOnnx"/>).
    /// </summary>
    internal override (List<string> Operands, List<OnnxAttribute> Attributes) OnnxOperands(OnnxGraph graph, string prefix, params IReadOnlyList<LayerVariable>[] runs)
    {
        int units = Units, features = Features, width = 3 * units, directions = runs.Length;
        float[] w = [.. runs.SelectMany(run => OnnxTransposed(graph.WeightsOf(run[0]), features, width))];
        float[] r = [.. runs.SelectMany(run => OnnxTransposed(graph.WeightsOf(run[1]), units, width))];
        List<string> operands = [graph.AddFloatInitializer(prefix + "/W", w, directions, width, features), graph.AddFloatInitializer(prefix + "/R", r, directions, width, units)];
        if (UseBias)
        {
            // ONNX's B is [Wb, Rb] per direction: Keras's two rows with reset_after; its one bias and no recurrent bias without.
            float[] bias = new float[directions * 2 * width];
            for (int d = 0; d < directions; d++)
                graph.WeightsOf(runs[d][2]).CopyTo(bias.AsSpan(d * 2 * width));
            operands.Add(graph.AddFloatInitializer(prefix + "/B", bias, directions, 2 * width));
        }
        List<OnnxAttribute> attributes = [OnnxAttribute.FromInt("hidden_size", units), OnnxAttribute.FromInt("linear_before_reset", ResetAfter ? 1 : 0)];
        if (RecurrentActivation != Activation.Sigmoid || Activation != Activation.Tanh)
            AddOnnxActivations(attributes, [.. Enumerable.Repeat<Activation[]>([RecurrentActivation, Activation], directions).SelectMany(f => f)]);
        return (operands, attributes);
    }

    private static LayerVariable[] VariablesOf(string name, IReadOnlyList<int> inputShape, int units, bool useBias, bool resetAfter, int offset)
    {
        string cell = CellScope(name, "gru");
        int features = inputShape[1], width = 3 * units;
        LayerVariable kernel = new("kernel", [features, width], offset) { Scope = cell };
        LayerVariable recurrent = new("recurrent_kernel", [units, width], offset + kernel.Length) { Scope = cell };
        if (!useBias) return [kernel, recurrent];
        int[] biasShape = resetAfter ? [2, width] : [width];
        return [kernel, recurrent, new LayerVariable("bias", biasShape, recurrent.Offset + recurrent.Length) { Scope = cell }];
    }
}
