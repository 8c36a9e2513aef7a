namespace Compiled.Kernels;

/// <summary>
/// Every size of one convolution: the input <c>(height, width, channels)</c> of a sample, the kernel
/// <c>(kernelHeight, kernelWidth, channels, filters)</c>, strides, dilations, the zero padding before each
/// spatial axis and the output <c>(outputHeight, outputWidth, filters)</c>. Data is <c>channels_last</c>;
/// a Conv1D is the same convolution with <c>height = kernelHeight = 1</c>.
/// </summary>
/// <remarks>
/// <see cref="Create"/> derives the padding and output size from Keras's rules; the constructor takes them
/// as given (the generated code writes the numbers the generator computed). Padding after an axis is
/// implied: output pixels whose taps fall past the input read zeros.
/// </remarks>
public readonly record struct ConvolutionGeometry
{
    /// <summary>A geometry with every size given; sizes must be positive and paddings not negative.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is zero or negative, or a padding is negative.</exception>
    public ConvolutionGeometry(int height, int width, int channels, int kernelHeight, int kernelWidth, int filters,
        int strideHeight, int strideWidth, int dilationHeight, int dilationWidth, int padTop, int padLeft,
        int outputHeight, int outputWidth)
    {
        Positive(height, nameof(height)); Positive(width, nameof(width)); Positive(channels, nameof(channels));
        Positive(kernelHeight, nameof(kernelHeight)); Positive(kernelWidth, nameof(kernelWidth)); Positive(filters, nameof(filters));
        Positive(strideHeight, nameof(strideHeight)); Positive(strideWidth, nameof(strideWidth));
        Positive(dilationHeight, nameof(dilationHeight)); Positive(dilationWidth, nameof(dilationWidth));
        Positive(outputHeight, nameof(outputHeight)); Positive(outputWidth, nameof(outputWidth));
        if (padTop < 0) throw new ArgumentOutOfRangeException(nameof(padTop), $"Padding must not be negative; got padTop={padTop}.");
        if (padLeft < 0) throw new ArgumentOutOfRangeException(nameof(padLeft), $"Padding must not be negative; got padLeft={padLeft}.");
        (Height, Width, Channels, KernelHeight, KernelWidth, Filters) = (height, width, channels, kernelHeight, kernelWidth, filters);
        (StrideHeight, StrideWidth, DilationHeight, DilationWidth) = (strideHeight, strideWidth, dilationHeight, dilationWidth);
        (PadTop, PadLeft, OutputHeight, OutputWidth) = (padTop, padLeft, outputHeight, outputWidth);
    }

    /// <summary>Rows of a sample's input (1 for a Conv1D).</summary>
    public int Height { get; }

    /// <summary>Columns of a sample's input (the steps of a Conv1D).</summary>
    public int Width { get; }

    /// <summary>Channels of the input, the last axis.</summary>
    public int Channels { get; }

    /// <summary>Rows of the kernel window (1 for a Conv1D).</summary>
    public int KernelHeight { get; }

    /// <summary>Columns of the kernel window.</summary>
    public int KernelWidth { get; }

    /// <summary>Output channels, one per filter.</summary>
    public int Filters { get; }

    /// <summary>Step between output rows, in input rows.</summary>
    public int StrideHeight { get; }

    /// <summary>Step between output columns, in input columns.</summary>
    public int StrideWidth { get; }

    /// <summary>Step between kernel rows, in input rows.</summary>
    public int DilationHeight { get; }

    /// <summary>Step between kernel columns, in input columns.</summary>
    public int DilationWidth { get; }

    /// <summary>Zero rows before the input.</summary>
    public int PadTop { get; }

    /// <summary>Zero columns before the input.</summary>
    public int PadLeft { get; }

    /// <summary>Rows of a sample's output.</summary>
    public int OutputHeight { get; }

    /// <summary>Columns of a sample's output.</summary>
    public int OutputWidth { get; }

    /// <summary>Rows of the kernel seen as a matrix, <c>kernelHeight · kernelWidth · channels</c>: the length of one patch.</summary>
    public int Depth => KernelHeight * KernelWidth * Channels;

    /// <summary>Floats of the kernel, <c>Depth · filters</c>.</summary>
    public int KernelLength => Depth * Filters;

    /// <summary>Floats of one sample's input, <c>height · width · channels</c>.</summary>
    public int InputLength => Height * Width * Channels;

    /// <summary>Floats of one sample's output, <c>outputHeight · outputWidth · filters</c>.</summary>
    public int OutputLength => OutputHeight * OutputWidth * Filters;

    /// <summary>
    /// The geometry Keras gives a convolution: with <paramref name="padding"/> <c>"valid"</c>,
    /// <c>out = floor((in - (k - 1)·dilation - 1) / stride) + 1</c> and no padding; with <c>"same"</c> (TensorFlow's
    /// rule) <c>out = ceil(in / stride)</c>, <c>pad_total = max((out - 1)·stride + (k - 1)·dilation + 1 - in, 0)</c>,
    /// <c>pad_total / 2</c> before and the odd pixel after; with <c>"causal"</c> (Conv1D only, <c>height = 1</c>)
    /// <c>(k - 1)·dilation</c> zeros before the steps and none after.
    /// </summary>
    /// <example><c>ConvolutionGeometry.Create(28, 28, 1, 3, 3, 32, 1, 1, 1, 1, "valid")</c> is mnist_cnn's first Conv2D, 26×26×32 out.</example>
    /// <exception cref="ArgumentException">An unknown padding, <c>"causal"</c> on two spatial axes, or a window larger than a "valid" input.</exception>
    public static ConvolutionGeometry Create(int height, int width, int channels, int kernelHeight, int kernelWidth, int filters,
        int strideHeight, int strideWidth, int dilationHeight, int dilationWidth, string padding)
    {
        ArgumentNullException.ThrowIfNull(padding);
        Positive(height, nameof(height)); Positive(width, nameof(width));
        Positive(kernelHeight, nameof(kernelHeight)); Positive(kernelWidth, nameof(kernelWidth));
        Positive(strideHeight, nameof(strideHeight)); Positive(strideWidth, nameof(strideWidth));
        Positive(dilationHeight, nameof(dilationHeight)); Positive(dilationWidth, nameof(dilationWidth));
        (int outputHeight, int padTop) = Axis(height, kernelHeight, strideHeight, dilationHeight, padding, "height");
        (int outputWidth, int padLeft) = Axis(width, kernelWidth, strideWidth, dilationWidth, padding, "width");
        if (padding.Equals("causal", StringComparison.OrdinalIgnoreCase) && (height != 1 || kernelHeight != 1))
            throw new ArgumentException($"Padding 'causal' is for Conv1D (height 1, kernelHeight 1); got height {height}, kernelHeight {kernelHeight}.", nameof(padding));
        return new ConvolutionGeometry(height, width, channels, kernelHeight, kernelWidth, filters, strideHeight, strideWidth,
            dilationHeight, dilationWidth, padTop, padLeft, outputHeight, outputWidth);
    }

    /// <summary>One spatial axis's output size and padding before it.</summary>
    private static (int Output, int PadBefore) Axis(int input, int kernel, int stride, int dilation, string padding, string axis)
    {
        int span = (kernel - 1) * dilation + 1;
        switch (padding.ToLowerInvariant())
        {
            case "valid":
                if (span > input)
                    throw new ArgumentException($"A {kernel}-wide window with dilation {dilation} spans {span} along the {axis}, more than the input's {input} (padding 'valid').", nameof(padding));
                return ((input - span) / stride + 1, 0);
            case "same":
                int output = (input + stride - 1) / stride;
                int total = Math.Max((output - 1) * stride + span - input, 0);
                return (output, total / 2);
            case "causal":
                // Keras pads (k - 1)·dilation before the steps, then convolves 'valid'.
                return ((input - 1) / stride + 1, span - 1);
            default:
                throw new ArgumentException($"Padding must be 'valid', 'same' or 'causal'; got '{padding}'.", nameof(padding));
        }
    }

    private static void Positive(int value, string name)
    {
        if (value <= 0) throw new ArgumentOutOfRangeException(name, $"{name} must be positive; got {value}.");
    }
}
