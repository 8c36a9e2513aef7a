using System.Numerics.Tensors;

namespace Compiled.Kernels;

/// <summary>
/// Inverted dropout, as Keras trains it: each element is kept with probability <c>1 - rate</c> and scaled by
/// <c>1 / (1 - rate)</c>, or dropped to zero, so the expected output equals the input and inference is the identity.
/// </summary>
/// <remarks>
/// <para>The draw for element <c>i</c> of a step is a pure function of <c>(seed, step, i)</c>: with
/// <c>s = SeededRandom.Mix(seed, step)</c>, its 64 bits are element <c>i + 1</c> of the SplitMix64 stream started at
/// <c>s</c>, <c>u = bits[63:11] · 2⁻⁵³ ∈ [0, 1)</c>, and the element is kept when <c>u ≥ rate</c> (TensorFlow keeps
/// <c>random ≥ rate</c>). So a mask does not depend on threads or on how a batch is cut into chunks (pass each chunk's
/// <c>firstElement</c>), and a new step gives a new mask.</para>
/// <para>The mask is stored as the factor each element was multiplied by (<c>0</c> or <c>1 / (1 - rate)</c>), so
/// backward is one multiply: <c>dx = dy · mask</c>.</para>
/// </remarks>
public static class Dropout
{
    /// <summary>
    /// <c>mask[i] = keep(i) ? 1 / (1 - rate) : 0</c> and <c>y[i] = x[i] · mask[i]</c> over the length of
    /// <paramref name="x"/>; <paramref name="y"/> may be <paramref name="x"/>.
    /// </summary>
    /// <remarks>
    /// <paramref name="rate"/> is the fraction dropped, in <c>[0, 1)</c> (0 copies <paramref name="x"/> and sets the mask to 1);
    /// <paramref name="seed"/> is the layer's seed and <paramref name="step"/> the training step (a new mask each step);
    /// <paramref name="firstElement"/> is the index of <c>x[0]</c> in the whole batch when the batch is processed in chunks.
    /// </remarks>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, Span<float> mask, float rate, ulong seed, long step, long firstElement = 0)
    {
        int length = x.Length;
        if (y.Length < length || mask.Length < length)
            throw new ArgumentException($"Dropout.Forward of {length} values needs as many in y and mask; got {y.Length} and {mask.Length}.");
        if (!(rate >= 0f && rate < 1f))
            throw new ArgumentOutOfRangeException(nameof(rate), $"Dropout rate must be in [0, 1); got {rate}.");
        if (firstElement < 0)
            throw new ArgumentOutOfRangeException(nameof(firstElement), $"Expected a non-negative element index; got {firstElement}.");
        mask = mask.Slice(0, length);
        if (rate == 0f)
        {
            mask.Fill(1f);
            x.CopyTo(y);
            return;
        }
        Mask(mask, rate, seed, step, firstElement);
        TensorPrimitives.Multiply(x, mask, y.Slice(0, length));
    }

    /// <summary>
    /// Draws a mask alone, as <see cref="Forward"/> draws it: <c>mask[i] = keep(i) ? 1 / (1 - rate) : 0</c> over the
    /// length of <paramref name="mask"/>, for layers that apply one mask to several values (an LSTM's input dropout
    /// applies one to every time step).
    /// </summary>
    public static void Mask(Span<float> mask, float rate, ulong seed, long step, long firstElement = 0)
    {
        if (!(rate >= 0f && rate < 1f))
            throw new ArgumentOutOfRangeException(nameof(rate), $"Dropout rate must be in [0, 1); got {rate}.");
        if (firstElement < 0)
            throw new ArgumentOutOfRangeException(nameof(firstElement), $"Expected a non-negative element index; got {firstElement}.");
        float scale = (float)(1.0 / (1.0 - rate));
        ulong stream = Stream(seed, step);
        for (int i = 0; i < mask.Length; i++)
            mask[i] = Keeps(stream, firstElement + i, rate) ? scale : 0f;
    }

    /// <summary><c>dx = dy · mask</c>; <paramref name="dx"/> is overwritten (it may be <paramref name="dy"/>), or added to with <paramref name="accumulate"/>.</summary>
    public static void Backward(ReadOnlySpan<float> dy, ReadOnlySpan<float> mask, Span<float> dx, bool accumulate = false)
    {
        int length = dy.Length;
        if (mask.Length < length || dx.Length < length)
            throw new ArgumentException($"Dropout.Backward of {length} values needs as many in mask and dx; got {mask.Length} and {dx.Length}.");
        mask = mask.Slice(0, length);
        dx = dx.Slice(0, length);
        if (accumulate) TensorPrimitives.MultiplyAdd(dy, mask, dx, dx);
        else TensorPrimitives.Multiply(dy, mask, dx);
    }

    /// <summary>The stream of one step: <see cref="SeededRandom.Mix"/> of the seed and the step.</summary>
    internal static ulong Stream(ulong seed, long step) => SeededRandom.Mix(seed, unchecked((ulong)step));

    /// <summary>Whether element <paramref name="index"/> of the step whose stream is <paramref name="stream"/> is kept.</summary>
    internal static bool Keeps(ulong stream, long index, float rate)
    {
        ulong z = unchecked(stream + ((ulong)index + 1) * 0x9E3779B97F4A7C15UL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        double uniform = (z >> 11) * (1.0 / (1UL << 53));
        return uniform >= rate;
    }
}
