using System.Collections.Generic;
using Compiled.Generator.Diagnostics;
using Compiled.Generator.Emit;
using Compiled.Generator.Models;

namespace Compiled.Generator.Layers;

/// <summary>
/// Keras's global pooling layers: the mean or maximum of each channel over every spatial position, run by
/// <c>Compiled.Kernels.GlobalPooling</c>; images and sequences alike are (positions, channels) per sample.
/// </summary>
internal abstract class GlobalPoolingLayerKind : LayerKind
{
    private readonly int _rank;
    private readonly bool _maximum;

    protected GlobalPoolingLayerKind(string kerasClass, int rank, bool maximum) : base(kerasClass, $"Compiled.{kerasClass}Attribute")
        => (_rank, _maximum) = (rank, maximum);

    public override LayerSpec? Read(LayerReader reader, IReadOnlyList<EquatableArray<int>> inputShapes)
    {
        EquatableArray<int> input = inputShapes[0];
        if (input.Count != _rank + 1)
        {
            reader.Report(DiagnosticDescriptors.WrongInputRank, reader.At(), KerasClass, reader.Name,
                _rank == 2 ? "images (None, height, width, channels)" : "sequences (None, steps, channels)", Shapes.Format(input),
                input.Count < _rank + 1 ? $"; add [Reshape(...)] before it to give the values {_rank + 1} axes" : "");
            return null;
        }
        return reader.Layer(this, input, new[] { input[_rank] }.ToEquatableArray(), LayerConfig.None);
    }

    public override string RuntimeDescription(LayerSpec layer) => Construct(KerasClass + "Layer", layer, ShapeArgument("inputShape", layer.InputShape));

    public override void WriteForward(LayerPass pass)
    {
        LayerSpec layer = pass.Layer;
        pass.W.Line($"{Code.Kernels}GlobalPooling.{(_maximum ? "Max" : "Average")}Forward({pass.Input(0)}, {pass.Output}, batch, {Positions(layer)}, {layer.OutputFeatures});");
    }

    public override void WriteBackward(LayerPass pass)
    {
        LayerSpec layer = pass.Layer;
        string sizes = $"batch, {Positions(layer)}, {layer.OutputFeatures}";
        string head = _maximum
            ? $"{Code.Kernels}GlobalPooling.MaxBackward({pass.Slice(pass.Input(0))}, {pass.Slice(pass.OutputGradient)}, "
            : $"{Code.Kernels}GlobalPooling.AverageBackward({pass.Slice(pass.OutputGradient)}, ";
        pass.Contribute(0, target => $"{head}{target}, {sizes});", accumulate: target => $"{head}{target}, {sizes}, accumulate: true);");
    }

    private static int Positions(LayerSpec layer) => Shapes.RowsPerSample(layer.InputShape);
}

/// <summary><c>[GlobalAveragePooling2D]</c>: Keras's <c>GlobalAveragePooling2D()</c>.</summary>
internal sealed class GlobalAveragePooling2DLayerKind() : GlobalPoolingLayerKind("GlobalAveragePooling2D", rank: 2, maximum: false);
