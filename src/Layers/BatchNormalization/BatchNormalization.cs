using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Compiled.Kernels;

/// <summary>
/// Batch normalisation over the last axis: <c>x</c> of shape <c>(rows, channels)</c>, where <c>rows</c> is every
/// other position (batch × height × width for images), each channel normalised on its own.
/// </summary>
/// <remarks>
/// <para>Training, with <c>n = rows</c>: <c>μ = (1/n) Σ_r x[r, c]</c>, <c>σ² = (1/n) Σ_r (x[r, c] - μ)²</c> (biased),
/// <c>s = 1 / sqrt(σ² + ε)</c>, <c>x̂ = (x - μ) · s</c>, <c>y = γ · x̂ + β</c>; the moving statistics follow
/// <see cref="MovingVarianceRule"/>. Inference: the same with <c>μ, σ²</c> the moving mean and variance.</para>
/// <para>Backward through the batch statistics: <c>dβ = Σ_r dy</c>, <c>dγ = Σ_r dy · x̂</c>,
/// <c>dx = γ · s · (dy - dβ / n - x̂ · dγ / n)</c>.</para>
/// <para>Statistics and gradient sums are accumulated in float64, rows in order, on one thread, so they are the same
/// bits on every run, path and thread count. An empty <c>gamma</c> means <c>scale=False</c> (γ = 1); an empty
/// <c>beta</c> means <c>center=False</c> (β = 0).</para>
/// </remarks>
public static class BatchNormalization
{
    /// <summary>
    /// The smallest epsilon TensorFlow's fused path uses: <c>tf.nn.fused_batch_norm</c> raises a smaller one to this
    /// (a cuDNN requirement), so a layer on the fused path (rank 4 or 5) should pass <c>max(epsilon, this)</c>.
    /// </summary>
    public const float FusedMinimumEpsilon = 1.001e-5f;

    /// <summary>Channels normalised per group; the group's sums live on the stack.</summary>
    private const int Group = 256;

    /// <summary>
    /// The rule tf.keras 2 applies for an input of rank <paramref name="inputRank"/> (batch axis included) normalised
    /// over its last axis: <see cref="MovingVarianceRule.BesselCorrected"/> for rank 4 and 5 (the fused kernel),
    /// <see cref="MovingVarianceRule.Biased"/> otherwise.
    /// </summary>
    public static MovingVarianceRule MovingVarianceRuleFor(int inputRank)
        => inputRank is 4 or 5 ? MovingVarianceRule.BesselCorrected : MovingVarianceRule.Biased;

    /// <summary>
    /// Normalises with the batch's statistics: writes <c>y</c>, the batch mean <c>μ</c> and inverse standard deviation
    /// <c>s = 1 / sqrt(σ² + ε)</c> (for the backward pass), and updates the moving statistics:
    /// <c>movingMean = movingMean · momentum + μ · (1 - momentum)</c>, and the moving variance by <paramref name="varianceRule"/>.
    /// </summary>
    /// <remarks>
    /// <paramref name="x"/> and <paramref name="y"/> hold <paramref name="rows"/> × <paramref name="channels"/> values;
    /// <paramref name="gamma"/> is γ per channel or empty (γ = 1), <paramref name="beta"/> β per channel or empty (β = 0);
    /// <paramref name="movingMean"/>, <paramref name="movingVariance"/> (updated in place), <paramref name="batchMean"/> and
    /// <paramref name="batchInverseStd"/> (written) hold one value per channel. <paramref name="momentum"/> and
    /// <paramref name="epsilon"/> are Keras's (0.99 and 1e-3 by default); <paramref name="varianceRule"/> picks the moving
    /// variance update, and <see cref="MovingVarianceRuleFor"/> gives tf.keras 2's for an input rank.
    /// </remarks>
    public static void ForwardTraining(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        Span<float> movingMean, Span<float> movingVariance, Span<float> y, Span<float> batchMean, Span<float> batchInverseStd,
        int rows, int channels, float momentum, float epsilon, MovingVarianceRule varianceRule)
        => ForwardTraining(x, gamma, beta, movingMean, movingVariance, y, batchMean, batchInverseStd, rows, channels,
            momentum, epsilon, varianceRule, SimdPaths.Best);

