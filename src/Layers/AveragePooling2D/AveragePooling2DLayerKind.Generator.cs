namespace Compiled.Generator.Layers;

/// <summary><c>[AveragePooling2D(2)]</c>: Keras's <c>AveragePooling2D</c>.</summary>
internal sealed class AveragePooling2DLayerKind() : PoolingLayerKind("AveragePooling2D", rank: 2, maximum: false);
