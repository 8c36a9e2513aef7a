using System.Runtime.InteropServices;
using System.Runtime.CompilerServices;
using System.Numerics.Tensors;

namespace Compiled;

/// <summary>
/// <c>categorical_crossentropy</c> as tf.keras 2 computes it. On probabilities:
/// <c>p = y_pred / sum(y_pred)</c>, <c>p = clip(p, 1e-7, 1 - 1e-7)</c>, <c>loss = -sum(y_true · log p)</c>.
/// After a softmax output it is computed from the logits instead (<see cref="ComputeFromLogits"/>),
/// which is exact and never clips.
/// </summary>
public sealed class CategoricalCrossentropyLoss : Loss
{
    /// <summary>Keras's backend epsilon, the clipping margin.</summary>
    public const float Epsilon = 1e-7f;

    internal CategoricalCrossentropyLoss() { }

    /// <inheritdoc/>
    public override string Name => "categorical_crossentropy";

    /// <inheritdoc/>
    public override double Compute(ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, Span<float> gradient, int rows, int width)
    {
        double total = 0;
        float invRows = 1f / rows;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> yp = predicted.Slice(r * width, width), yt = expected.Slice(r * width, width);
            Span<float> g = gradient.Slice(r * width, width);
            float sum = TensorPrimitives.Sum(yp);
            // dL/dp_i = -t_i / p_i inside the clip range and 0 where clipped; then through p = y / sum(y):
            // dL/dy_j = (dL/dp_j - Σ_i dL/dp_i · p_i) / sum.
            double weighted = 0;
            for (int i = 0; i < width; i++)
            {
                float p = yp[i] / sum;
                bool clipped = p < Epsilon || p > 1 - Epsilon;
                float pc = Math.Clamp(p, Epsilon, 1 - Epsilon);
                total -= yt[i] * Math.Log(pc);
                float dp = clipped ? 0f : -yt[i] / pc;
                g[i] = dp;
                weighted += dp * p;
            }
            for (int i = 0; i < width; i++) g[i] = (float)((g[i] - weighted) / sum) * invRows;
        }
        return total;
    }

    /// <inheritdoc/>
    public override double Sum(ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, int rows, int width)
    {
        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> yp = predicted.Slice(r * width, width), yt = expected.Slice(r * width, width);
            float sum = TensorPrimitives.Sum(yp);
            for (int i = 0; i < width; i++) total -= yt[i] * Math.Log(Math.Clamp(yp[i] / sum, Epsilon, 1 - Epsilon));
        }
        return total;
    }

    /// <summary>True: after a softmax, cross-entropy is computed from the logits (<see cref="ComputeFromLogits"/>).</summary>
    public override bool FusesWithSoftmax => true;

    /// <inheritdoc/>
    public override double ComputeFromSoftmaxLogits(ReadOnlySpan<float> logits, ReadOnlySpan<float> probabilities, ReadOnlySpan<float> expected, Span<float> logitGradient, int rows, int width)
        => ComputeFromLogits(logits, probabilities, expected, logitGradient, rows, width);

    /// <inheritdoc/>
    public override double SumFromSoftmaxLogits(ReadOnlySpan<float> logits, ReadOnlySpan<float> expected, int rows, int width)
        => SumFromLogits(logits, expected, rows, width);

    /// <summary>
    /// The loss of <c>softmax(logits)</c>, computed as <c>-sum(y_true · log_softmax(logits))</c>, and its
    /// gradient with respect to the logits, <c>(softmax(logits) · sum(y_true) - y_true) / rows</c>
    /// (the familiar <c>(p - y_true) / rows</c> for one-hot targets).
    /// </summary>
    /// <returns>The sum of the rows' losses.</returns>
    public static double ComputeFromLogits(ReadOnlySpan<float> logits, ReadOnlySpan<float> probabilities, ReadOnlySpan<float> expected, Span<float> logitGradient, int rows, int width)
    {
        int length = rows * width;
        if (logits.Length < length || probabilities.Length < length || expected.Length < length || logitGradient.Length < length)
            throw new ArgumentException($"ComputeFromLogits of {rows}x{width} needs {length} values in each span.");
        ref float z = ref MemoryMarshal.GetReference(logits);
        ref float p = ref MemoryMarshal.GetReference(probabilities);
        ref float t = ref MemoryMarshal.GetReference(expected);
        ref float g = ref MemoryMarshal.GetReference(logitGradient);
        float invRows = 1f / rows;
        // loss = Σ t·(logsumexp(z) - z), exact for any logits: the softmax already holds 1 / Σ exp(z - max) at the
        // largest logit, a probability of at least 1 / width that never underflows, so logsumexp(z) = max - log p[top]
        // without a second pass of exponentials; the rows' logarithms are then taken in one vectorised call.
        const int Chunk = 256;
        Span<float> tops = stackalloc float[Math.Min(rows, Chunk)];
        Span<float> masses = stackalloc float[tops.Length];
        double total = 0;
        for (int first = 0; first < rows; first += Chunk)
        {
            int count = Math.Min(Chunk, rows - first);
            for (int k = 0; k < count; k++)
            {
                int row = (first + k) * width;
                int top = row;
                for (int i = row + 1; i < row + width; i++) if (Unsafe.Add(ref z, i) > Unsafe.Add(ref z, top)) top = i;
                double mass = 0, targetLogits = 0;
                for (int i = row; i < row + width; i++)
                {
                    float target = Unsafe.Add(ref t, i);
                    // A class with no target mass adds nothing, even at a logit of -inf (0 · -inf would be NaN).
                    if (target == 0) continue;
                    mass += target;
                    targetLogits += (double)target * Unsafe.Add(ref z, i);
                }
                for (int i = row; i < row + width; i++)
                    Unsafe.Add(ref g, i) = (Unsafe.Add(ref p, i) * (float)mass - Unsafe.Add(ref t, i)) * invRows;
                total += mass * Unsafe.Add(ref z, top) - targetLogits;
                tops[k] = Unsafe.Add(ref p, top);
                masses[k] = (float)mass;
            }
            Span<float> logs = tops.Slice(0, count);
            TensorPrimitives.Log(logs, logs);
            for (int k = 0; k < count; k++) total -= (double)masses[k] * logs[k];
        }
        return total;
    }

    /// <summary>The sum of the rows' losses of <c>softmax(logits)</c>, without a gradient.</summary>
    public static double SumFromLogits(ReadOnlySpan<float> logits, ReadOnlySpan<float> expected, int rows, int width)
    {
        double total = 0;
        for (int r = 0; r < rows; r++) total += LogitRowLoss(logits.Slice(r * width, width), expected.Slice(r * width, width));
        return total;
    }

    private static double LogitRowLoss(ReadOnlySpan<float> z, ReadOnlySpan<float> yt)
    {
        // log_softmax(z)_i = z_i - max - log Σ exp(z_j - max), in double so large logits stay exact.
        float max = RowMax(z);
        double sumExp = 0;
        for (int i = 0; i < z.Length; i++) sumExp += Math.Exp(z[i] - max);
        double logSum = Math.Log(sumExp) + max;
        double loss = 0;
        for (int i = 0; i < z.Length; i++)
            if (yt[i] != 0) loss -= yt[i] * (z[i] - logSum);
        return loss;
    }

    private static float RowMax(ReadOnlySpan<float> row)
    {
        float max = row[0];
        for (int i = 1; i < row.Length; i++) max = MathF.Max(max, row[i]);
        return max;
    }
}