    /// <summary><c>y = γ · (x - movingMean) / sqrt(movingVariance + ε) + β</c>.</summary>
    public static void ForwardInference(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        ReadOnlySpan<float> movingMean, ReadOnlySpan<float> movingVariance, Span<float> y, int rows, int channels, float epsilon)
        => ForwardInference(x, gamma, beta, movingMean, movingVariance, y, rows, channels, epsilon, SimdPaths.Best);

    /// <summary>
    /// The gradient through a training forward pass, from its saved <paramref name="batchMean"/> and
    /// <paramref name="batchInverseStd"/>: <c>dγ = Σ_r dy · x̂</c>, <c>dβ = Σ_r dy</c> (each overwritten; skipped when
    /// empty) and <c>dx = γ · s · (dy - dβ/n - x̂ · dγ/n)</c>, overwritten or, with <paramref name="accumulate"/>, added
    /// (skipped when empty: a first layer needs no input gradient).
    /// </summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> dy,
        ReadOnlySpan<float> batchMean, ReadOnlySpan<float> batchInverseStd, Span<float> dGamma, Span<float> dBeta, Span<float> dx,
        int rows, int channels, bool accumulate = false)
        => Backward(x, gamma, dy, batchMean, batchInverseStd, dGamma, dBeta, dx, rows, channels, accumulate, SimdPaths.Best);

    internal static void ForwardTraining(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        Span<float> movingMean, Span<float> movingVariance, Span<float> y, Span<float> batchMean, Span<float> batchInverseStd,
        int rows, int channels, float momentum, float epsilon, MovingVarianceRule varianceRule, SimdPath path)
    {
        const string kernel = nameof(ForwardTraining);
        CheckSizes(kernel, rows, channels, minimumRows: 1);
        CheckValues(kernel, x.Length, "x", rows, channels);
        CheckValues(kernel, y.Length, "y", rows, channels);
        CheckOptional(kernel, gamma.Length, "gamma", channels);
        CheckOptional(kernel, beta.Length, "beta", channels);
        CheckChannels(kernel, movingMean.Length, "movingMean", channels);
        CheckChannels(kernel, movingVariance.Length, "movingVariance", channels);
        CheckChannels(kernel, batchMean.Length, "batchMean", channels);
        CheckChannels(kernel, batchInverseStd.Length, "batchInverseStd", channels);
        if (varianceRule is not (MovingVarianceRule.Biased or MovingVarianceRule.BesselCorrected))
            throw new ArgumentOutOfRangeException(nameof(varianceRule), $"Unknown moving variance rule {varianceRule}.");

        Span<double> sums = stackalloc double[Group];
        Span<double> squares = stackalloc double[Group];
        Span<float> scale = stackalloc float[Group];
        Span<float> shift = stackalloc float[Group];
        ref float rx = ref MemoryMarshal.GetReference(x);
        ref float ry = ref MemoryMarshal.GetReference(y);
        // TensorFlow's decays: the plain path subtracts (moving - value) · (1 - momentum); the fused kernel blends with
        // f = 1 - momentum and 1 - f, and scales the variance by n / (n - 1) (n / 1 for a single row).
        float decay = 1f - momentum;
        float keep = 1f - decay;
        float bessel = (float)rows / Math.Max(rows - 1, 1);
        for (int start = 0; start < channels; start += Group)
        {
            int count = Math.Min(Group, channels - start);
            Span<double> mean = sums.Slice(0, count), deviation = squares.Slice(0, count);
            mean.Clear();
            deviation.Clear();
            for (int r = 0; r < rows; r++)
                AccumulateSums(ref Row(ref rx, r, channels, start), mean, count, path);
            for (int j = 0; j < count; j++) mean[j] /= rows;
            for (int r = 0; r < rows; r++)
                AccumulateSquaredDeviations(ref Row(ref rx, r, channels, start), mean, deviation, count, path);
            for (int j = 0; j < count; j++)
            {
                int c = start + j;
                float mu = (float)mean[j];
                float variance = (float)(deviation[j] / rows);
                float inverseStd = 1f / MathF.Sqrt(variance + epsilon);
                batchMean[c] = mu;
                batchInverseStd[c] = inverseStd;
                scale[j] = (gamma.IsEmpty ? 1f : gamma[c]) * inverseStd;
                shift[j] = beta.IsEmpty ? 0f : beta[c];
                if (varianceRule == MovingVarianceRule.Biased)
                {
                    movingMean[c] -= (movingMean[c] - mu) * decay;
                    movingVariance[c] -= (movingVariance[c] - variance) * decay;
                }
                else
                {
                    movingMean[c] = keep * movingMean[c] + decay * mu;
                    movingVariance[c] = keep * movingVariance[c] + (decay * bessel) * variance;
                }
            }
            Normalize(ref rx, ref ry, batchMean.Slice(start, count), scale.Slice(0, count), shift.Slice(0, count), rows, channels, start, path);
        }
    }

    internal static void ForwardInference(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        ReadOnlySpan<float> movingMean, ReadOnlySpan<float> movingVariance, Span<float> y, int rows, int channels, float epsilon, SimdPath path)
    {
        const string kernel = nameof(ForwardInference);
        CheckSizes(kernel, rows, channels, minimumRows: 0);
        CheckValues(kernel, x.Length, "x", rows, channels);
        CheckValues(kernel, y.Length, "y", rows, channels);
        CheckOptional(kernel, gamma.Length, "gamma", channels);
        CheckOptional(kernel, beta.Length, "beta", channels);
        CheckChannels(kernel, movingMean.Length, "movingMean", channels);
        CheckChannels(kernel, movingVariance.Length, "movingVariance", channels);

        Span<float> scale = stackalloc float[Group];
        Span<float> shift = stackalloc float[Group];
        ref float rx = ref MemoryMarshal.GetReference(x);
        ref float ry = ref MemoryMarshal.GetReference(y);
        for (int start = 0; start < channels; start += Group)
        {
            int count = Math.Min(Group, channels - start);
            for (int j = 0; j < count; j++)
            {
                int c = start + j;
                scale[j] = (gamma.IsEmpty ? 1f : gamma[c]) * (1f / MathF.Sqrt(movingVariance[c] + epsilon));
                shift[j] = beta.IsEmpty ? 0f : beta[c];
            }
            Normalize(ref rx, ref ry, movingMean.Slice(start, count), scale.Slice(0, count), shift.Slice(0, count), rows, channels, start, path);
        }
    }

    internal static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> dy,
        ReadOnlySpan<float> batchMean, ReadOnlySpan<float> batchInverseStd, Span<float> dGamma, Span<float> dBeta, Span<float> dx,
        int rows, int channels, bool accumulate, SimdPath path)
    {
        const string kernel = nameof(Backward);
        CheckSizes(kernel, rows, channels, minimumRows: 1);
        CheckValues(kernel, x.Length, "x", rows, channels);
        CheckValues(kernel, dy.Length, "dy", rows, channels);
        // An empty dx skips the input gradient: a first layer has no input that needs one.
        if (!dx.IsEmpty) CheckValues(kernel, dx.Length, "dx", rows, channels);
        CheckOptional(kernel, gamma.Length, "gamma", channels);
        CheckChannels(kernel, batchMean.Length, "batchMean", channels);
        CheckChannels(kernel, batchInverseStd.Length, "batchInverseStd", channels);
        CheckOptional(kernel, dGamma.Length, "dGamma", channels);
        CheckOptional(kernel, dBeta.Length, "dBeta", channels);

        Span<double> sumsDy = stackalloc double[Group];
        Span<double> sumsDyCentered = stackalloc double[Group];
        Span<float> factor = stackalloc float[Group];
        Span<float> meanDy = stackalloc float[Group];
        Span<float> slope = stackalloc float[Group];
        ref float rx = ref MemoryMarshal.GetReference(x);
        ref float rdy = ref MemoryMarshal.GetReference(dy);
        ref float rdx = ref MemoryMarshal.GetReference(dx);
        for (int start = 0; start < channels; start += Group)
        {
            int count = Math.Min(Group, channels - start);
            Span<double> sumDy = sumsDy.Slice(0, count), sumDyCentered = sumsDyCentered.Slice(0, count);
            ReadOnlySpan<float> mean = batchMean.Slice(start, count);
            sumDy.Clear();
            sumDyCentered.Clear();
            for (int r = 0; r < rows; r++)
                AccumulateGradientSums(ref Row(ref rx, r, channels, start), ref Row(ref rdy, r, channels, start),
                    mean, sumDy, sumDyCentered, count, path);
            for (int j = 0; j < count; j++)
            {
                int c = start + j;
                double inverseStd = batchInverseStd[c];
                double gammaGradient = sumDyCentered[j] * inverseStd;   // Σ dy · x̂
                if (!dBeta.IsEmpty) dBeta[c] = (float)sumDy[j];
                if (!dGamma.IsEmpty) dGamma[c] = (float)gammaGradient;
                factor[j] = (gamma.IsEmpty ? 1f : gamma[c]) * (float)inverseStd;
                meanDy[j] = (float)(sumDy[j] / rows);
                slope[j] = (float)(gammaGradient * inverseStd / rows);   // x̂ · dγ/n = (x - μ) · slope
            }
            if (!dx.IsEmpty)
                InputGradient(ref rx, ref rdy, ref rdx, mean, factor.Slice(0, count), meanDy.Slice(0, count), slope.Slice(0, count),
                    rows, channels, start, accumulate, path);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref float Row(ref float values, int row, int channels, int start)
        => ref Unsafe.Add(ref values, (nint)row * channels + start);

    /// <summary><c>sums[j] += row[j]</c> in float64; every path does the same additions per channel, so the same bits.</summary>
    private static void AccumulateSums(ref float row, Span<double> sums, int count, SimdPath path)
    {
        ref double s = ref MemoryMarshal.GetReference(sums);
        int j = 0;
        if (path == SimdPath.Vector512)
        {
            for (; j + Vector512<float>.Count <= count; j += Vector512<float>.Count)
            {
                var (low, high) = Vector512.Widen(Vector512.LoadUnsafe(ref row, (nuint)j));
                (Vector512.LoadUnsafe(ref s, (nuint)j) + low).StoreUnsafe(ref s, (nuint)j);
                (Vector512.LoadUnsafe(ref s, (nuint)j + 8) + high).StoreUnsafe(ref s, (nuint)j + 8);
            }
        }
        if (path != SimdPath.Scalar)
        {
            for (; j + Vector256<float>.Count <= count; j += Vector256<float>.Count)
            {
                var (low, high) = Vector256.Widen(Vector256.LoadUnsafe(ref row, (nuint)j));
                (Vector256.LoadUnsafe(ref s, (nuint)j) + low).StoreUnsafe(ref s, (nuint)j);
                (Vector256.LoadUnsafe(ref s, (nuint)j + 4) + high).StoreUnsafe(ref s, (nuint)j + 4);
            }
        }
        for (; j < count; j++) Unsafe.Add(ref s, j) += Unsafe.Add(ref row, j);
    }

    /// <summary><c>squares[j] += (row[j] - mean[j])²</c> in float64.</summary>
    private static void AccumulateSquaredDeviations(ref float row, ReadOnlySpan<double> mean, Span<double> squares, int count, SimdPath path)
    {
        ref double m = ref MemoryMarshal.GetReference(mean);
        ref double s = ref MemoryMarshal.GetReference(squares);
        int j = 0;
        if (path == SimdPath.Vector512)
        {
            for (; j + Vector512<float>.Count <= count; j += Vector512<float>.Count)
            {
                var (low, high) = Vector512.Widen(Vector512.LoadUnsafe(ref row, (nuint)j));
                low -= Vector512.LoadUnsafe(ref m, (nuint)j);
                high -= Vector512.LoadUnsafe(ref m, (nuint)j + 8);
                (Vector512.LoadUnsafe(ref s, (nuint)j) + low * low).StoreUnsafe(ref s, (nuint)j);
                (Vector512.LoadUnsafe(ref s, (nuint)j + 8) + high * high).StoreUnsafe(ref s, (nuint)j + 8);
            }
        }
        if (path != SimdPath.Scalar)
        {
            for (; j + Vector256<float>.Count <= count; j += Vector256<float>.Count)
            {
                var (low, high) = Vector256.Widen(Vector256.LoadUnsafe(ref row, (nuint)j));
                low -= Vector256.LoadUnsafe(ref m, (nuint)j);
                high -= Vector256.LoadUnsafe(ref m, (nuint)j + 4);
                (Vector256.LoadUnsafe(ref s, (nuint)j) + low * low).StoreUnsafe(ref s, (nuint)j);
                (Vector256.LoadUnsafe(ref s, (nuint)j + 4) + high * high).StoreUnsafe(ref s, (nuint)j + 4);
            }
        }
        for (; j < count; j++)
        {
            double d = Unsafe.Add(ref row, j) - Unsafe.Add(ref m, j);
            Unsafe.Add(ref s, j) += d * d;
        }
    }

    /// <summary><c>sumDy[j] += dy[j]</c> and <c>sumDyCentered[j] += dy[j] · (x[j] - mean[j])</c> in float64.</summary>
    private static void AccumulateGradientSums(ref float x, ref float dy, ReadOnlySpan<float> mean,
        Span<double> sumDy, Span<double> sumDyCentered, int count, SimdPath path)
    {
        ref float m = ref MemoryMarshal.GetReference(mean);
        ref double s = ref MemoryMarshal.GetReference(sumDy);
        ref double t = ref MemoryMarshal.GetReference(sumDyCentered);
        int j = 0;
        if (path == SimdPath.Vector512)
        {
            for (; j + Vector512<float>.Count <= count; j += Vector512<float>.Count)
            {
                var (xLow, xHigh) = Vector512.Widen(Vector512.LoadUnsafe(ref x, (nuint)j));
                var (mLow, mHigh) = Vector512.Widen(Vector512.LoadUnsafe(ref m, (nuint)j));
                var (gLow, gHigh) = Vector512.Widen(Vector512.LoadUnsafe(ref dy, (nuint)j));
                (Vector512.LoadUnsafe(ref s, (nuint)j) + gLow).StoreUnsafe(ref s, (nuint)j);
                (Vector512.LoadUnsafe(ref s, (nuint)j + 8) + gHigh).StoreUnsafe(ref s, (nuint)j + 8);
                (Vector512.LoadUnsafe(ref t, (nuint)j) + gLow * (xLow - mLow)).StoreUnsafe(ref t, (nuint)j);
                (Vector512.LoadUnsafe(ref t, (nuint)j + 8) + gHigh * (xHigh - mHigh)).StoreUnsafe(ref t, (nuint)j + 8);
            }
        }
        if (path != SimdPath.Scalar)
        {
            for (; j + Vector256<float>.Count <= count; j += Vector256<float>.Count)
            {
                var (xLow, xHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref x, (nuint)j));
                var (mLow, mHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref m, (nuint)j));
                var (gLow, gHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref dy, (nuint)j));
                (Vector256.LoadUnsafe(ref s, (nuint)j) + gLow).StoreUnsafe(ref s, (nuint)j);
                (Vector256.LoadUnsafe(ref s, (nuint)j + 4) + gHigh).StoreUnsafe(ref s, (nuint)j + 4);
                (Vector256.LoadUnsafe(ref t, (nuint)j) + gLow * (xLow - mLow)).StoreUnsafe(ref t, (nuint)j);
                (Vector256.LoadUnsafe(ref t, (nuint)j + 4) + gHigh * (xHigh - mHigh)).StoreUnsafe(ref t, (nuint)j + 4);
            }
        }
        for (; j < count; j++)
        {
            double g = Unsafe.Add(ref dy, j);
            Unsafe.Add(ref s, j) += g;
            Unsafe.Add(ref t, j) += g * ((double)Unsafe.Add(ref x, j) - Unsafe.Add(ref m, j));
        }
    }

    /// <summary><c>y = (x - mean) · scale + shift</c> over the group's channels of every row (multiply then add, no FMA, so every path gives the same bits).</summary>
    private static void Normalize(ref float x, ref float y, ReadOnlySpan<float> mean, ReadOnlySpan<float> scale, ReadOnlySpan<float> shift,
        int rows, int channels, int start, SimdPath path)
    {
        int count = mean.Length;
        var split = new ChannelSplit(count, path);
        ref float m = ref MemoryMarshal.GetReference(mean);
        ref float a = ref MemoryMarshal.GetReference(scale);
        ref float b = ref MemoryMarshal.GetReference(shift);
        for (int r = 0; r < rows; r++)
        {
            ref float xr = ref Row(ref x, r, channels, start);
            ref float yr = ref Row(ref y, r, channels, start);
            NormalizeRow<Vector512<float>, Vector512Ops>(ref xr, ref yr, ref m, ref a, ref b, 0, split.Vector512End);
            NormalizeRow<Vector256<float>, Vector256Ops>(ref xr, ref yr, ref m, ref a, ref b, split.Vector512End, split.Vector256End);
            NormalizeRow<float, ScalarOps>(ref xr, ref yr, ref m, ref a, ref b, split.Vector256End, count);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void NormalizeRow<TVector, TOps>(ref float x, ref float y, ref float mean, ref float scale, ref float shift, int from, int to)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
    {
        for (int j = from; j < to; j += TOps.Count)
        {
            nuint at = (nuint)j;
            TVector centered = TOps.Subtract(TOps.Load(ref x, at), TOps.Load(ref mean, at));
            TOps.Store(TOps.Add(TOps.Multiply(centered, TOps.Load(ref scale, at)), TOps.Load(ref shift, at)), ref y, at);
        }
    }

    /// <summary><c>dx (+)= factor · ((dy - meanDy) - (x - mean) · slope)</c> over the group's channels of every row.</summary>
    private static void InputGradient(ref float x, ref float dy, ref float dx, ReadOnlySpan<float> mean, ReadOnlySpan<float> factor,
        ReadOnlySpan<float> meanDy, ReadOnlySpan<float> slope, int rows, int channels, int start, bool accumulate, SimdPath path)
    {
        int count = mean.Length;
        var split = new ChannelSplit(count, path);
        ref float m = ref MemoryMarshal.GetReference(mean);
        ref float f = ref MemoryMarshal.GetReference(factor);
        ref float g = ref MemoryMarshal.GetReference(meanDy);
        ref float k = ref MemoryMarshal.GetReference(slope);
        for (int r = 0; r < rows; r++)
        {
            ref float xr = ref Row(ref x, r, channels, start);
            ref float dyr = ref Row(ref dy, r, channels, start);
            ref float dxr = ref Row(ref dx, r, channels, start);
            InputGradientRow<Vector512<float>, Vector512Ops>(ref xr, ref dyr, ref dxr, ref m, ref f, ref g, ref k, 0, split.Vector512End, accumulate);
            InputGradientRow<Vector256<float>, Vector256Ops>(ref xr, ref dyr, ref dxr, ref m, ref f, ref g, ref k, split.Vector512End, split.Vector256End, accumulate);
            InputGradientRow<float, ScalarOps>(ref xr, ref dyr, ref dxr, ref m, ref f, ref g, ref k, split.Vector256End, count, accumulate);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void InputGradientRow<TVector, TOps>(ref float x, ref float dy, ref float dx, ref float mean, ref float factor,
        ref float meanDy, ref float slope, int from, int to, bool accumulate)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
    {
        for (int j = from; j < to; j += TOps.Count)
        {
            nuint at = (nuint)j;
            TVector centered = TOps.Subtract(TOps.Load(ref x, at), TOps.Load(ref mean, at));
            TVector inner = TOps.Subtract(TOps.Subtract(TOps.Load(ref dy, at), TOps.Load(ref meanDy, at)),
                TOps.Multiply(centered, TOps.Load(ref slope, at)));
            TVector gradient = TOps.Multiply(TOps.Load(ref factor, at), inner);
            if (accumulate) gradient = TOps.Add(TOps.Load(ref dx, at), gradient);
            TOps.Store(gradient, ref dx, at);
        }
    }

    private static void CheckSizes(string kernel, int rows, int channels, int minimumRows)
    {
        if (rows < minimumRows || channels < 0)
            throw new ArgumentException($"BatchNormalization.{kernel} needs at least {minimumRows} row(s) and a non-negative channel count; got {rows} rows, {channels} channels.");
    }

    private static void CheckValues(string kernel, int length, string name, int rows, int channels)
    {
        long needed = (long)rows * channels;
        if (length < needed)
            throw new ArgumentException($"BatchNormalization.{kernel}: {name} of {rows} rows x {channels} channels needs {needed} values; got {length}.", name);
    }

    private static void CheckChannels(string kernel, int length, string name, int channels)
    {
        if (length < channels)
            throw new ArgumentException($"BatchNormalization.{kernel}: {name} needs {channels} values (one per channel); got {length}.", name);
    }

    private static void CheckOptional(string kernel, int length, string name, int channels)
    {
        if (length != 0 && length < channels)
            throw new ArgumentException($"BatchNormalization.{kernel}: {name} must be empty (absent) or hold {channels} values (one per channel); got {length}.", name);
    }
}
