namespace Compiled.Generator.Layers;

/// <summary><c>[AveragePooling1D(2)]</c>: Keras's <c>AveragePooling1D</c>.</summary>
internal sealed class AveragePooling1DLayerKind() : PoolingLayerKind("AveragePooling1D", rank: 1, maximum: false);
