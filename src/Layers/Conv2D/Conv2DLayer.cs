namespace Compiled;

/// <summary>
/// A Conv2D layer as the generator saw it, Keras's <c>Conv2D(filters, kernel_size, strides=(1, 1), padding='valid',
/// data_format='channels_last', dilation_rate=(1, 1), activation=None, use_bias=True, kernel_initializer='glorot_uniform',
/// bias_initializer='zeros')</c>:
/// <c>output[i, j, f] = activation(bias[f] + Σ_{u, v, c} input[i·sh + u·dh - top, j·sw + v·dw - left, c] · kernel[u, v, c, f])</c>,
/// zeros outside the input. Input <c>(height, width, channels)</c>, output <c>(height', width', filters)</c>; weights
/// <c>kernel</c> <c>(kh, kw, channels, filters)</c> and, with a bias, <c>bias</c> <c>(filters,)</c>.
/// </summary>
public sealed class Conv2DLayer : ConvolutionLayer
{
    /// <summary>Keras's class name, <c>Conv2D</c>.</summary>
    public const string ClassName = "Conv2D";

    /// <param name="name">Keras's layer name: <c>conv2d</c>, <c>conv2d_1</c>, …</param>
    /// <param name="inputShape">One sample's input, <c>(height, width, channels)</c>.</param>
    /// <param name="outputShape">One sample's output, <c>(height', width', filters)</c>.</param>
    /// <param name="filters">The output channels.</param>
    /// <param name="kernelSize">The window, <c>(kh, kw)</c>.</param>
    /// <param name="strides">The step between windows, <c>(sh, sw)</c>.</param>
    /// <param name="padding"><see cref="Padding.Valid"/> or <see cref="Padding.Same"/>.</param>
    /// <param name="dilationRate">The spacing of the window's taps, <c>(dh, dw)</c>.</param>
    /// <param name="activation">The activation applied after the convolution and bias.</param>
    /// <param name="useBias">Whether the layer adds a bias.</param>
    /// <param name="parameterOffset">Where the kernel starts in <see cref="Model.Parameters"/>; the bias follows it.</param>
    /// <param name="kernelInitializer">How the kernel was initialized.</param>
    /// <param name="biasInitializer">How the bias was initialized; null without a bias.</param>
    public Conv2DLayer(string name, IReadOnlyList<int> inputShape, IReadOnlyList<int> outputShape, int filters, IReadOnlyList<int> kernelSize,
        IReadOnlyList<int> strides, Padding padding, IReadOnlyList<int> dilationRate, Activation activation, bool useBias, int parameterOffset,
        Initializer? kernelInitializer = null, Initializer? biasInitializer = null)
        : base(name, inputShape, outputShape, filters, kernelSize, strides, padding, dilationRate, activation, useBias, parameterOffset,
            kernelInitializer, biasInitializer, rank: 2)
    {
    }

    /// <inheritdoc/>
    public override string KerasClass => ClassName;
}
