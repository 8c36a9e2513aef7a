using System.Collections.Generic;
using System.Globalization;
using Compiled.Generator.Diagnostics;
using Compiled.Generator.Emit;
using Compiled.Generator.Models;

namespace Compiled.Generator.Layers;

/// <summary>Masking's <c>mask_value</c>, as the attribute gives it.</summary>
internal sealed record MaskingConfig(double MaskValue) : LayerConfig;

/// <summary>
/// <c>[Masking]</c>: Keras's <c>Masking(mask_value=0.0)</c> over <c>(timesteps, features)</c>. The generated step writes
/// the layer's mask of padded steps and the masked copy of its input (<c>Masking.Forward</c>); the layers after it read
/// the mask (<see cref="LayerPass.InputMask"/>). A mask from before it is replaced by its own, as Keras's
/// <c>Masking.compute_mask</c> ignores its input's.
/// </summary>
internal sealed class MaskingLayerKind : LayerKind
{
    public MaskingLayerKind() : base("Masking", "Compiled.MaskingAttribute")
    {
    }

    public override LayerSpec? Read(LayerReader reader, IReadOnlyList<EquatableArray<int>> inputShapes)
    {
        if (reader.Attribute.ConstructorArguments.Length != 1 || reader.Attribute.ConstructorArguments[0].Value is not double maskValue)
        {
            reader.CompilerError();
            return null;
        }
        EquatableArray<int> input = inputShapes[0];
        if (input.Count != 2)
        {
            reader.Report(DiagnosticDescriptors.WrongInputRank, reader.At(), KerasClass, reader.Name, "sequences (None, timesteps, features)", Shapes.Format(input),
                input.Count == 1 ? "; add [Reshape(timesteps, features)] before it to give the values those 2 axes" : "");
            return null;
        }
        return reader.Layer(this, input, input, new MaskingConfig(maskValue));
    }

    /// <summary>The layer itself makes the mask, whatever its arguments.</summary>
    public override string? MaskArgument(LayerSpec layer) => "";

    /// <summary>It takes a mask from before it and replaces it with its own.</summary>
    public override bool ConsumesMask => true;

    public override string Details(LayerSpec layer) => $", mask_value {Value(layer)}";

    public override void WriteForward(LayerPass pass)
        => pass.W.Line($"{Code.Kernels}Masking.Forward({pass.Slice(pass.Input(0))}, {pass.Output}, {pass.OwnMask}, {Positions(pass.Layer)}, {pass.Layer.InputFeatures}, (float){Literal(pass.Layer)});");

    public override void WriteBackward(LayerPass pass)
    {
        string head = $"{Code.Kernels}Masking.Backward({pass.Slice(pass.OutputGradient)}, {pass.OwnMask}, ";
        string tail = $", {Positions(pass.Layer)}, {pass.Layer.InputFeatures}";
        pass.Contribute(0, target => $"{head}{target}{tail});", accumulate: target => $"{head}{target}{tail}, accumulate: true);");
    }

    public override string RuntimeDescription(LayerSpec layer)
        => Construct("MaskingLayer", layer, ShapeArgument("shape", layer.OutputShape), $"maskValue: {Literal(layer)}");

    /// <summary>The steps of a batch: <c>batch * timesteps</c>.</summary>
    private static string Positions(LayerSpec layer) => $"batch * {layer.InputShape[0]}";

    /// <summary>The mask value as Python prints it, for the summary.</summary>
    private static string Value(LayerSpec layer)
    {
        double value = ((MaskingConfig)layer.Config).MaskValue;
        if (double.IsNaN(value)) return "nan";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        return WithPoint(value.ToString("R", CultureInfo.InvariantCulture));
    }

    /// <summary>A whole number as Python prints a float: <c>0.0</c>, <c>-1.0</c>.</summary>
    private static string WithPoint(string text) => text.Contains(".") || text.Contains("E") ? text : text + ".0";

    /// <summary>The mask value as a C# double expression that round-trips, NaN and the infinities included.</summary>
    private static string Literal(LayerSpec layer)
    {
        double value = ((MaskingConfig)layer.Config).MaskValue;
        if (double.IsNaN(value)) return "double.NaN";
        if (double.IsInfinity(value)) return value > 0 ? "double.PositiveInfinity" : "double.NegativeInfinity";
        return WithPoint(value.ToString("R", CultureInfo.InvariantCulture));
    }
}
