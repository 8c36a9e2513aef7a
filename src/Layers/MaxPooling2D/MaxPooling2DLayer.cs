namespace Compiled;

/// <summary>
/// A MaxPooling2D layer as the generator saw it, Keras's <c>MaxPooling2D(pool_size=(2, 2), strides=None, padding='valid', data_format='channels_last')</c>:
/// <c>output[i, j, c] = max_{u, v} input[i·sh + u - top, j·sw + v - left, c]</c>
/// over the positions inside the input.
/// </summary>
public sealed class MaxPooling2DLayer : PoolingLayer
{
    /// <summary>Keras's class name, <c>MaxPooling2D</c>.</summary>
    public const string ClassName = "MaxPooling2D";

    /// <param name="name">Keras's layer name: <c>max_pooling2d</c>, <c>max_pooling2d_1</c>, …</param>
    /// <param name="inputShape">One sample's input, <c>(height, width, channels)</c>.</param>
    /// <param name="outputShape">One sample's output, <c>(height', width', channels)</c>.</param>
    /// <param name="poolSize">The window, <c>(ph, pw)</c>.</param>
    /// <param name="strides">The step between windows, <c>(ph, pw)</c>.</param>
    /// <param name="padding"><see cref="Padding.Valid"/> or <see cref="Padding.Same"/>.</param>
    public MaxPooling2DLayer(string name, IReadOnlyList<int> inputShape, IReadOnlyList<int> outputShape, IReadOnlyList<int> poolSize, IReadOnlyList<int> strides, Padding padding)
        : base(name, inputShape, outputShape, poolSize, strides, padding, rank: 2)
    {
    }

    /// <inheritdoc/>
    public override string KerasClass => ClassName;

    /// <inheritdoc/>
    private protected override bool Maximum => true;
}
