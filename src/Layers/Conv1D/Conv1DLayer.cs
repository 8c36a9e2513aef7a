namespace Compiled;

/// <summary>
/// A Conv1D layer as the generator saw it, Keras's <c>Conv1D(filters, kernel_size, strides=1, padding='valid',
/// data_format='channels_last', dilation_rate=1, activation=None, use_bias=True, kernel_initializer='glorot_uniform',
/// bias_initializer='zeros')</c>:
/// <c>output[t, f] = activation(bias[f] + Σ_{u, c} input[t·s + u·d - before, c] · kernel[u, c, f])</c>, zeros outside
/// the input (<c>causal</c>: <c>(k - 1)·d</c> zeros before, so step t sees steps up to t only). Input
/// <c>(steps, channels)</c>, output <c>(steps', filters)</c>; weights <c>kernel</c> <c>(k, channels, filters)</c> and,
/// with a bias, <c>bias</c> <c>(filters,)</c>.
/// </summary>
public sealed class Conv1DLayer : ConvolutionLayer
{
    /// <summary>Keras's class name, <c>Conv1D</c>.</summary>
    public const string ClassName = "Conv1D";

    /// <param name="name">Keras's layer name: <c>conv1d</c>, <c>conv1d_1</c>, …</param>
    /// <param name="inputShape">One sample's input, <c>(steps, channels)</c>.</param>
    /// <param name="outputShape">One sample's output, <c>(steps', filters)</c>.</param>
    /// <param name="filters">The output channels.</param>
    /// <param name="kernelSize">The window, one value.</param>
    /// <param name="strides">The step between windows, one value.</param>
    /// <param name="padding"><see cref="Padding.Valid"/>, <see cref="Padding.Same"/> or <see cref="Padding.Causal"/>.</param>
    /// <param name="dilationRate">The spacing of the window's taps, one value.</param>
    /// <param name="activation">The activation applied after the convolution and bias.</param>
    /// <param name="useBias">Whether the layer adds a bias.</param>
    /// <param name="parameterOffset">Where the kernel starts in <see cref="Model.Parameters"/>; the bias follows it.</param>
    /// <param name="kernelInitializer">How the kernel was initialized.</param>
    /// <param name="biasInitializer">How the bias was initialized; null without a bias.</param>
    public Conv1DLayer(string name, IReadOnlyList<int> inputShape, IReadOnlyList<int> outputShape, int filters, IReadOnlyList<int> kernelSize,
        IReadOnlyList<int> strides, Padding padding, IReadOnlyList<int> dilationRate, Activation activation, bool useBias, int parameterOffset,
        Initializer? kernelInitializer = null, Initializer? biasInitializer = null)
        : base(name, inputShape, outputShape, filters, kernelSize, strides, padding, dilationRate, activation, useBias, parameterOffset,
            kernelInitializer, biasInitializer, rank: 1)
    {
    }

    /// <inheritdoc/>
    public override string KerasClass => ClassName;
}
