using System.Collections.Generic;
using Compiled.Generator.Models;

namespace Compiled.Generator.Layers;

/// <summary><c>[Flatten]</c>: Keras's <c>Flatten()</c>, one sample's values as one axis.</summary>
internal sealed class FlattenLayerKind : ShapeOnlyLayerKind
{
    public FlattenLayerKind() : base("Flatten", "Compiled.FlattenAttribute")
    {
    }

    public override string RuntimeDescription(LayerSpec layer) => Construct("FlattenLayer", layer, ShapeArgument("inputShape", layer.InputShape));

    public override LayerSpec? Read(LayerReader reader, IReadOnlyList<EquatableArray<int>> inputShapes)
        => reader.Layer(this, inputShapes[0], new[] { Shapes.Size(inputShapes[0]) }.ToEquatableArray(), LayerConfig.None);
}
