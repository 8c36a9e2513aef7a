using System.Globalization;
using System.Text.Json;

namespace Compiled;

/// <summary>
/// A BatchNormalization layer as the generator saw it, Keras's <c>BatchNormalization(axis=-1, momentum=0.99,
/// epsilon=0.001, center=True, scale=True, beta_initializer='zeros', gamma_initializer='ones',
/// moving_mean_initializer='zeros', moving_variance_initializer='ones')</c> over the last axis: at inference
/// <c>output = gamma · (input - moving_mean) / sqrt(moving_variance + epsilon) + beta</c>; in training the batch's mean
/// and biased variance replace the moving statistics, which follow them with <c>momentum</c>. Input and output have the
/// same shape <c>(…, channels)</c>; weights, each <c>(channels,)</c>, in Keras's order: <c>gamma</c> (with
/// <c>scale</c>) and <c>beta</c> (with <c>center</c>), trainable and one after the other in <see cref="Model.Parameters"/>,
/// then <c>moving_mean</c> and <c>moving_variance</c>, non-trainable and one after the other in
/// <see cref="Model.NonTrainableParameters"/>.
/// </summary>
/// <remarks>
/// For inputs of rank 4 or 5 (batch included) tf.keras 2 runs TensorFlow's fused kernel, which raises epsilon to at
/// least <see cref="Kernels.BatchNormalization.FusedMinimumEpsilon"/>; the generated passes and the ONNX lowering do the same.
/// </remarks>
public sealed class BatchNormalizationLayer : LayerInfo
{
    /// <summary>Keras's class name, <c>BatchNormalization</c>.</summary>
    public const string ClassName = "BatchNormalization";

    /// <param name="name">Keras's layer name: <c>batch_normalization</c>, <c>batch_normalization_1</c>, …</param>
    /// <param name="shape">One sample's shape, in and out; its last axis holds the channels normalised.</param>
    /// <param name="momentum">How much of the moving statistics each training batch keeps, in [0, 1].</param>
    /// <param name="epsilon">Added to the variance before the square root.</param>
    /// <param name="center">Whether the layer adds <c>beta</c>.</param>
    /// <param name="scale">Whether the layer multiplies by <c>gamma</c>.</param>
    /// <param name="parameterOffset">Where the first trainable weight (gamma, else beta) starts in <see cref="Model.Parameters"/>.</param>
    /// <param name="stateOffset">Where the moving mean starts in <see cref="Model.NonTrainableParameters"/>; the moving variance follows it.</param>
    /// <param name="gammaInitializer">How gamma was initialized (Keras's default, ones, when null).</param>
    /// <param name="betaInitializer">How beta was initialized (zeros when null).</param>
    /// <param name="movingMeanInitializer">How the moving mean was initialized (zeros when null).</param>
    /// <param name="movingVarianceInitializer">How the moving variance was initialized (ones when null).</param>
    public BatchNormalizationLayer(string name, IReadOnlyList<int> shape, double momentum, double epsilon, bool center, bool scale,
        int parameterOffset, int stateOffset, Initializer? gammaInitializer = null, Initializer? betaInitializer = null,
        Initializer? movingMeanInitializer = null, Initializer? movingVarianceInitializer = null)
        : base(name, shape, shape, VariablesOf(shape, center, scale, parameterOffset, stateOffset))
    {
        if (!(momentum >= 0 && momentum <= 1))
            throw new ArgumentOutOfRangeException(nameof(momentum), $"BatchNormalization's momentum is from 0 to 1; got {momentum}.");
        if (!(epsilon > 0 && double.IsFinite(epsilon)))
            throw new ArgumentOutOfRangeException(nameof(epsilon), $"BatchNormalization's epsilon is a small positive number; got {epsilon}.");
        (Momentum, Epsilon, Center, Scale, ParameterOffset, StateOffset) = (momentum, epsilon, center, scale, parameterOffset, stateOffset);
        GammaInitializer = gammaInitializer ?? new Ones();
        BetaInitializer = betaInitializer ?? new Zeros();
        MovingMeanInitializer = movingMeanInitializer ?? new Zeros();
        MovingVarianceInitializer = movingVarianceInitializer ?? new Ones();
    }

    /// <inheritdoc/>
    public override string KerasClass => ClassName;

    /// <summary>How much of the moving statistics each training batch keeps, Keras's <c>momentum</c>.</summary>
    public double Momentum { get; }

