using System.Text.Json;

namespace Compiled;

/// <summary>
/// An LSTM layer as the generator saw it, Keras's <c>LSTM(units, activation='tanh', recurrent_activation='sigmoid',
/// use_bias=True, kernel_initializer='glorot_uniform', recurrent_initializer='orthogonal', bias_initializer='zeros',
/// unit_forget_bias=True, return_sequences=False, go_backwards=False)</c>: per time step
/// <c>z = x·kernel + h·recurrent_kernel + bias</c>, split into the gates i, f, c̃, o (in that order),
/// <c>c = σ(z_f)·c + σ(zᵢ)·act(z_c)</c> and <c>h = σ(z_o)·act(c)</c>, from zero states. Input
/// <c>(timesteps, features)</c>, output <c>(units)</c> or, returning sequences, <c>(timesteps, units)</c>; weights
/// <c>kernel</c> <c>(features, 4·units)</c>, <c>recurrent_kernel</c> <c>(units, 4·units)</c> and, with a bias, <c>bias</c>
/// <c>(4·units,)</c>, one after the other in <see cref="Model.Parameters"/>.
/// </summary>
public sealed class LSTMLayer : RecurrentLayer
{
    /// <summary>Keras's class name, <c>LSTM</c>.</summary>
    public const string ClassName = "LSTM";

    /// <param name="name">Keras's layer name: <c>lstm</c>, <c>lstm_1</c>, …</param>
    /// <param name="inputShape">One sample's input, <c>(timesteps, features)</c>.</param>
    /// <param name="units">The size of the states and of each step's output.</param>
    /// <param name="activation">The candidate's and the cell output's function, Keras's <c>activation</c>.</param>
    /// <param name="recurrentActivation">The gates' function, Keras's <c>recurrent_activation</c>.</param>
    /// <param name="useBias">Whether the layer adds a bias.</param>
    /// <param name="unitForgetBias">Whether the forget gate's bias was initialized to 1.</param>
    /// <param name="returnSequences">Whether the output is every step's <c>h</c> rather than the last one's.</param>
    /// <param name="goBackwards">Whether the sequence is read from its last step to its first (the output sequence then in that order).</param>
    /// <param name="dropout">The fraction of the input's features dropped while training, Keras's <c>dropout</c>.</param>
    /// <param name="parameterOffset">Where the kernel starts in <see cref="Model.Parameters"/>; the recurrent kernel and the bias follow it.</param>
    /// <param name="kernelInitializer">How the kernel was initialized.</param>
    /// <param name="recurrentInitializer">How the recurrent kernel was initialized.</param>
    /// <param name="biasInitializer">How the bias was initialized, beside the forget gate's ones; null without a bias.</param>
    public LSTMLayer(string name, IReadOnlyList<int> inputShape, int units, Activation activation, Activation recurrentActivation, bool useBias,
        bool unitForgetBias, bool returnSequences, bool goBackwards, double dropout, int parameterOffset,
        Initializer? kernelInitializer = null, Initializer? recurrentInitializer = null, Initializer? biasInitializer = null)
        : base(name, inputShape, OutputShapeOf("An LSTM", inputShape, units, returnSequences), VariablesOf(name, inputShape, units, useBias, parameterOffset),
            units, useBias, returnSequences, goBackwards, dropout, parameterOffset, kernelInitializer, recurrentInitializer, biasInitializer)
    {
        (Activation, RecurrentActivation, UnitForgetBias) = (activation, recurrentActivation, unitForgetBias);
    }

    /// <inheritdoc/>
    public override string KerasClass => ClassName;

    /// <summary>The candidate's and the cell output's function, Keras's <c>activation</c>.</summary>
    public Activation Activation { get; }

    /// <summary>The gates' function, Keras's <c>recurrent_activation</c>.</summary>
    public Activation RecurrentActivation { get; }

    /// <summary>Whether the forget gate's bias was initialized to 1, Keras's <c>unit_forget_bias</c>.</summary>
    public bool UnitForgetBias { get; }

