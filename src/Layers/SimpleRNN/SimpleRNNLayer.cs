using System.Text.Json;

namespace Compiled;

/// <summary>
/// A SimpleRNN layer as the generator saw it, Keras's <c>SimpleRNN(units, activation='tanh', use_bias=True,
/// kernel_initializer='glorot_uniform', recurrent_initializer='orthogonal', bias_initializer='zeros', dropout=0.0,
/// return_sequences=False, go_backwards=False)</c>: per time step <c>h = act(x·kernel + h·recurrent_kernel + bias)</c>, from a
/// zero state. Input <c>(timesteps, features)</c>, output <c>(units)</c> or, returning sequences, <c>(timesteps, units)</c>;
/// weights <c>kernel</c> <c>(features, units)</c>, <c>recurrent_kernel</c> <c>(units, units)</c> and, with a bias, <c>bias</c>
/// <c>(units,)</c>, one after the other in <see cref="Model.Parameters"/>, in the cell's scope as tf.keras 2 names them
/// (<c>simple_rnn/simple_rnn_cell/kernel:0</c>; Keras 2.1's <c>simple_rnn_1/kernel:0</c> reads the same).
/// </summary>
public sealed class SimpleRNNLayer : RecurrentLayer
{
    /// <summary>Keras's class name, <c>SimpleRNN</c>.</summary>
    public const string ClassName = "SimpleRNN";

    /// <param name="name">Keras's layer name: <c>simple_rnn</c>, <c>simple_rnn_1</c>, …</param>
    /// <param name="inputShape">One sample's input, <c>(timesteps, features)</c>.</param>
    /// <param name="units">The size of the state and of each step's output.</param>
    /// <param name="activation">The function of each step's sum, Keras's <c>activation</c>.</param>
    /// <param name="useBias">Whether the layer adds a bias.</param>
    /// <param name="returnSequences">Whether the output is every step's <c>h</c> rather than the last one's.</param>
    /// <param name="goBackwards">Whether the sequence is read from its last step to its first (the output sequence then in that order).</param>
    /// <param name="dropout">The fraction of the input's features dropped while training, Keras's <c>dropout</c>.</param>
    /// <param name="parameterOffset">Where the kernel starts in <see cref="Model.Parameters"/>; the recurrent kernel and the bias follow it.</param>
    /// <param name="kernelInitializer">How the kernel was initialized.</param>
    /// <param name="recurrentInitializer">How the recurrent kernel was initialized.</param>
    /// <param name="biasInitializer">How the bias was initialized; null without a bias.</param>
    public SimpleRNNLayer(string name, IReadOnlyList<int> inputShape, int units, Activation activation, bool useBias, bool returnSequences, bool goBackwards,
        double dropout, int parameterOffset, Initializer? kernelInitializer = null, Initializer? recurrentInitializer = null, Initializer? biasInitializer = null)
        : base(name, inputShape, OutputShapeOf("A SimpleRNN", inputShape, units, returnSequences), VariablesOf(name, inputShape, units, useBias, parameterOffset),
            units, useBias, returnSequences, goBackwards, dropout, parameterOffset, kernelInitializer, recurrentInitializer, biasInitializer)
    {
        if (activation is Activation.Softmax || !Enum.IsDefined(activation))
            throw new ArgumentOutOfRangeException(nameof(activation), activation, "A SimpleRNN applies tanh, sigmoid, hard_sigmoid, relu or linear.");
        Activation = activation;
    }

    /// <inheritdoc/>
    public override string KerasClass => ClassName;

    /// <summary>The function of each step's sum, Keras's <c>activation</c>.</summary>
    public Activation Activation { get; }

