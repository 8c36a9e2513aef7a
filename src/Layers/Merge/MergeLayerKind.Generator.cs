using System.Collections.Generic;
using System.Linq;
using Compiled.Generator.Diagnostics;
using Compiled.Generator.Emit;
using Compiled.Generator.Models;

namespace Compiled.Generator.Layers;

/// <summary>
/// The element-wise merges, Keras's <c>Add</c>, <c>Subtract</c>, <c>Multiply</c>, <c>Average</c> and
/// <c>Maximum</c>: inputs of one shape combined value by value (Subtract takes exactly two).
/// </summary>
internal sealed class MergeLayerKind : LayerKind
{
    /// <summary>The buffer Maximum's backward pass hands its gradient out from, shared by every Maximum.</summary>
    public const string UnclaimedBuffer = "_maximumUnclaimed";

    public MergeLayerKind(string operation) : base(operation, "Compiled." + operation + "Attribute")
    {
    }

    public override NodeInputs Inputs => NodeInputs.Many;

    public override IEnumerable<string> SharedFields => new[] { UnclaimedBuffer };

    public override string RuntimeDescription(LayerSpec layer)
        => Construct("MergeLayer", layer, ShapeArgument("shape", layer.OutputShape), $"operation: global::Compiled.MergeOperation.{KerasClass}");

    public override LayerSpec? Read(LayerReader reader, IReadOnlyList<EquatableArray<int>> shapes)
    {
        bool subtract = KerasClass == "Subtract";
        if (subtract ? shapes.Count != 2 : shapes.Count < 2)
        {
            reader.Report(DiagnosticDescriptors.WrongInputCount, reader.At(), KerasClass, reader.Name,
                subtract ? "exactly two inputs" : "two or more inputs", shapes.Count == 1 ? "one" : shapes.Count.ToString());
            return null;
        }
        EquatableArray<int> first = shapes[0];
        for (int i = 1; i < shapes.Count; i++)
        {
            if (!shapes[i].Equals(first))
            {
                reader.Report(DiagnosticDescriptors.InputShapesDisagree, reader.At(null, i), KerasClass, reader.Name,
                    $"'{reader.InputNames[0]}' has shape {Shapes.Format(first)} but '{reader.InputNames[i]}' has shape {Shapes.Format(shapes[i])}; they must be equal");
                return null;
            }
        }
        return reader.Layer(this, first, first, LayerConfig.None);
    }

    public override void WriteForward(LayerPass pass)
    {
        LayerSpec layer = pass.Layer;
        string result = pass.Slice(pass.Output);
        string op = KerasClass switch
        {
            "Subtract" => "Subtract",
            "Multiply" => "Multiply",
            "Maximum" => "Maximum",
            _ => "Add",
        };
        pass.W.Line($"{Code.Kernels}Merge.{op}({pass.Slice(pass.Input(0))}, {pass.Slice(pass.Input(1))}, {result});");
        for (int k = 2; k < layer.Inputs.Count; k++)
            pass.W.Line($"{Code.Kernels}Merge.{op}({result}, {pass.Slice(pass.Input(k))}, {result});");
        if (KerasClass == "Average")
            pass.W.Line($"{Code.Kernels}Merge.Scale({result}, 1f / {layer.Inputs.Count}, {result});");
    }

    public override void WriteBackward(LayerPass pass)
    {
        LayerSpec layer = pass.Layer;
        string gradient = pass.Slice(pass.OutputGradient);
        int count = layer.Inputs.Count;
        if (KerasClass == "Maximum")
        {
            // Ties go to the first input holding the maximum, as TensorFlow's gradient gives them.
            int size = Shapes.Size(layer.OutputShape);
            string unclaimed = pass.SharedSlice(UnclaimedBuffer, size);
            pass.W.Line($"{Code.Kernels}Linear.Forward({gradient}, {unclaimed});");
            for (int k = 0; k < count; k++)
            {
                int kk = k;
                string call(string target) => $"{Code.Kernels}Merge.MaximumBackward({pass.Slice(pass.Input(kk))}, {pass.Slice(pass.Output)}, {unclaimed}, {target});";
                if (pass.NeedsInputGradient(k))
                    pass.Contribute(k, call);
                else
                    pass.W.Line(call(pass.ScratchSlice(size)));
            }
            return;
        }
        for (int k = 0; k < count; k++)
        {
            if (!pass.NeedsInputGradient(k)) continue;
            switch (KerasClass)
            {
                case "Add":
                case "Subtract" when k == 0:
                    pass.Contribute(k, target => $"{Code.Kernels}Linear.Backward({gradient}, {target});",
                        accumulate: target => $"{Code.Kernels}Merge.Accumulate({gradient}, {target});");
                    break;
                case "Subtract":
                    pass.Contribute(k, target => $"{Code.Kernels}Merge.Negate({gradient}, {target});");
                    break;
                case "Average":
                    pass.Contribute(k, target => $"{Code.Kernels}Merge.Scale({gradient}, 1f / {count}, {target});");
                    break;
                case "Multiply":
                {
                    // d(x1·x2·…)/dxk is the product of the other inputs.
                    int kk = k;
                    pass.Contribute(k, target => string.Join("\n", Enumerable.Range(0, count).Where(j => j != kk).Select((j, n) =>
                        $"{Code.Kernels}Merge.Multiply({(n == 0 ? gradient : target)}, {pass.Slice(pass.Input(j))}, {target});")));
                    break;
                }
            }
        }
    }
}
