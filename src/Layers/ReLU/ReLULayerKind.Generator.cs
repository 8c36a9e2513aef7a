using Compiled.Generator.Models;

namespace Compiled.Generator.Layers;

/// <summary><c>[ReLU]</c>: Keras's <c>ReLU()</c>, <c>max(x, 0)</c>.</summary>
internal sealed class ReLULayerKind : ActivationFunctionLayerKind
{
    public ReLULayerKind() : base("ReLU", "Compiled.ReLUAttribute")
    {
    }

    protected override ActivationKind? ReadFunction(LayerReader reader, EquatableArray<int> inputShape) => ActivationKind.Relu;
}