    /// <summary>Added to the variance before the square root, Keras's <c>epsilon</c> as declared.</summary>
    public double Epsilon { get; }

    /// <summary>
    /// The epsilon the computation uses: <see cref="Epsilon"/>, raised to TensorFlow's fused minimum
    /// (<see cref="Kernels.BatchNormalization.FusedMinimumEpsilon"/>) for inputs of rank 4 or 5, as tf.keras 2 does.
    /// </summary>
    public float EffectiveEpsilon => InputShape.Count + 1 is 4 or 5 ? Math.Max((float)Epsilon, Kernels.BatchNormalization.FusedMinimumEpsilon) : (float)Epsilon;

    /// <summary>Whether the layer adds <c>beta</c>, Keras's <c>center</c>.</summary>
    public bool Center { get; }

    /// <summary>Whether the layer multiplies by <c>gamma</c>, Keras's <c>scale</c>.</summary>
    public bool Scale { get; }

    /// <summary>The channels normalised: the last axis.</summary>
    public int Channels => InputShape[^1];

    /// <summary>Where the first trainable weight (gamma, else beta) starts in <see cref="Model.Parameters"/>.</summary>
    public int ParameterOffset { get; }

    /// <summary>Where the moving mean starts in <see cref="Model.NonTrainableParameters"/>; the moving variance follows it.</summary>
    public int StateOffset { get; }

    /// <summary>How gamma was initialized, Keras's <c>gamma_initializer</c> (written even without <c>scale</c>, as Keras does).</summary>
    public Initializer GammaInitializer { get; }

    /// <summary>How beta was initialized, Keras's <c>beta_initializer</c> (written even without <c>center</c>).</summary>
    public Initializer BetaInitializer { get; }

    /// <summary>How the moving mean was initialized, Keras's <c>moving_mean_initializer</c>.</summary>
    public Initializer MovingMeanInitializer { get; }

    /// <summary>How the moving variance was initialized, Keras's <c>moving_variance_initializer</c>.</summary>
    public Initializer MovingVarianceInitializer { get; }

    /// <summary>Gamma, <c>(channels,)</c>; null without <c>scale</c>.</summary>
    public LayerVariable? Gamma => Scale ? Variables[0] : null;

    /// <summary>Beta, <c>(channels,)</c>; null without <c>center</c>.</summary>
    public LayerVariable? Beta => Center ? Variables[Scale ? 1 : 0] : null;

    /// <summary>The moving mean, <c>(channels,)</c>, non-trainable.</summary>
    public LayerVariable MovingMean => Variables[^2];

    /// <summary>The moving variance, <c>(channels,)</c>, non-trainable.</summary>
    public LayerVariable MovingVariance => Variables[^1];

