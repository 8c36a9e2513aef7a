using System.Collections.Generic;
using System.Linq;
using Compiled.Generator.Diagnostics;
using Compiled.Generator.Emit;
using Compiled.Generator.Models;

namespace Compiled.Generator.Layers;

/// <summary>Concatenate's axis within one sample's shape (the batch axis excluded).</summary>
internal sealed record ConcatenateConfig(int Axis) : LayerConfig;

/// <summary><c>[Concatenate(nameof(A), nameof(B), Axis = -1)]</c>: inputs joined along an axis; they agree on every other.</summary>
internal sealed class ConcatenateLayerKind : LayerKind
{
    public ConcatenateLayerKind() : base("Concatenate", "Compiled.ConcatenateAttribute")
    {
    }

    public override NodeInputs Inputs => NodeInputs.Many;

    public override string RuntimeDescription(LayerSpec layer)
        => Construct("ConcatenateLayer", layer, ShapeArgument("inputShape", layer.InputShape), ShapeArgument("outputShape", layer.OutputShape),
            $"axis: {((ConcatenateConfig)layer.Config).Axis + 1}");

    public override LayerSpec? Read(LayerReader reader, IReadOnlyList<EquatableArray<int>> shapes)
    {
        string name = reader.Name;
        if (shapes.Count < 2)
        {
            reader.Report(DiagnosticDescriptors.WrongInputCount, reader.At(), KerasClass, name, "two or more inputs", shapes.Count == 1 ? "one" : shapes.Count.ToString());
            return null;
        }
        EquatableArray<int> first = shapes[0];
        int axis = reader.Named("Axis", -1);
        int rank = first.Count + 1;
        if (axis < -rank || axis >= rank || axis == 0 || axis == -rank)
        {
            reader.Report(DiagnosticDescriptors.AxisOutOfRange, reader.At("Axis"), KerasClass, name, axis.ToString(), Shapes.Format(first),
                $"1 to {rank - 1}, or -1 to -{rank - 1} from the end (axis 0 is the batch)");
            return null;
        }
        int sampleAxis = (axis < 0 ? axis + rank : axis) - 1;
        long joined = 0;
        for (int i = 0; i < shapes.Count; i++)
        {
            EquatableArray<int> shape = shapes[i];
            bool agrees = shape.Count == first.Count && Enumerable.Range(0, first.Count).All(d => d == sampleAxis || shape[d] == first[d]);
            if (!agrees)
            {
                reader.Report(DiagnosticDescriptors.InputShapesDisagree, reader.At(null, i), KerasClass, name,
                    $"on axis {axis} every input must match '{reader.InputNames[0]}' {Shapes.Format(first)} on the other axes, but '{reader.InputNames[i]}' has shape {Shapes.Format(shape)}");
                return null;
            }
            joined += shape[sampleAxis];
        }
        int[] output = first.ToArray();
        if (joined * (Shapes.Size(first) / first[sampleAxis]) > int.MaxValue)
        {
            reader.Report(DiagnosticDescriptors.SizeOverflow, reader.At(), $"Concatenate '{name}'", (joined * (Shapes.Size(first) / first[sampleAxis])).ToString("N0"));
            return null;
        }
        output[sampleAxis] = (int)joined;
        return reader.Layer(this, first, output.ToEquatableArray(), new ConcatenateConfig(sampleAxis));
    }

    public override void WriteForward(LayerPass pass)
    {
        for (int k = 0; k < pass.Layer.Inputs.Count; k++)
        {
            (string outer, int part, int whole, int offset) = Runs(pass, k);
            pass.W.Line($"{Code.Kernels}Concatenation.Write({pass.Slice(pass.Input(k))}, {pass.Slice(pass.Output)}, {outer}, {part}, {whole}, {offset});");
        }
    }

    public override void WriteBackward(LayerPass pass)
    {
        string dy = pass.OutputGradient;
        for (int k = 0; k < pass.Layer.Inputs.Count; k++)
        {
            if (!pass.NeedsInputGradient(k)) continue;
            (string outer, int part, int whole, int offset) = Runs(pass, k);
            pass.Contribute(k, target => $"{Code.Kernels}Concatenation.Read({pass.Slice(dy)}, {target}, {outer}, {part}, {whole}, {offset});");
        }
    }

    /// <summary>The runs the values are copied in: how many, and each input's and the output's values per run, and the input's offset in them.</summary>
    private static (string Outer, int Part, int Whole, int Offset) Runs(LayerPass pass, int k)
    {
        LayerSpec layer = pass.Layer;
        int axis = ((ConcatenateConfig)layer.Config).Axis;
        int before = layer.OutputShape.Take(axis).Aggregate(1, (p, d) => p * d);
        int Run(EquatableArray<int> shape) => shape.Skip(axis).Aggregate(1, (p, d) => p * d);
        int offset = 0;
        for (int j = 0; j < k; j++) offset += Run(pass.Model.Layers[layer.Inputs[j]].OutputShape);
        return (before == 1 ? "batch" : $"batch * {before}", Run(pass.Model.Layers[layer.Inputs[k]].OutputShape), Run(layer.OutputShape), offset);
    }
}
