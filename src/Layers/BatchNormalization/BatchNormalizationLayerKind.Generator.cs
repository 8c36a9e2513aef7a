using System.Collections.Generic;
using System.Globalization;
using Compiled.Generator.Diagnostics;
using Compiled.Generator.Emit;
using Compiled.Generator.Models;

namespace Compiled.Generator.Layers;

/// <summary>BatchNormalization's settings: its statistics' momentum and epsilon, and which of gamma and beta it has.</summary>
internal sealed record BatchNormalizationConfig(double Momentum, double Epsilon, bool Center, bool Scale) : LayerConfig;

/// <summary>
/// <c>[BatchNormalization]</c>: Keras's batch normalization over the last axis, run by
/// <c>Compiled.Kernels.BatchNormalization</c>. Its moving statistics are non-trainable weights in the model's state buffer.
/// </summary>
internal sealed class BatchNormalizationLayerKind : LayerKind
{
    public BatchNormalizationLayerKind() : base("BatchNormalization", "Compiled.BatchNormalizationAttribute")
    {
    }

    public override IEnumerable<string> FieldSuffixes => new[] { "Mean", "InverseStd" };

    public override LayerSpec? Read(LayerReader reader, IReadOnlyList<EquatableArray<int>> inputShapes)
    {
        EquatableArray<int> input = inputShapes[0];
        string name = reader.Name;
        int axis = reader.Named("Axis", -1);
        int rank = input.Count + 1;
        if (axis != -1 && axis != rank - 1)
        {
            reader.Report(DiagnosticDescriptors.UnsupportedAxis, reader.At("Axis"), KerasClass, name, axis.ToString(), Shapes.Format(input));
            return null;
        }
        double momentum = reader.Named("Momentum", 0.99), epsilon = reader.Named("Epsilon", 0.001);
        if (!(momentum >= 0 && momentum <= 1))
        {
            reader.Report(DiagnosticDescriptors.ValueOutOfRange, reader.At("Momentum"), KerasClass, name, "Momentum", Text(momentum), "from 0 to 1");
            return null;
        }
        if (!(epsilon > 0 && epsilon < 1))
        {
            reader.Report(DiagnosticDescriptors.ValueOutOfRange, reader.At("Epsilon"), KerasClass, name, "Epsilon", Text(epsilon), "a small positive number such as 0.001");
            return null;
        }
        bool center = reader.Named("Center", true), scale = reader.Named("Scale", true);
        InitializerSpec? gamma = scale ? reader.Initializer("GammaInitializer", "ones") : null;
        InitializerSpec? beta = center ? reader.Initializer("BetaInitializer", "zeros") : null;
        InitializerSpec? movingMean = reader.Initializer("MovingMeanInitializer", "zeros");
        InitializerSpec? movingVariance = reader.Initializer("MovingVarianceInitializer", "ones");
        if (scale && gamma is null || center && beta is null || movingMean is null || movingVariance is null) return null;

        int channels = input[input.Count - 1];
        EquatableArray<int> shape = new[] { channels }.ToEquatableArray();
        List<WeightSpec> weights = new();
        if (scale) weights.Add(new WeightSpec("gamma", shape, gamma!, channels, channels));
        if (center) weights.Add(new WeightSpec("beta", shape, beta!, channels, channels));
        weights.Add(new WeightSpec("moving_mean", shape, movingMean, channels, channels, Trainable: false));
        weights.Add(new WeightSpec("moving_variance", shape, movingVariance, channels, channels, Trainable: false));
        return reader.Layer(this, input, input, new BatchNormalizationConfig(momentum, epsilon, center, scale)) with { Weights = weights.ToEquatableArray() };
    }

    public override string Details(LayerSpec layer)
    {
        BatchNormalizationConfig config = (BatchNormalizationConfig)layer.Config;
        return $", momentum {Text(config.Momentum)}, epsilon {Text(config.Epsilon)}";
    }

    public override IEnumerable<(string Suffix, string Length)> Workspaces(LayerSpec layer)
    {
        // The batch's statistics, which the backward pass reads.
        yield return ("Mean", layer.OutputFeatures.ToString());
        yield return ("InverseStd", layer.OutputFeatures.ToString());
    }