    /// <summary>
    /// Writes tf.keras 2.4's <c>get_config</c> entries: <c>axis</c> as the built layer holds it (a list of the
    /// non-negative axis, batch axis 0: <c>[3]</c> for images), <c>momentum</c>, <c>epsilon</c>, <c>center</c>,
    /// <c>scale</c>, the four initializers, and null regularizers and constraints.
    /// </summary>
    public override void WriteKerasConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteIntegers("axis", [InputShape.Count]);
        writer.WritePythonFloat("momentum", Momentum);
        writer.WritePythonFloat("epsilon", Epsilon);
        writer.WriteBoolean("center", Center);
        writer.WriteBoolean("scale", Scale);
        KerasInitializerConfig.Write(writer, "beta_initializer", BetaInitializer);
        KerasInitializerConfig.Write(writer, "gamma_initializer", GammaInitializer);
        KerasInitializerConfig.Write(writer, "moving_mean_initializer", MovingMeanInitializer);
        KerasInitializerConfig.Write(writer, "moving_variance_initializer", MovingVarianceInitializer);
        foreach (string none in (string[])["beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint"])
            writer.WriteNull(none);
    }

    /// <summary>
    /// Compares <c>axis</c> (an integer or a list of one, negative counted from the end), <c>epsilon</c> and
    /// <c>momentum</c> (at float32 precision), <c>center</c> and <c>scale</c>; Keras 1's <c>mode</c> is a difference.
    /// </summary>
    public override string? CompareKerasConfig(JsonElement config, string expectedBy)
    {
        if (KerasJson.Has(config, "mode", out JsonElement mode))
            return $"the file's BatchNormalization has Keras 1's mode {mode} (Keras 2 removed it); Compiled expects Keras 2 configurations";
        int rank = InputShape.Count + 1;
        if (KerasJson.Has(config, "axis", out JsonElement axis))
        {
            int[]? axes = axis.ValueKind == JsonValueKind.Number && axis.TryGetInt32(out int one) ? [one] : KerasJson.Integers(axis);
            if (axes is not [int a] || (a < 0 ? a + rank : a) != rank - 1)
                return $"the file's BatchNormalization has axis {KerasWindows.Compact(axis)}; {expectedBy} expects -1 (the channels, axis {rank - 1})";
        }
        if (CompareFloat(config, "epsilon", Epsilon, expectedBy) is string epsilon) return epsilon;
        if (CompareFloat(config, "momentum", Momentum, expectedBy) is string momentum) return momentum;
        foreach ((string entry, bool expected) in new[] { ("center", Center), ("scale", Scale) })
            if (KerasJson.Has(config, entry, out JsonElement found) && found.ValueKind is JsonValueKind.True or JsonValueKind.False && found.GetBoolean() != expected)
                return $"the file's BatchNormalization has {entry} {KerasJson.PythonBool(found.GetBoolean())}; {expectedBy} expects {KerasJson.PythonBool(expected)}";
        return null;
    }

    /// <summary>
    /// The inference form as ONNX's <c>Mul</c> and <c>Add</c> on the last axis, with the moving statistics folded in:
    /// <c>scale = gamma / sqrt(moving_variance + epsilon)</c> and <c>shift = beta - moving_mean · scale</c>, computed in
    /// float64 (ONNX's <c>BatchNormalization</c> wants the channels on axis 1, which would need two transposes).
    /// </summary>
    public override string LowerToOnnx(OnnxGraph graph, IReadOnlyList<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(inputs);
        ReadOnlySpan<float> gamma = Gamma is LayerVariable g ? graph.WeightsOf(g) : [];
        ReadOnlySpan<float> beta = Beta is LayerVariable b ? graph.WeightsOf(b) : [];
        ReadOnlySpan<float> mean = graph.WeightsOf(MovingMean), variance = graph.WeightsOf(MovingVariance);
        float[] scale = new float[Channels], shift = new float[Channels];
        for (int c = 0; c < Channels; c++)
        {
            double s = (gamma.IsEmpty ? 1.0 : gamma[c]) / Math.Sqrt((double)variance[c] + EffectiveEpsilon);
            scale[c] = (float)s;
            shift[c] = (float)((beta.IsEmpty ? 0.0 : beta[c]) - mean[c] * s);
        }
        string scaled = graph.AddNode("Mul", Name + "/scale", [inputs[0], graph.AddFloatInitializer(Name + "/scale_factor", scale, Channels)]);
        return graph.AddNode("Add", Name + "/shift", [scaled, graph.AddFloatInitializer(Name + "/shift_term", shift, Channels)]);
    }

    private static string? CompareFloat(JsonElement config, string entry, double expected, string expectedBy)
        => KerasJson.Has(config, entry, out JsonElement found) && !(found.ValueKind == JsonValueKind.Number && (float)found.GetDouble() == (float)expected)
            ? $"the file's BatchNormalization has {entry} {found}; {expectedBy} expects {PythonFloat(expected)}"
            : null;

    /// <summary>A float as Python prints it: <c>0.001</c>, <c>1e-05</c>.</summary>
    internal static string PythonFloat(double value)
    {
        string text = value.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e");
        return text.Contains('.') || text.Contains('e') ? text : text + ".0";
    }

    private static LayerVariable[] VariablesOf(IReadOnlyList<int> shape, bool center, bool scale, int parameterOffset, int stateOffset)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Count == 0) throw new ArgumentException("BatchNormalization needs an input with at least one axis.", nameof(shape));
        int channels = shape[^1];
        List<LayerVariable> variables = [];
        int offset = parameterOffset;
        if (scale)
        {
            variables.Add(new LayerVariable("gamma", [channels], offset));
            offset += channels;
        }
        if (center) variables.Add(new LayerVariable("beta", [channels], offset));
        variables.Add(new LayerVariable("moving_mean", [channels], stateOffset, trainable: false));
        variables.Add(new LayerVariable("moving_variance", [channels], stateOffset + channels, trainable: false));
        return [.. variables];
    }
}
