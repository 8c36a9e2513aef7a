using System.Collections.Generic;
using Compiled.Generator.Diagnostics;
using Compiled.Generator.Emit;
using Compiled.Generator.Models;

namespace Compiled.Generator.Layers;

/// <summary>Dropout's rate, and its own seed when one is given.</summary>
internal sealed record DropoutConfig(double Rate, long? Seed) : LayerConfig;

/// <summary>
/// <c>[Dropout(rate)]</c>: Keras's inverted dropout, run by <c>Compiled.Kernels.Dropout</c> while the model trains
/// and a copy otherwise. The mask is kept as the factor each value was multiplied by, so the gradient is one multiply.
/// </summary>
internal sealed class DropoutLayerKind : LayerKind
{
    public DropoutLayerKind() : base("Dropout", "Compiled.DropoutAttribute")
    {
    }

    public override IEnumerable<string> FieldSuffixes => new[] { "Mask" };

    /// <summary>Keras's Dropout supports masking: it drops values of every step alike and hands the mask on.</summary>
    public override bool ConsumesMask => true;

    public override bool PassesMask(LayerSpec layer) => true;

    public override LayerSpec? Read(LayerReader reader, IReadOnlyList<EquatableArray<int>> inputShapes)
    {
        if (reader.Attribute.ConstructorArguments.Length != 1 || reader.Attribute.ConstructorArguments[0].Value is not double rate)
        {
            reader.CompilerError();
            return null;
        }
        if (!(rate >= 0 && rate < 1))
        {
            reader.Report(DiagnosticDescriptors.ValueOutOfRange, reader.At("rate", 0), KerasClass, reader.Name, "rate", rate.ToString("R", System.Globalization.CultureInfo.InvariantCulture), "from 0 up to, not including, 1");
            return null;
        }
        long seed = reader.Named("Seed", -1L);
        if (seed < -1)
        {
            reader.Report(DiagnosticDescriptors.ValueOutOfRange, reader.At("Seed"), KerasClass, reader.Name, "Seed", seed.ToString(), "a non-negative seed, or -1 to follow the model's seed");
            return null;
        }
        return reader.Layer(this, inputShapes[0], inputShapes[0], new DropoutConfig(rate, seed >= 0 ? seed : null));
    }

    public override string Details(LayerSpec layer) => $", rate {((DropoutConfig)layer.Config).Rate.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}";

    public override IEnumerable<(string Suffix, string Length)> Workspaces(LayerSpec layer)
    {
        yield return ("Mask", $"batch * {Shapes.Size(layer.OutputShape)}");
    }

    public override void WriteForward(LayerPass pass)
    {
        LayerSpec layer = pass.Layer;
        DropoutConfig config = (DropoutConfig)layer.Config;
        string rate = config.Rate.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "f";
        // Without a seed of its own, the layer's masks come from the model's training seed, salted by its position.
        string seed = config.Seed is { } own ? $"{own}UL, TrainingStep" : $"TrainingSeed, {pass.Index}";
        pass.W.Line("if (Training)");
        pass.W.Line($"    {Code.Kernels}Dropout.Forward({pass.Slice(pass.Input(0))}, {pass.Output}, {layer.BufferStem}Mask, {rate}, {seed});");
        pass.W.Line("else");
        pass.W.Line($"    {Code.Kernels}Linear.Forward({pass.Slice(pass.Input(0))}, {pass.Output});");
    }

    public override void WriteBackward(LayerPass pass)
    {
        string mask = pass.Layer.BufferStem + "Mask";
        pass.Contribute(0, target => $"{Code.Kernels}Dropout.Backward({pass.Slice(pass.OutputGradient)}, {mask}, {target});",
            accumulate: target => $"{Code.Kernels}Dropout.Backward({pass.Slice(pass.OutputGradient)}, {mask}, {target}, accumulate: true);");
    }

    public override string RuntimeDescription(LayerSpec layer)
    {
        DropoutConfig config = (DropoutConfig)layer.Config;
        return Construct("DropoutLayer", layer, ShapeArgument("shape", layer.OutputShape),
            $"rate: {config.Rate.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}", $"seed: {(config.Seed is { } seed ? seed.ToString() : "null")}");
    }
}
