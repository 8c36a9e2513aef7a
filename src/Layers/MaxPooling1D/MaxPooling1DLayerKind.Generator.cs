namespace Compiled.Generator.Layers;

/// <summary><c>[MaxPooling1D(2)]</c>: Keras's <c>MaxPooling1D</c>.</summary>
internal sealed class MaxPooling1DLayerKind() : PoolingLayerKind("MaxPooling1D", rank: 1, maximum: true);
