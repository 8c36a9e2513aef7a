using Compiled.Generator.Diagnostics;
using Compiled.Generator.Models;

namespace Compiled.Generator.Layers;

/// <summary><c>[Softmax(Axis = -1)]</c>: Keras's <c>Softmax()</c>, over the last axis only.</summary>
internal sealed class SoftmaxLayerKind : ActivationFunctionLayerKind
{
    public SoftmaxLayerKind() : base("Softmax", "Compiled.SoftmaxAttribute")
    {
    }

    protected override ActivationKind? ReadFunction(LayerReader reader, EquatableArray<int> inputShape)
    {
        if (reader.Named("Axis")?.Value is int axis)
        {
            int rank = inputShape.Count + 1;
            string shapeText = Shapes.Format(inputShape);
            if (axis < -rank || axis >= rank)
            {
                reader.Report(DiagnosticDescriptors.LayerCannotFollow, reader.At("Axis"), "Softmax", reader.Name, shapeText,
                    $"axis {axis} is out of range for its {rank} axes (batch included); expected -{rank} to {rank - 1}");
                return null;
            }
            if ((axis < 0 ? axis + rank : axis) != rank - 1)
            {
                reader.Report(DiagnosticDescriptors.UnsupportedAxis, reader.At("Axis"), "Softmax", reader.Name, axis.ToString(), shapeText);
                return null;
            }
        }
        return ActivationKind.Softmax;
    }
}
