using System.Collections.Generic;
using System.Linq;
using Compiled.Generator.Diagnostics;
using Compiled.Generator.Emit;
using Compiled.Generator.Models;
using Microsoft.CodeAnalysis;

namespace Compiled.Generator.Layers;

/// <summary>ZeroPadding2D's zeros on each side.</summary>
internal sealed record ZeroPaddingConfig(int Top, int Bottom, int Left, int Right) : LayerConfig;

/// <summary><c>[ZeroPadding2D(1)]</c>: Keras's <c>ZeroPadding2D</c>, run by <c>Compiled.Kernels.ZeroPadding</c>.</summary>
internal sealed class ZeroPadding2DLayerKind : LayerKind
{
    public ZeroPadding2DLayerKind() : base("ZeroPadding2D", "Compiled.ZeroPadding2DAttribute")
    {
    }

    public override LayerSpec? Read(LayerReader reader, IReadOnlyList<EquatableArray<int>> inputShapes)
    {
        EquatableArray<int> input = inputShapes[0];
        if (reader.Attribute.ConstructorArguments.Length != 1 || reader.Attribute.ConstructorArguments[0] is not { Kind: TypedConstantKind.Array } array)
        {
            reader.CompilerError();
            return null;
        }
        int[] values = array.IsNull || array.Values.Length == 0 ? new[] { 1 } : array.Values.Select(v => v.Value is int d ? d : -1).ToArray();
        string text = "(" + string.Join(", ", values) + ")";
        if (values.Length is not (1 or 2 or 4))
        {
            reader.Report(DiagnosticDescriptors.WrongValueCount, reader.At("padding", 0), KerasClass, reader.Name, "padding",
                "one value, two (rows, columns) or four (top, bottom, left, right)", text);
            return null;
        }
        if (values.Any(v => v < 0))
        {
            reader.Report(DiagnosticDescriptors.NonPositiveSize, reader.At("padding", 0), $"{KerasClass} '{reader.Name}' padding (zero allowed)", text);
            return null;
        }
        ZeroPaddingConfig config = values.Length switch
        {
            1 => new ZeroPaddingConfig(values[0], values[0], values[0], values[0]),
            2 => new ZeroPaddingConfig(values[0], values[0], values[1], values[1]),
            _ => new ZeroPaddingConfig(values[0], values[1], values[2], values[3]),
        };
        if (input.Count != 3)
        {
            reader.Report(DiagnosticDescriptors.WrongInputRank, reader.At(), KerasClass, reader.Name, "images (None, height, width, channels)", Shapes.Format(input),
                input.Count < 3 ? "; add [Reshape(...)] before it to give the values 3 axes" : "");
            return null;
        }
        long height = (long)input[0] + config.Top + config.Bottom, width = (long)input[1] + config.Left + config.Right;
        if (height * width * input[2] > int.MaxValue)
        {
            reader.Report(DiagnosticDescriptors.SizeOverflow, reader.At("padding", 0), $"{KerasClass} '{reader.Name}'", (height * width * input[2]).ToString("N0"));
            return null;
        }
        return reader.Layer(this, input, new[] { (int)height, (int)width, input[2] }.ToEquatableArray(), config);
    }

    public override string RuntimeDescription(LayerSpec layer)
    {
        ZeroPaddingConfig p = (ZeroPaddingConfig)layer.Config;
        return Construct("ZeroPadding2DLayer", layer, ShapeArgument("inputShape", layer.InputShape), $"top: {p.Top}", $"bottom: {p.Bottom}", $"left: {p.Left}", $"right: {p.Right}");
    }

    public override string Details(LayerSpec layer)
    {
        ZeroPaddingConfig p = (ZeroPaddingConfig)layer.Config;
        return $", padding top {p.Top}, bottom {p.Bottom}, left {p.Left}, right {p.Right}";
    }

    public override void WriteForward(LayerPass pass)
        => pass.W.Line($"{Code.Kernels}ZeroPadding.Forward({pass.Input(0)}, {pass.Output}, batch, {Sizes(pass.Layer)});");

    public override void WriteBackward(LayerPass pass)
    {
        string sizes = Sizes(pass.Layer);
        pass.Contribute(0, target => $"{Code.Kernels}ZeroPadding.Backward({pass.Slice(pass.OutputGradient)}, {target}, batch, {sizes});",
            accumulate: target => $"{Code.Kernels}ZeroPadding.Backward({pass.Slice(pass.OutputGradient)}, {target}, batch, {sizes}, accumulate: true);");
    }

    private static string Sizes(LayerSpec layer)
    {
        ZeroPaddingConfig p = (ZeroPaddingConfig)layer.Config;
        return $"{layer.InputShape[0]}, {layer.InputShape[1]}, {layer.InputShape[2]}, {p.Top}, {p.Bottom}, {p.Left}, {p.Right}";
    }
}
