namespace Compiled.Generator.Layers;

/// <summary><c>[GlobalMaxPooling1D]</c>: Keras's <c>GlobalMaxPooling1D()</c>.</summary>
internal sealed class GlobalMaxPooling1DLayerKind() : GlobalPoolingLayerKind("GlobalMaxPooling1D", rank: 1, maximum: true);
