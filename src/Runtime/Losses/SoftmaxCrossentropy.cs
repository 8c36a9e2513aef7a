namespace Compiled;

/// <summary>
/// Cross-entropy of <c>softmax(z)</c> computed from the logits <c>z</c>, shared by the categorical and sparse losses:
/// <c>loss = Σ t·(logsumexp(z) - z)</c> and its gradient <c>softmax(z) · Σ t - t</c>, exact for any logits.
/// </summary>
internal static class SoftmaxCrossentropy
{
    /// <summary>
    /// <c>logsumexp(z)</c> of one row. With the softmax given (<paramref name="activated"/>), it already holds
    /// <c>1 / Σ exp(z - max)</c> at the largest logit, a probability of at least <c>1 / width</c> that never underflows,
    /// so <c>logsumexp(z) = max - log p[top]</c> without another pass of exponentials; else computed in double, and
    /// the softmax written into <paramref name="softmax"/> when it is not empty.
    /// </summary>
    public static double LogSumExp(ReadOnlySpan<float> z, ReadOnlySpan<float> activated, Span<float> softmax)
    {
        int top = 0;
        for (int i = 1; i < z.Length; i++) if (z[i] > z[top]) top = i;
        float max = z[top];
        if (!activated.IsEmpty)
        {
            if (!softmax.IsEmpty) activated.Slice(0, z.Length).CopyTo(softmax);
            return max - Math.Log(activated[top]);
        }
        double sumExp = 0;
        for (int i = 0; i < z.Length; i++) sumExp += Math.Exp((double)z[i] - max);
        if (!softmax.IsEmpty)
            for (int i = 0; i < z.Length; i++) softmax[i] = (float)(Math.Exp((double)z[i] - max) / sumExp);
        return max + Math.Log(sumExp);
    }

    /// <summary>
    /// One row's loss for dense targets, each smoothed to <c>t · (1 - smoothing) + smoothing / width</c>; with a
    /// non-empty <paramref name="gradient"/>, also the gradient with respect to the logits.
    /// </summary>
    public static double Row(ReadOnlySpan<float> z, ReadOnlySpan<float> activated, ReadOnlySpan<float> targets, float smoothing, Span<float> gradient)
    {
        double lse = LogSumExp(z, activated, gradient);
        float keep = 1 - smoothing, spread = smoothing / z.Length;
        double mass = 0, targetLogits = 0;
        for (int i = 0; i < z.Length; i++)
        {
            float t = targets[i] * keep + spread;
            // A class with no target mass adds nothing, even at a logit of -inf (0 · -inf would be NaN).
            if (t == 0) continue;
            mass += t;
            targetLogits += (double)t * z[i];
        }
        if (!gradient.IsEmpty)
            for (int i = 0; i < z.Length; i++) gradient[i] = gradient[i] * (float)mass - (targets[i] * keep + spread);
        return mass * lse - targetLogits;
    }

    /// <summary>One row's loss for the class index <paramref name="label"/>: <c>logsumexp(z) - z[label]</c>; gradient <c>softmax(z) - onehot</c>.</summary>
    public static double SparseRow(ReadOnlySpan<float> z, ReadOnlySpan<float> activated, int label, Span<float> gradient)
    {
        double lse = LogSumExp(z, activated, gradient);
        if (!gradient.IsEmpty) gradient[label] -= 1f;
        return lse - z[label];
    }
}
