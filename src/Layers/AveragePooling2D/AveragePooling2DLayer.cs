namespace Compiled;

/// <summary>
/// An AveragePooling2D layer as the generator saw it, Keras's <c>AveragePooling2D(pool_size=(2, 2), strides=None, padding='valid', data_format='channels_last')</c>:
/// <c>output[i, j, c] = mean_{u, v} input[i·sh + u - top, j·sw + v - left, c]</c>
/// over the positions inside the input (padding is not counted).
/// </summary>
public sealed class AveragePooling2DLayer : PoolingLayer
{
    /// <summary>Keras's class name, <c>AveragePooling2D</c>.</summary>
    public const string ClassName = "AveragePooling2D";

    /// <param name="name">Keras's layer name: <c>average_pooling2d</c>, <c>average_pooling2d_1</c>, …</param>
    /// <param name="inputShape">One sample's input, <c>(height, width, channels)</c>.</param>
    /// <param name="outputShape">One sample's output, <c>(height', width', channels)</c>.</param>
    /// <param name="poolSize">The window, <c>(ph, pw)</c>.</param>
    /// <param name="strides">The step between windows, <c>(ph, pw)</c>.</param>
    /// <param name="padding"><see cref="Padding.Valid"/> or <see cref="Padding.Same"/>.</param>
    public AveragePooling2DLayer(string name, IReadOnlyList<int> inputShape, IReadOnlyList<int> outputShape, IReadOnlyList<int> poolSize, IReadOnlyList<int> strides, Padding padding)
        : base(name, inputShape, outputShape, poolSize, strides, padding, rank: 2)
    {
    }

    /// <inheritdoc/>
    public override string KerasClass => ClassName;

    /// <inheritdoc/>
    private protected override bool Maximum => false;
}
