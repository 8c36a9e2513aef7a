namespace Compiled.Kernels;

/// <summary>
/// The spatial layout of a 2-D (or 1-D: height 1) pooling window sliding over a channels_last input:
/// input and output sizes, window, strides and the implicit padding, by TensorFlow's rules.
/// </summary>
/// <remarks>
/// Per axis, with input <c>in</c>, window <c>k</c> and stride <c>s</c>:
/// <list type="bullet">
/// <item><c>"valid"</c>: <c>out = floor((in - k) / s) + 1</c>, no padding (<c>in ≥ k</c> is required).</item>
/// <item><c>"same"</c>: <c>out = ceil(in / s)</c>; <c>pad_total = max((out - 1)·s + k - in, 0)</c>;
/// <c>pad_before = pad_total / 2</c> and the odd pixel goes after.</item>
/// </list>
/// Output position <c>o</c> covers input rows <c>o·s - pad_before … o·s - pad_before + k - 1</c>, clipped to the
/// input: padded positions never take part (max pooling pads with -∞, average pooling divides by the number of
/// input positions the window really covers).
/// </remarks>
public readonly record struct PoolingGeometry
{
    private PoolingGeometry(int inputHeight, int inputWidth, int poolHeight, int poolWidth, int strideHeight, int strideWidth,
        int outputHeight, int outputWidth, int padTop, int padBottom, int padLeft, int padRight)
    {
        InputHeight = inputHeight; InputWidth = inputWidth;
        PoolHeight = poolHeight; PoolWidth = poolWidth;
        StrideHeight = strideHeight; StrideWidth = strideWidth;
        OutputHeight = outputHeight; OutputWidth = outputWidth;
        PadTop = padTop; PadBottom = padBottom; PadLeft = padLeft; PadRight = padRight;
    }

    /// <summary>Input rows (1 for 1-D pooling).</summary>
    public int InputHeight { get; }
    /// <summary>Input columns (the steps of 1-D pooling).</summary>
    public int InputWidth { get; }
    /// <summary>Window rows.</summary>
    public int PoolHeight { get; }
    /// <summary>Window columns.</summary>
    public int PoolWidth { get; }
    /// <summary>Rows the window moves per output row.</summary>
    public int StrideHeight { get; }
    /// <summary>Columns the window moves per output column.</summary>
    public int StrideWidth { get; }
    /// <summary>Output rows.</summary>
    public int OutputHeight { get; }
    /// <summary>Output columns.</summary>
    public int OutputWidth { get; }
    /// <summary>Implicit padding rows above the input ('same' only).</summary>
    public int PadTop { get; }
    /// <summary>Implicit padding rows below the input ('same' only; gets the odd row).</summary>
    public int PadBottom { get; }
    /// <summary>Implicit padding columns left of the input ('same' only).</summary>
    public int PadLeft { get; }
    /// <summary>Implicit padding columns right of the input ('same' only; gets the odd column).</summary>
    public int PadRight { get; }

    /// <summary>Input positions per sample and channel: <c>InputHeight · InputWidth</c>.</summary>
    public int InputPositions => InputHeight * InputWidth;

    /// <summary>Output positions per sample and channel: <c>OutputHeight · OutputWidth</c>.</summary>
    public int OutputPositions => OutputHeight * OutputWidth;

    /// <summary>
    /// Keras's <c>MaxPooling2D(pool_size, strides, padding)</c> / <c>AveragePooling2D</c> geometry for an input of
    /// <paramref name="inputHeight"/> × <paramref name="inputWidth"/>.
    /// </summary>
    /// <remarks>Sizes, windows and strides are (rows, columns); <paramref name="padding"/> is <c>"valid"</c> or <c>"same"</c> (case-insensitive), as Keras spells it.</remarks>
    /// <exception cref="ArgumentException">A size or stride is not positive, the padding is neither, or a 'valid' window is larger than the input.</exception>
    public static PoolingGeometry Create(int inputHeight, int inputWidth, int poolHeight, int poolWidth,
        int strideHeight, int strideWidth, string padding)
    {
        bool same = ParsePadding(padding);
        var (outputHeight, padTop, padBottom) = Axis("height", inputHeight, poolHeight, strideHeight, same);
        var (outputWidth, padLeft, padRight) = Axis("width", inputWidth, poolWidth, strideWidth, same);
        return new PoolingGeometry(inputHeight, inputWidth, poolHeight, poolWidth, strideHeight, strideWidth,
            outputHeight, outputWidth, padTop, padBottom, padLeft, padRight);
    }

    /// <summary>As Keras when <c>strides</c> is None: the strides are the pool size.</summary>
    public static PoolingGeometry Create(int inputHeight, int inputWidth, int poolHeight, int poolWidth, string padding)
        => Create(inputHeight, inputWidth, poolHeight, poolWidth, poolHeight, poolWidth, padding);

    /// <summary>
    /// Keras's <c>MaxPooling1D(pool_size, strides, padding)</c> / <c>AveragePooling1D</c> over
    /// <paramref name="steps"/> steps: a 2-D geometry of height 1 (pass the stride equal to the pool size when
    /// Keras's <c>strides</c> is None).
    /// </summary>
    public static PoolingGeometry Create1D(int steps, int poolSize, int stride, string padding)
        => Create(1, steps, 1, poolSize, 1, stride, padding);

    private static bool ParsePadding(string padding)
    {
        if (string.Equals(padding, "valid", StringComparison.OrdinalIgnoreCase)) return false;
        if (string.Equals(padding, "same", StringComparison.OrdinalIgnoreCase)) return true;
        throw new ArgumentException($"Pooling padding must be \"valid\" or \"same\"; got \"{padding}\".", nameof(padding));
    }

    private static (int Output, int PadBefore, int PadAfter) Axis(string axis, int input, int pool, int stride, bool same)
    {
        if (input <= 0 || pool <= 0 || stride <= 0)
            throw new ArgumentException($"Pooling {axis}: input {input}, pool {pool} and stride {stride} must all be positive.");
        if (same)
        {
            int output = (input + stride - 1) / stride;
            int padTotal = Math.Max((output - 1) * stride + pool - input, 0);
            return (output, padTotal / 2, padTotal - padTotal / 2);
        }
        if (input < pool)
            throw new ArgumentException($"Pooling {axis}: a window of {pool} does not fit an input of {input} with \"valid\" padding.");
        return ((input - pool) / stride + 1, 0, 0);
    }
}
