namespace Compiled.Kernels;

/// <summary>
/// Global average and global max pooling: <c>x</c> of shape <c>(batch, positions, channels)</c> to <c>y</c> of shape
/// <c>(batch, channels)</c>, where <c>positions</c> is every spatial position of the sample (<c>height · width</c> for
/// <c>GlobalAveragePooling2D</c>, <c>steps</c> for <c>GlobalAveragePooling1D</c>).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>average: <c>y[b, c] = (Σ_p x[b, p, c]) / positions</c>; backward <c>dx[b, p, c] = dy[b, c] · (1 / positions)</c>.</item>
/// <item>max: <c>y[b, c] = max_p x[b, p, c]</c>; backward <c>dy[b, c]</c> goes to the first <c>p</c> holding the maximum.</item>
/// </list>
/// These are pooling windows that cover the whole input, so they run on <see cref="Pooling"/>'s vectorised kernels
/// (positions summed in order, so every SIMD path gives the same bits).
/// </remarks>
public static class GlobalPooling
{
    /// <summary><c>y[b, c] = mean_p x[b, p, c]</c>.</summary>
    public static void AverageForward(ReadOnlySpan<float> x, Span<float> y, int batch, int positions, int channels)
        => AverageForward(x, y, batch, positions, channels, SimdPaths.Best);

    /// <summary><c>dx[b, p, c] = dy[b, c] / positions</c>; <paramref name="dx"/> is overwritten, or added to with <paramref name="accumulate"/>.</summary>
    public static void AverageBackward(ReadOnlySpan<float> dy, Span<float> dx, int batch, int positions, int channels, bool accumulate = false)
        => AverageBackward(dy, dx, batch, positions, channels, accumulate, SimdPaths.Best);

    /// <summary><c>y[b, c] = max_p x[b, p, c]</c>.</summary>
    public static void MaxForward(ReadOnlySpan<float> x, Span<float> y, int batch, int positions, int channels)
        => MaxForward(x, y, batch, positions, channels, SimdPaths.Best);

    /// <summary>
    /// <c>dy[b, c]</c> goes to the first position holding the maximum of <c>x[b, ·, c]</c>, zero elsewhere;
    /// <paramref name="dx"/> is overwritten, or added to with <paramref name="accumulate"/>.
    /// </summary>
    public static void MaxBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, int batch, int positions, int channels,
        bool accumulate = false)
        => MaxBackward(x, dy, dx, batch, positions, channels, accumulate, SimdPaths.Best);

    internal static void AverageForward(ReadOnlySpan<float> x, Span<float> y, int batch, int positions, int channels, SimdPath path)
        => Pooling.AverageForward(x, y, Whole(positions), batch, channels, path);

    internal static void AverageBackward(ReadOnlySpan<float> dy, Span<float> dx, int batch, int positions, int channels, bool accumulate, SimdPath path)
        => Pooling.AverageBackward(dy, dx, Whole(positions), batch, channels, accumulate, path);

    internal static void MaxForward(ReadOnlySpan<float> x, Span<float> y, int batch, int positions, int channels, SimdPath path)
        => Pooling.MaxForward(x, y, Whole(positions), batch, channels, path);

    internal static void MaxBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, int batch, int positions, int channels,
        bool accumulate, SimdPath path)
        => Pooling.MaxBackward(x, dy, dx, Whole(positions), batch, channels, accumulate, path);

    /// <summary>One window over all positions, laid out as a column so each position is one row of channels.</summary>
    private static PoolingGeometry Whole(int positions)
    {
        if (positions <= 0)
            throw new ArgumentException($"Global pooling needs at least one position per sample; got {positions}.", nameof(positions));
        return PoolingGeometry.Create(positions, 1, positions, 1, "valid");
    }
}
