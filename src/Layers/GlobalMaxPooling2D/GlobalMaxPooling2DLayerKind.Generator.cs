namespace Compiled.Generator.Layers;

/// <summary><c>[GlobalMaxPooling2D]</c>: Keras's <c>GlobalMaxPooling2D()</c>.</summary>
internal sealed class GlobalMaxPooling2DLayerKind() : GlobalPoolingLayerKind("GlobalMaxPooling2D", rank: 2, maximum: true);
