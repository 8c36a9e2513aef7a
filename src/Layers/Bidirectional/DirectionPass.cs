namespace Compiled.Kernels;

/// <summary>
/// One copy's pass of a <c>Bidirectional</c> layer, as the generated code writes it: <paramref name="direction"/> 0 runs
/// the forward copy, 1 the backward copy, over the layer's <paramref name="input"/> for <paramref name="batch"/> samples.
/// See <see cref="Bidirectional.RunDirections{TModel}(TModel, ReadOnlySpan{float}, int, DirectionPass{TModel})"/>.
/// </summary>
public delegate void DirectionPass<in TModel>(TModel model, ReadOnlySpan<float> input, int batch, int direction);
