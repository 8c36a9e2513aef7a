namespace Compiled.Generator.Layers;

/// <summary><c>[GlobalAveragePooling1D]</c>: Keras's <c>GlobalAveragePooling1D()</c>.</summary>
internal sealed class GlobalAveragePooling1DLayerKind() : GlobalPoolingLayerKind("GlobalAveragePooling1D", rank: 1, maximum: false);
