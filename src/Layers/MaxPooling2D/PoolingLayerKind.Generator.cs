using System.Collections.Generic;
using System.Linq;
using Compiled.Generator.Diagnostics;
using Compiled.Generator.Emit;
using Compiled.Generator.Models;
using Microsoft.CodeAnalysis;

namespace Compiled.Generator.Layers;

/// <summary>A pooling layer's padding and its window on each spatial axis.</summary>
internal sealed record PoolingConfig(PaddingKind Padding, EquatableArray<WindowAxis> Axes) : LayerConfig;

/// <summary>
/// Keras's pooling layers, channels_last: the maximum or mean of each window, per channel, run by
/// <c>Compiled.Kernels.Pooling</c> (1-D pooling as an image one row high). Padded positions never count:
/// a window at a 'same' edge takes the maximum or mean of the values it covers.
/// </summary>
internal abstract class PoolingLayerKind : LayerKind
{
    private readonly int _rank;
    private readonly bool _maximum;

    protected PoolingLayerKind(string kerasClass, int rank, bool maximum) : base(kerasClass, $"Compiled.{kerasClass}Attribute")
        => (_rank, _maximum) = (rank, maximum);

    public override IEnumerable<string> FieldSuffixes => new[] { "Geometry" };

    public override LayerSpec? Read(LayerReader reader, IReadOnlyList<EquatableArray<int>> inputShapes)
    {
        EquatableArray<int> input = inputShapes[0];
        int[]? pool = Windows.ReadSizes(reader, "poolSize", 0, _rank, 2, "pool_size", noneMeansDefault: true);
        if (pool is null) return null;
        // Keras's strides=None is the pool size; the 1-D attribute spells it 0.
        bool defaultStrides = reader.Named("Strides") is not { } written || written.IsNull || written.Kind != TypedConstantKind.Array && written.Value is 0;
        int[]? strides = defaultStrides ? pool : Windows.ReadSizes(reader, "Strides", -1, _rank, 1, "strides");
        PaddingKind? padding = Windows.ReadPadding(reader, causalAllowed: false);
        if (strides is null || padding is null) return null;
        if (input.Count != _rank + 1)
        {
            reader.Report(DiagnosticDescriptors.WrongInputRank, reader.At(), KerasClass, reader.Name,
                _rank == 2 ? "images (None, height, width, channels)" : "sequences (None, steps, channels)", Shapes.Format(input),
                input.Count < _rank + 1 ? $"; add [Reshape(...)] before it to give the values {_rank + 1} axes" : "");
            return null;
        }
        List<WindowAxis> axes = new();
        for (int a = 0; a < _rank; a++)
        {
            if (Windows.Axis(input[a], pool[a], strides[a], 1, padding.Value) is not { } axis)
            {
                reader.Report(DiagnosticDescriptors.WindowTooLarge, reader.At("poolSize", 0), KerasClass, reader.Name, Windows.Format(pool), Shapes.Format(input),
                    $"with padding 'valid' the window must fit in axis {a + 1}, which has {input[a]}; use Padding.Same or a smaller pool_size");
                return null;
            }
            axes.Add(axis);
        }
        int[] output = axes.Select(axis => axis.Output).Concat(new[] { input[_rank] }).ToArray();
        return reader.Layer(this, input, output.ToEquatableArray(), new PoolingConfig(padding.Value, axes.ToEquatableArray()));
    }

    public override string RuntimeDescription(LayerSpec layer)
    {
        PoolingConfig config = (PoolingConfig)layer.Config;
        return Construct(KerasClass + "Layer", layer, ShapeArgument("inputShape", layer.InputShape), ShapeArgument("outputShape", layer.OutputShape),
            ShapeArgument("poolSize", config.Axes.Select(a => a.Kernel)), ShapeArgument("strides", config.Axes.Select(a => a.Stride)),
            $"padding: global::Compiled.Padding.{config.Padding}");
    }

    public override string Details(LayerSpec layer)
    {
        PoolingConfig config = (PoolingConfig)layer.Config;
        return $", {Windows.Format(config.Axes.Select(a => a.Kernel))} window, strides {Windows.Format(config.Axes.Select(a => a.Stride))}, {config.Padding.ToString().ToLowerInvariant()}";
    }

    public override void WriteForward(LayerPass pass)
    {
        LayerSpec layer = pass.Layer;
        pass.AddMethod(w => WriteGeometry(w, layer));
        string operation = _maximum ? "MaxForward" : "AverageForward";
        pass.W.Line($"{Code.Kernels}Pooling.{operation}({pass.Input(0)}, {pass.Output}, {layer.BufferStem}Geometry, batch, {layer.OutputFeatures});");
    }

    public override void WriteBackward(LayerPass pass)
    {
        LayerSpec layer = pass.Layer;
        string geometry = $"{layer.BufferStem}Geometry, batch, {layer.OutputFeatures}";
        pass.Contribute(0, target => _maximum
                ? $"{Code.Kernels}Pooling.MaxBackward({pass.Slice(pass.Input(0))}, {pass.Slice(pass.OutputGradient)}, {target}, {geometry});"
                : $"{Code.Kernels}Pooling.AverageBackward({pass.Slice(pass.OutputGradient)}, {target}, {geometry});",
            accumulate: target => _maximum
                ? $"{Code.Kernels}Pooling.MaxBackward({pass.Slice(pass.Input(0))}, {pass.Slice(pass.OutputGradient)}, {target}, {geometry}, accumulate: true);"
                : $"{Code.Kernels}Pooling.AverageBackward({pass.Slice(pass.OutputGradient)}, {target}, {geometry}, accumulate: true);");
    }

    private void WriteGeometry(CodeWriter w, LayerSpec layer)
    {
        PoolingConfig config = (PoolingConfig)layer.Config;
        WindowAxis row = _rank == 2 ? config.Axes[0] : new WindowAxis(1, 1, 1, 1, 0, 1);
        WindowAxis column = config.Axes[_rank - 1];
        string padding = config.Padding == PaddingKind.Same ? "same" : "valid";
        w.Line($"/// <summary>{layer.Name}'s sizes: {Shapes.Format(layer.InputShape)} -> {Shapes.Format(layer.OutputShape)}{Details(layer)}.</summary>");
        w.Line($"private static readonly global::Compiled.Kernels.PoolingGeometry {layer.BufferStem}Geometry = global::Compiled.Kernels.PoolingGeometry.Create(");
        w.Line($"    inputHeight: {row.Input}, inputWidth: {column.Input}, poolHeight: {row.Kernel}, poolWidth: {column.Kernel}, strideHeight: {row.Stride}, strideWidth: {column.Stride}, padding: {Code.Literal(padding)});");
        w.Line();
    }
}

/// <summary><c>[MaxPooling2D(2)]</c>: Keras's <c>MaxPooling2D</c>.</summary>
internal sealed class MaxPooling2DLayerKind() : PoolingLayerKind("MaxPooling2D", rank: 2, maximum: true);
