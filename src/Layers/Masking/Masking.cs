using System.Numerics.Tensors;

namespace Compiled.Kernels;

/// <summary>
/// Keras's Masking over <c>positions</c> steps of <c>features</c> values each (<c>batch · timesteps</c> rows):
/// <c>mask[p] = any(x[p, :] != maskValue)</c> as 1 or 0, and <c>y[p, :] = x[p, :] · mask[p]</c>. Backward,
/// <c>dx = dy · mask</c>: the mask is a constant of the input, as Keras's boolean mask has no gradient.
/// </summary>
public static class Masking
{
    /// <summary>Writes the mask of <paramref name="x"/>'s steps and the masked copy <paramref name="y"/>.</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, Span<float> mask, int positions, int features, float maskValue)
    {
        Check(x.Length, y.Length, mask.Length, positions, features);
        for (int p = 0; p < positions; p++)
        {
            ReadOnlySpan<float> step = x.Slice(p * features, features);
            bool counts = Differs(step, maskValue);
            mask[p] = counts ? 1f : 0f;
            if (counts) step.CopyTo(y.Slice(p * features, features));
            else y.Slice(p * features, features).Clear();
        }
    }

    /// <summary><c>dx = dy · mask</c> per step, written, or added to <paramref name="dx"/> with <paramref name="accumulate"/>.</summary>
    public static void Backward(ReadOnlySpan<float> dy, ReadOnlySpan<float> mask, Span<float> dx, int positions, int features, bool accumulate = false)
    {
        Check(dy.Length, dx.Length, mask.Length, positions, features);
        for (int p = 0; p < positions; p++)
        {
            ReadOnlySpan<float> from = dy.Slice(p * features, features);
            Span<float> to = dx.Slice(p * features, features);
            if (mask[p] != 0)
            {
                if (accumulate) TensorPrimitives.Add(to, from, to);
                else from.CopyTo(to);
            }
            else if (!accumulate)
            {
                to.Clear();
            }
        }
    }

    /// <summary>Whether any value differs from <paramref name="maskValue"/> by IEEE comparison, as <c>tf.not_equal</c> (NaN differs from everything, -0 equals 0).</summary>
    private static bool Differs(ReadOnlySpan<float> step, float maskValue)
    {
        foreach (float value in step)
            if (value != maskValue) return true;
        return false;
    }

    private static void Check(int x, int y, int mask, int positions, int features)
    {
        int values = positions * features;
        if (x < values || y < values || mask < positions)
            throw new ArgumentException($"Masking's {positions} steps of {features} features need {values} values in and out and {positions} mask values; got {x}, {y} and {mask}.");
    }
}