    /// <summary>
    /// Writes tf.keras 2.4's <c>SimpleRNN.get_config</c> entries in its order: the RNN's (<c>return_sequences</c>,
    /// <c>return_state</c>, <c>go_backwards</c>, <c>stateful</c>, <c>unroll</c>, <c>time_major</c>), then the cell's
    /// (<c>units</c>, <c>activation</c>, <c>use_bias</c>, the initializers, null regularizers and constraints, <c>dropout</c>,
    /// no <c>recurrent_dropout</c>).
    /// </summary>
    public override void WriteKerasConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteRnnConfig(writer);
        writer.WriteNumber("units", Units);
        writer.WriteString("activation", KerasJson.ActivationName(Activation));
        writer.WriteBoolean("use_bias", UseBias);
        KerasInitializerConfig.Write(writer, "kernel_initializer", KernelInitializer);
        KerasInitializerConfig.Write(writer, "recurrent_initializer", RecurrentInitializer);
        KerasInitializerConfig.Write(writer, "bias_initializer", BiasInitializer);
        WriteCellRegularizationConfig(writer, Dropout);
    }

    /// <summary>
    /// Compares what determines the computation: <c>units</c>, <c>activation</c>, <c>use_bias</c>, <c>return_sequences</c>,
    /// <c>go_backwards</c> and <c>dropout</c>; and refuses what Compiled's SimpleRNN does not do: <c>return_state</c>,
    /// <c>stateful</c>, <c>time_major</c> and <c>recurrent_dropout</c>. Initializers and <c>unroll</c> (which computes the
    /// same) are not compared. Keras 1's names (<c>output_dim</c>, <c>inner_init</c>, …) are differences.
    /// </summary>
    public override string? CompareKerasConfig(JsonElement config, string expectedBy)
    {
        if (KerasJson.Keras1Names(config, ClassName, ("output_dim", "units"), ("init", "kernel_initializer"), ("inner_init", "recurrent_initializer"),
                ("dropout_W", "dropout"), ("dropout_U", "recurrent_dropout")) is string keras1)
            return keras1;
        return CompareRecurrentConfig(config, expectedBy, UseBias, Dropout, [("activation", Activation)]);
    }

    internal override string OnnxOperator => "RNN";

    /// <summary>
    /// ONNX's <c>RNN</c> operands: <c>W</c> <c>(directions, units, features)</c> and <c>R</c> <c>(directions, units, units)</c>,
    /// Keras's kernels transposed, and with a bias <c>B</c> <c>(directions, 2·units)</c>, Keras's bias then zeros for ONNX's
    /// recurrent bias; the attributes <c>hidden_size</c> and, unless it is ONNX's default tanh, the activation of every direction.
    /// </summary>
    internal override (List<string> Operands, List<OnnxAttribute> Attributes) OnnxOperands(OnnxGraph graph, string prefix, params IReadOnlyList<LayerVariable>[] runs)
    {
        int units = Units, features = Features, directions = runs.Length;
        float[] w = [.. runs.SelectMany(run => OnnxTransposed(graph.WeightsOf(run[0]), features, units))];
        float[] r = [.. runs.SelectMany(run => OnnxTransposed(graph.WeightsOf(run[1]), units, units))];
        List<string> operands = [graph.AddFloatInitializer(prefix + "/W", w, directions, units, features), graph.AddFloatInitializer(prefix + "/R", r, directions, units, units)];
        if (UseBias)
        {
            float[] bias = new float[directions * 2 * units];
            for (int d = 0; d < directions; d++) graph.WeightsOf(runs[d][2]).CopyTo(bias.AsSpan(d * 2 * units, units));
            operands.Add(graph.AddFloatInitializer(prefix + "/B", bias, directions, 2 * units));
        }
        List<OnnxAttribute> attributes = [OnnxAttribute.FromInt("hidden_size", units)];
        if (Activation != Activation.Tanh) AddOnnxActivations(attributes, [.. Enumerable.Repeat(Activation, directions)]);
        return (operands, attributes);
    }

    private static LayerVariable[] VariablesOf(string name, IReadOnlyList<int> inputShape, int units, bool useBias, int offset)
    {
        string cell = CellScope(name, "simple_rnn");
        LayerVariable kernel = new("kernel", [inputShape[1], units], offset) { Scope = cell };
        LayerVariable recurrent = new("recurrent_kernel", [units, units], offset + kernel.Length) { Scope = cell };
        return useBias ? [kernel, recurrent, new LayerVariable("bias", [units], recurrent.Offset + recurrent.Length) { Scope = cell }] : [kernel, recurrent];
    }
}
