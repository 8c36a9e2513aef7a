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

    /// <summary>
    /// The loss of <c>softmax(logits)</c>, computed as <c>-sum(y_true · log_softmax(logits))</c>, and its
    /// gradient with respect to the logits, <c>(softmax(logits) · sum(y_true) - y_true) / rows</c>
    /// (the familiar <c>(p - y_true) / rows</c> for one-hot targets).
    /// </summary>
    /// <returns>The sum of the rows' losses.</returns>
    public static double ComputeFromLogits(ReadOnlySpan<float> logits, ReadOnlySpan<float> probabilities, ReadOnlySpan<float> expected, Span<float> logitGradient, int rows, int width)
    {
        if (logits.Length < rows * width || probabilities.Length < rows * width || expected.Length < rows * width || logitGradient.Length < rows * width)
            throw new ArgumentException($"ComputeFromLogits of {rows}x{width} needs {rows * width} values in each span.");
        double total = 0;
        float invRows = 1f / rows;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> z = logits.Slice(r * width, width), p = probabilities.Slice(r * width, width), yt = expected.Slice(r * width, width);
            Span<float> g = logitGradient.Slice(r * width, width);
            int top = 0;
            for (int i = 1; i < width; i++) if (z[i] > z[top]) top = i;
            // loss = Σ t·(logsumexp(z) - z), exact for any logits: the softmax already holds 1 / Σ exp(z - max) at
            // the largest logit, a probability of at least 1 / width that never underflows, so
            // logsumexp(z) = max - log p[top] without a second pass of exponentials.
            double targetMass = 0, targetLogits = 0;
            for (int i = 0; i < width; i++)
            {
                targetMass += yt[i];
                targetLogits += (double)yt[i] * z[i];
            }
            total += targetMass * (z[top] - Math.Log(p[top])) - targetLogits;
            for (int i = 0; i < width; i++) g[i] = (p[i] * (float)targetMass - yt[i]) * invRows;
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
