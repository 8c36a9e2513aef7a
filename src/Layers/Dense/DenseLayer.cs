using System.Text.Json;

namespace Compiled;

/// <summary>
/// A Dense layer as the generator saw it, Keras's <c>Dense(units, activation, use_bias, kernel_initializer,
/// bias_initializer)</c>: <c>output = activation(dot(input, kernel) + bias)</c> over the input's last axis.
/// Input <c>(..., inputs)</c>, output <c>(..., units)</c>; weights <c>kernel</c> <c>(inputs, units)</c> and, with a
/// bias, <c>bias</c> <c>(units,)</c>, one after the other in <see cref="Model.Parameters"/>.
/// </summary>
public sealed class DenseLayer : LayerInfo
{
    /// <summary>Keras's class name, <c>Dense</c>.</summary>
    public const string ClassName = "Dense";

    /// <param name="name">Keras's layer name: <c>dense</c>, <c>dense_1</c>, …</param>
    /// <param name="inputShape">One sample's input shape; the last axis is reduced over.</param>
    /// <param name="units">The output width.</param>
    /// <param name="activation">The activation applied after the affine map.</param>
    /// <param name="useBias">Whether the layer adds a bias.</param>
    /// <param name="parameterOffset">Where the kernel starts in <see cref="Model.Parameters"/>; the bias follows it.</param>
    /// <param name="kernelInitializer">How the kernel was initialized.</param>
    /// <param name="biasInitializer">How the bias was initialized; null without a bias.</param>
    public DenseLayer(string name, IReadOnlyList<int> inputShape, int units, Activation activation, bool useBias, int parameterOffset, Initializer? kernelInitializer = null, Initializer? biasInitializer = null)
        : base(name, inputShape, OutputShapeOf(inputShape, units), VariablesOf(inputShape, units, useBias, parameterOffset))
    {
        (Units, Activation, UseBias, ParameterOffset, KernelInitializer, BiasInitializer) = (units, activation, useBias, parameterOffset, kernelInitializer, biasInitializer);
    }

    /// <inheritdoc/>
    public override string KerasClass => ClassName;

    /// <summary>The output width, Keras's <c>units</c>.</summary>
    public int Units { get; }

    /// <summary>The activation applied after the affine map.</summary>
    public Activation Activation { get; }

    /// <summary>Whether the layer adds a bias, Keras's <c>use_bias</c>.</summary>
    public bool UseBias { get; }

    /// <summary>The width of the input's last axis, which the layer reduces over.</summary>
    public int Inputs => InputShape[^1];

    /// <summary>Where the kernel starts in <see cref="Model.Parameters"/>: <c>(inputs, units)</c> row-major, then the bias.</summary>
    public int ParameterOffset { get; }

    /// <summary>How the kernel was initialized; Keras's <c>kernel_initializer</c>.</summary>
    public Initializer? KernelInitializer { get; }

    /// <summary>How the bias was initialized (Keras's <c>bias_initializer</c>); null without a bias.</summary>
    public Initializer? BiasInitializer { get; }

    /// <summary>The kernel, <c>(inputs, units)</c>.</summary>
    public LayerVariable Kernel => Variables[0];

    /// <summary>The bias, <c>(units,)</c>; null without one.</summary>
    public LayerVariable? Bias => UseBias ? Variables[1] : null;

    /// <inheritdoc/>
    public override void WriteKerasConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumber("units", Units);
        writer.WriteString("activation", KerasJson.ActivationName(Activation));
        writer.WriteBoolean("use_bias", UseBias);
        KerasInitializerConfig.Write(writer, "kernel_initializer", KernelInitializer);
        KerasInitializerConfig.Write(writer, "bias_initializer", BiasInitializer);
        WriteRules(writer, "kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint", "bias_constraint");
    }

    /// <inheritdoc/>
    public override string? CompareKerasConfig(JsonElement config, string expectedBy)
    {
        if (KerasJson.Keras1Names(config, ClassName, ("output_dim", "units"), ("init", "kernel_initializer"), ("W_regularizer", "kernel_regularizer")) is string keras1)
            return keras1;
        if (KerasJson.Has(config, "units", out JsonElement units) && !KerasJson.IsInteger(units, Units))
            return $"the file's Dense has units {units}; {expectedBy} expects {Units}";
        string expectedActivation = KerasJson.ActivationName(Activation);
        if (KerasJson.String(config, "activation") is string activation && activation != expectedActivation)
            return $"the file's Dense has activation '{activation}'; {expectedBy} expects '{expectedActivation}'";
        if (KerasJson.Has(config, "use_bias", out JsonElement bias) && bias.ValueKind is JsonValueKind.True or JsonValueKind.False && bias.GetBoolean() != UseBias)
            return $"the file's Dense has use_bias {KerasJson.PythonBool(bias.GetBoolean())}; {expectedBy} expects {KerasJson.PythonBool(UseBias)}";
        return CompareRules(config, expectedBy, "kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint", "bias_constraint");
    }

    /// <summary>ONNX's <c>MatMul</c> then <c>Add</c> (which, unlike <c>Gemm</c>, also works on samples of several axes), then the activation.</summary>
    public override string LowerToOnnx(OnnxGraph graph, IReadOnlyList<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(inputs);
        string kernel = graph.AddFloatInitializer(Name + "/kernel", graph.WeightsOf(Kernel), Inputs, Units);
        string output = graph.AddNode("MatMul", Name + "/matmul", [inputs[0], kernel]);
        if (Bias is LayerVariable biasVariable)
        {
            string bias = graph.AddFloatInitializer(Name + "/bias", graph.WeightsOf(biasVariable), Units);
            output = graph.AddNode("Add", Name + "/bias_add", [output, bias]);
        }
        return Activation == Activation.Linear ? output : ActivationLayer.LowerActivation(graph, Activation, Name, output);
    }

    private static int[] OutputShapeOf(IReadOnlyList<int> inputShape, int units)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Count == 0) throw new ArgumentException("Dense needs an input with at least one axis.", nameof(inputShape));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(units);
        return [.. inputShape.Take(inputShape.Count - 1), units];
    }

    private static LayerVariable[] VariablesOf(IReadOnlyList<int> inputShape, int units, bool useBias, int offset)
    {
        int inputs = inputShape[^1];
        LayerVariable kernel = new("kernel", [inputs, units], offset);
        return useBias ? [kernel, new LayerVariable("bias", [units], offset + inputs * units)] : [kernel];
    }

    /// <summary>Keras 3's Dense configuration: Keras 2's without <c>activity_regularizer</c>, which Keras 3's Dense leaves out of its get_config.</summary>
    public override void WriteKeras3Config(Utf8JsonWriter writer)
    {
        System.Text.Json.Nodes.JsonObject config = Keras3Config.Of(this);
        config.Remove("activity_regularizer");
        Keras3Config.WriteEntries(writer, config);
    }
}
