using System.Collections.Generic;
using System.Linq;
using Compiled.Generator.Diagnostics;
using Compiled.Generator.Emit;
using Compiled.Generator.Models;
using Microsoft.CodeAnalysis;

namespace Compiled.Generator.Layers;

/// <summary>
/// A layer that gives its input's values another shape: row-major values keep their order, so its output is
/// its input's buffer and its gradient its input's gradient. Nothing to compute either way.
/// </summary>
internal abstract class ShapeOnlyLayerKind : LayerKind
{
    protected ShapeOnlyLayerKind(string kerasClass, string attributeName) : base(kerasClass, attributeName)
    {
    }

    public override bool AliasesInput => true;

    public override void WriteForward(LayerPass pass)
        => pass.W.Line($"// Row-major values keep their order under a new shape: this layer reads {pass.Output} as it is.");

    public override void WriteBackward(LayerPass pass)
    {
        // Never called: the pass writer skips layers that share their input's buffers.
    }
}

/// <summary><c>[Reshape(2, 8)]</c>: Keras's <c>Reshape((2, 8))</c>; one dimension may be -1, inferred from the others.</summary>
internal sealed class ReshapeLayerKind : ShapeOnlyLayerKind
{
    public ReshapeLayerKind() : base("Reshape", "Compiled.ReshapeAttribute")
    {
    }

    public override string RuntimeDescription(LayerSpec layer)
        => Construct("ReshapeLayer", layer, ShapeArgument("inputShape", layer.InputShape), ShapeArgument("outputShape", layer.OutputShape));

    public override LayerSpec? Read(LayerReader reader, IReadOnlyList<EquatableArray<int>> inputShapes)
    {
        EquatableArray<int> inputShape = inputShapes[0];
        AttributeData attribute = reader.Attribute;
        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0] is not { Kind: TypedConstantKind.Array } array)
        {
            reader.CompilerError();
            return null;
        }
        int size = Shapes.Size(inputShape);
        string name = reader.Name;
        int[] requested = array.IsNull ? new int[0] : array.Values.Select(v => v.Value is int d ? d : 0).ToArray();
        LocationInfo? where = reader.At("targetShape", 0);
        string requestedText = "(" + string.Join(", ", requested) + ")";
        if (requested.Length == 0 || requested.Any(d => d == 0 || d < -1))
        {
            reader.Report(DiagnosticDescriptors.NonPositiveSize, where, $"Every Reshape '{name}' dimension (or one -1)", requested.Length == 0 ? "an empty shape" : requestedText);
            return null;
        }
        int unknown = requested.Count(d => d == -1);
        long known = requested.Where(d => d != -1).Aggregate(1L, (p, d) => p * d);
        string inputText = Shapes.Format(inputShape);
        if (unknown > 1)
        {
            reader.Report(DiagnosticDescriptors.ReshapeSizeMismatch, where, name, requestedText, inputText, "only one dimension can be -1");
            return null;
        }
        if (unknown == 1 ? size % known != 0 : known != size)
        {
            reader.Report(DiagnosticDescriptors.ReshapeSizeMismatch, where, name, requestedText, inputText,
                unknown == 1
                    ? $"its {size} values per sample do not divide into dimensions of {known}"
                    : $"the target holds {known:N0} values per sample, the input {size:N0}");
            return null;
        }
        int[] target = requested.Select(d => d == -1 ? (int)(size / known) : d).ToArray();
        return reader.Layer(this, inputShape, target.ToEquatableArray(), LayerConfig.None);
    }
}
