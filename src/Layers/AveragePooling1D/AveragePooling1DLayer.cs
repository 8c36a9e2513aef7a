namespace Compiled;

/// <summary>
/// An AveragePooling1D layer as the generator saw it, Keras's <c>AveragePooling1D(pool_size=2, strides=None, padding='valid', data_format='channels_last')</c>:
/// <c>output[t, c] = mean_u input[t·s + u - before, c]</c>
/// over the steps inside the input (padding is not counted).
/// </summary>
public sealed class AveragePooling1DLayer : PoolingLayer
{
    /// <summary>Keras's class name, <c>AveragePooling1D</c>.</summary>
    public const string ClassName = "AveragePooling1D";

    /// <param name="name">Keras's layer name: <c>average_pooling1d</c>, <c>average_pooling1d_1</c>, …</param>
    /// <param name="inputShape">One sample's input, <c>(steps, channels)</c>.</param>
    /// <param name="outputShape">One sample's output, <c>(steps', channels)</c>.</param>
    /// <param name="poolSize">The window, one value.</param>
    /// <param name="strides">The step between windows, one value.</param>
    /// <param name="padding"><see cref="Padding.Valid"/> or <see cref="Padding.Same"/>.</param>
    public AveragePooling1DLayer(string name, IReadOnlyList<int> inputShape, IReadOnlyList<int> outputShape, IReadOnlyList<int> poolSize, IReadOnlyList<int> strides, Padding padding)
        : base(name, inputShape, outputShape, poolSize, strides, padding, rank: 1)
    {
    }

    /// <inheritdoc/>
    public override string KerasClass => ClassName;

    /// <inheritdoc/>
    private protected override bool Maximum => false;
}