    public override void WriteForward(LayerPass pass)
    {
        LayerSpec layer = pass.Layer;
        BatchNormalizationConfig config = (BatchNormalizationConfig)layer.Config;
        (string gamma, string beta, string movingMean, string movingVariance) = Weights(pass, layer, config, "parameters", "state");
        string sizes = $"{pass.Rows}, {layer.OutputFeatures}";
        // tf.keras 2 takes TensorFlow's fused kernel for 4-D inputs (batch included), which feeds the moving variance the
        // batch's unbiased variance and raises epsilon to its minimum; other ranks take the plain path.
        int rank = layer.InputShape.Count + 1;
        string rule = rank is 4 or 5 ? "BesselCorrected" : "Biased";
        double epsilon = rank is 4 or 5 ? System.Math.Max(config.Epsilon, 1.001e-5) : config.Epsilon;
        pass.W.Line("if (Training)");
        pass.W.Line($"    {Code.Kernels}BatchNormalization.ForwardTraining({pass.Slice(pass.Input(0))}, {gamma}, {beta}, {movingMean}, {movingVariance}, {pass.Output}, {layer.BufferStem}Mean, {layer.BufferStem}InverseStd, {sizes}, {Float(config.Momentum)}, {Float(epsilon)}, {Code.Kernels}MovingVarianceRule.{rule});");
        pass.W.Line("else");
        pass.W.Line($"    {Code.Kernels}BatchNormalization.ForwardInference({pass.Slice(pass.Input(0))}, {gamma}, {beta}, {movingMean}, {movingVariance}, {pass.Output}, {sizes}, {Float(epsilon)});");
    }

    public override void WriteBackward(LayerPass pass)
    {
        LayerSpec layer = pass.Layer;
        BatchNormalizationConfig config = (BatchNormalizationConfig)layer.Config;
        string gamma = config.Scale ? pass.Parameter(0) : $"{Code.ReadOnlySpan}.Empty";
        string dGamma = config.Scale ? pass.ParameterGradient(0) : $"{Code.Span}.Empty";
        string dBeta = config.Center ? pass.ParameterGradient(config.Scale ? 1 : 0) : $"{Code.Span}.Empty";
        string head = $"{Code.Kernels}BatchNormalization.Backward({pass.Slice(pass.Input(0))}, {gamma}, {pass.Slice(pass.OutputGradient)}, {layer.BufferStem}Mean, {layer.BufferStem}InverseStd, {dGamma}, {dBeta}, ";
        pass.WriteWithInputGradient(head, $", {pass.Rows}, {layer.OutputFeatures}");
    }

    public override string RuntimeDescription(LayerSpec layer)
    {
        BatchNormalizationConfig config = (BatchNormalizationConfig)layer.Config;
        List<string> arguments = new()
        {
            ShapeArgument("shape", layer.OutputShape), $"momentum: {Text(config.Momentum)}", $"epsilon: {Text(config.Epsilon)}",
            BoolArgument("center", config.Center), BoolArgument("scale", config.Scale),
            $"parameterOffset: {layer.ParameterOffset}", $"stateOffset: {layer.StateOffset}",
        };
        foreach (WeightSpec weight in layer.Weights)
            arguments.Add($"{Camel(weight.Name)}Initializer: {weight.Initializer.Expression}");
        return Construct("BatchNormalizationLayer", layer, arguments.ToArray());
    }

    private static (string Gamma, string Beta, string MovingMean, string MovingVariance) Weights(LayerPass pass, LayerSpec layer, BatchNormalizationConfig config, string parameters, string state)
    {
        int index = 0;
        string gamma = config.Scale ? pass.Parameter(index++) : $"{Code.ReadOnlySpan}.Empty";
        string beta = config.Center ? pass.Parameter(index++) : $"{Code.ReadOnlySpan}.Empty";
        string movingMean = $"{state}.Slice({layer.OffsetOf(index)}, {layer.OutputFeatures})";
        string movingVariance = $"{state}.Slice({layer.OffsetOf(index + 1)}, {layer.OutputFeatures})";
        return (gamma, beta, movingMean, movingVariance);
    }

    private static string Camel(string snake)
    {
        string[] parts = snake.Split('_');
        for (int i = 1; i < parts.Length; i++) parts[i] = char.ToUpperInvariant(parts[i][0]) + parts[i].Substring(1);
        return string.Concat(parts);
    }

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Float(double value) => ((float)value).ToString("R", CultureInfo.InvariantCulture) + "f";
}
