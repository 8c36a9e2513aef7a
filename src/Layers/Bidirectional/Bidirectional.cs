using System.Numerics.Tensors;

namespace Compiled.Kernels;

/// <summary>
/// The merge of Keras's <c>Bidirectional</c>: the forward run's output <c>f</c> and the backward run's <c>b</c>, each
/// <c>(batch, steps, units)</c> batch-major (one step for the last states), combined step by step with the backward run's
/// step <c>steps-1-t</c> at time <c>t</c> (Keras turns its sequence back to input order), into <c>(batch, steps, width)</c>.
/// </summary>
public static class Bidirectional
{
    /// <summary>Writes the merged output: <c>[f, b]</c>, <c>f + b</c>, <c>f · b</c> or <c>(f + b) / 2</c> per step.</summary>
    public static void Merge(ReadOnlySpan<float> forward, ReadOnlySpan<float> backward, Span<float> output, int batch, int steps, int units, MergeMode mode)
    {
        int width = mode == MergeMode.Concat ? 2 * units : units;
        Check(forward.Length, batch * steps * units, nameof(forward));
        Check(backward.Length, batch * steps * units, nameof(backward));
        Check(output.Length, batch * steps * width, nameof(output));
        for (int b = 0; b < batch; b++)
        {
            for (int t = 0; t < steps; t++)
            {
                ReadOnlySpan<float> f = forward.Slice((b * steps + t) * units, units);
                ReadOnlySpan<float> r = backward.Slice((b * steps + steps - 1 - t) * units, units);
                Span<float> y = output.Slice((b * steps + t) * width, width);
                switch (mode)
                {
                    case MergeMode.Concat:
                        f.CopyTo(y);
                        r.CopyTo(y.Slice(units));
                        break;
                    case MergeMode.Sum:
                        TensorPrimitives.Add(f, r, y);
                        break;
                    case MergeMode.Mul:
                        TensorPrimitives.Multiply(f, r, y);
                        break;
                    case MergeMode.Ave:
                        TensorPrimitives.Add(f, r, y);
                        TensorPrimitives.Multiply(y, 0.5f, y);
                        break;
                    default:
                        throw new ArgumentOutOfRangeException(nameof(mode), mode, "Bidirectional merges by Concat, Sum, Mul or Ave.");
                }
            }
        }
    }

    /// <summary>
    /// The merge's gradient into each run's output, in the runs' own layouts (the backward run's steps in its order):
    /// the two halves of <c>dy</c>; <c>dy</c> for both; <c>dy · b</c> and <c>dy · f</c>; or <c>dy / 2</c> for both.
    /// </summary>
    public static void MergeBackward(ReadOnlySpan<float> outputGradient, ReadOnlySpan<float> forward, ReadOnlySpan<float> backward,
        Span<float> forwardGradient, Span<float> backwardGradient, int batch, int steps, int units, MergeMode mode)
    {
        int width = mode == MergeMode.Concat ? 2 * units : units;
        Check(outputGradient.Length, batch * steps * width, nameof(outputGradient));
        Check(forward.Length, batch * steps * units, nameof(forward));
        Check(backward.Length, batch * steps * units, nameof(backward));
        Check(forwardGradient.Length, batch * steps * units, nameof(forwardGradient));
        Check(backwardGradient.Length, batch * steps * units, nameof(backwardGradient));
        for (int b = 0; b < batch; b++)
        {
            for (int t = 0; t < steps; t++)
            {
                int f = (b * steps + t) * units, r = (b * steps + steps - 1 - t) * units;
                ReadOnlySpan<float> dy = outputGradient.Slice((b * steps + t) * width, width);
                Span<float> df = forwardGradient.Slice(f, units), dr = backwardGradient.Slice(r, units);
                switch (mode)
                {
                    case MergeMode.Concat:
                        dy.Slice(0, units).CopyTo(df);
                        dy.Slice(units).CopyTo(dr);
                        break;
                    case MergeMode.Sum:
                        dy.CopyTo(df);
                        dy.CopyTo(dr);
                        break;
                    case MergeMode.Mul:
                        TensorPrimitives.Multiply(dy, backward.Slice(r, units), df);
                        TensorPrimitives.Multiply(dy, forward.Slice(f, units), dr);
                        break;
                    case MergeMode.Ave:
                        TensorPrimitives.Multiply(dy, 0.5f, df);
                        TensorPrimitives.Multiply(dy, 0.5f, dr);
                        break;
                    default:
                        throw new ArgumentOutOfRangeException(nameof(mode), mode, "Bidirectional merges by Concat, Sum, Mul or Ave.");
                }
            }
        }
    }

    private static void Check(int length, int needed, string name)
    {
        if (length < needed) throw new ArgumentException($"{name} holds {length} values; the Bidirectional merge's sizes need {needed}.", name);
    }
}
