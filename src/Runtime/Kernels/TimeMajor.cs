using System.Numerics.Tensors;

namespace Compiled.Kernels;

/// <summary>
/// The reordering the recurrent kernels (<see cref="Lstm"/>, <see cref="Gru"/>) do on either side of their loop over time:
/// a batch-major <c>(batch, steps, features)</c> sequence to time-major rows in processing order (reversed in time when the
/// layer reads backwards) and back, through the input dropout's per-sample mask when there is one.
/// </summary>
internal static class TimeMajor
{
    /// <summary>
    /// <paramref name="x"/> <c>(batch, steps, features)</c> into <paramref name="rows"/> <c>(steps, batch, features)</c>, step
    /// <c>s</c> holding time <c>s</c>, or <c>T-1-s</c> with <paramref name="goBackwards"/>; each of sample <c>b</c>'s steps
    /// multiplied by its row of <paramref name="mask"/> <c>(batch, features)</c> when it is not empty.
    /// </summary>
    public static void Gather(ReadOnlySpan<float> x, Span<float> rows, int batch, int steps, int features, bool goBackwards, ReadOnlySpan<float> mask)
    {
        for (int s = 0; s < steps; s++)
        {
            int time = goBackwards ? steps - 1 - s : s;
            for (int b = 0; b < batch; b++)
            {
                ReadOnlySpan<float> from = x.Slice((b * steps + time) * features, features);
                Span<float> to = rows.Slice((s * batch + b) * features, features);
                if (mask.IsEmpty) from.CopyTo(to);
                else TensorPrimitives.Multiply(from, mask.Slice(b * features, features), to);
            }
        }
    }

    /// <summary>
    /// The way back: <paramref name="rows"/> <c>(steps, batch, features)</c> in processing order (multiplied in place by
    /// <paramref name="mask"/> when it is not empty) into <paramref name="x"/> <c>(batch, steps, features)</c> in time order,
    /// added to it with <paramref name="accumulate"/>.
    /// </summary>
    public static void Scatter(Span<float> rows, Span<float> x, int batch, int steps, int features, bool goBackwards, ReadOnlySpan<float> mask, bool accumulate)
    {
        for (int s = 0; s < steps; s++)
        {
            int time = goBackwards ? steps - 1 - s : s;
            for (int b = 0; b < batch; b++)
            {
                Span<float> from = rows.Slice((s * batch + b) * features, features);
                Span<float> to = x.Slice((b * steps + time) * features, features);
                if (!mask.IsEmpty) TensorPrimitives.Multiply(from, mask.Slice(b * features, features), from);
                if (accumulate) TensorPrimitives.Add(to, from, to);
                else from.CopyTo(to);
            }
        }
    }
}