    /// <summary>
    /// Writes tf.keras 2.4's <c>LSTM.get_config</c> entries in its order: the RNN's (<c>return_sequences</c>,
    /// <c>return_state</c>, <c>go_backwards</c>, <c>stateful</c>, <c>unroll</c>, <c>time_major</c>), then the cell's
    /// (<c>units</c>, the activations, <c>use_bias</c>, the initializers, <c>unit_forget_bias</c>, null regularizers and
    /// constraints, <c>dropout</c>, no <c>recurrent_dropout</c>, <c>implementation</c> 2).
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
        writer.WriteBoolean("unit_forget_bias", UnitForgetBias);
        WriteCellRegularizationConfig(writer, Dropout);
        writer.WriteNumber("implementation", 2);
    }

    /// <summary>
    /// Compares what determines the computation: <c>units</c>, the activations, <c>use_bias</c>, <c>return_sequences</c>,
    /// <c>go_backwards</c> and <c>dropout</c>; and refuses what Compiled's LSTM does not do: <c>return_state</c>,
    /// <c>stateful</c>, <c>time_major</c> and <c>recurrent_dropout</c>. Initializers, <c>unit_forget_bias</c> (which only
    /// initializes), <c>unroll</c> and <c>implementation</c> (which compute the same) are not compared. Keras 1's names
    /// (<c>output_dim</c>, <c>inner_activation</c>, …) are differences.
    /// </summary>
    public override string? CompareKerasConfig(JsonElement config, string expectedBy)
    {
        if (KerasJson.Keras1Names(config, ClassName, ("output_dim", "units"), ("inner_activation", "recurrent_activation"), ("init", "kernel_initializer"),
                ("inner_init", "recurrent_initializer"), ("forget_bias_init", "unit_forget_bias"), ("dropout_W", "dropout"), ("dropout_U", "recurrent_dropout"),
                ("consume_less", "implementation")) is string keras1)
            return keras1;
        return CompareRecurrentConfig(config, expectedBy, UseBias, Dropout, [("activation", Activation), ("recurrent_activation", RecurrentActivation)]);
    }

    internal override string OnnxOperator => "LSTM";

    /// <summary>
    /// ONNX's <c>LSTM</c> operands <c>W</c>, <c>R</c> and, with a bias, <c>B</c> (Keras's bias, then zeros for ONNX's recurrent
    /// bias), one direction per run of this layer's variables (<c>kernel</c>, <c>recurrent_kernel</c>, <c>bias</c>) stacked on
    /// the first axis, and the attributes: <c>hidden_size</c>, and the activations (per direction) when they are not ONNX's defaults.
    /// </summary>
    internal override (List<string> Operands, List<OnnxAttribute> Attributes) OnnxOperands(OnnxGraph graph, string prefix, params IReadOnlyList<LayerVariable>[] runs)
    {
        int units = Units, features = Features, width = 4 * units, directions = runs.Length;
        float[] w = [.. runs.SelectMany(run => OnnxGateRows(graph.WeightsOf(run[0]), features, units))];
        float[] r = [.. runs.SelectMany(run => OnnxGateRows(graph.WeightsOf(run[1]), units, units))];
        List<string> operands = [graph.AddFloatInitializer(prefix + "/W", w, directions, width, features), graph.AddFloatInitializer(prefix + "/R", r, directions, width, units)];
        if (UseBias)
        {
            float[] bias = new float[directions * 2 * width];
            for (int d = 0; d < directions; d++)
            {
                ReadOnlySpan<float> keras = graph.WeightsOf(runs[d][2]);
                for (int gate = 0; gate < 4; gate++)
                    keras.Slice(gate * units, units).CopyTo(bias.AsSpan(d * 2 * width + OnnxGate(gate) * units, units));
            }
            operands.Add(graph.AddFloatInitializer(prefix + "/B", bias, directions, 2 * width));
        }
        List<OnnxAttribute> attributes = [OnnxAttribute.FromInt("hidden_size", units)];
        if (RecurrentActivation != Activation.Sigmoid || Activation != Activation.Tanh)
        {
            AddOnnxActivations(attributes, [.. Enumerable.Repeat<Activation[]>([RecurrentActivation, Activation, Activation], directions).SelectMany(f => f)]);
        }
        return (operands, attributes);
    }

    /// <summary>Where Keras's gate <paramref name="gate"/> (i, f, c, o) goes in ONNX's order (i, o, f, c).</summary>
    private static int OnnxGate(int gate) => gate switch { 0 => 0, 1 => 2, 2 => 3, _ => 1 };

    /// <summary>Keras's <c>(inputs, 4·units)</c> kernel as ONNX's <c>(4·units, inputs)</c>, the gates' blocks of rows reordered i, o, f, c.</summary>
    private static float[] OnnxGateRows(ReadOnlySpan<float> kernel, int inputs, int units)
    {
        int width = 4 * units;
        float[] rows = new float[width * inputs];
        for (int k = 0; k < inputs; k++)
            for (int gate = 0; gate < 4; gate++)
                for (int j = 0; j < units; j++)
                    rows[(OnnxGate(gate) * units + j) * inputs + k] = kernel[k * width + gate * units + j];
        return rows;
    }

    private static LayerVariable[] VariablesOf(string name, IReadOnlyList<int> inputShape, int units, bool useBias, int offset)
    {
        string cell = CellScope(name, "lstm");
        int features = inputShape[1], width = 4 * units;
        LayerVariable kernel = new("kernel", [features, width], offset) { Scope = cell };
        LayerVariable recurrent = new("recurrent_kernel", [units, width], offset + kernel.Length) { Scope = cell };
        return useBias ? [kernel, recurrent, new LayerVariable("bias", [width], recurrent.Offset + recurrent.Length) { Scope = cell }] : [kernel, recurrent];
    }
}
