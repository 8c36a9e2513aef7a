namespace Compiled;

/// <summary>
/// <c>cosine_similarity</c> along the last axis: per row <c>-sum(l2_normalize(y_true) · l2_normalize(y_pred))</c>, where
/// <c>l2_normalize(x) = x / sqrt(max(sum(x²), 1e-12))</c>; from -1 (same direction) to 1 (opposite), 0 for a zero vector.
/// </summary>
public sealed class CosineSimilarityLoss : Loss
{
    /// <summary>The floor of the squared norm, as TensorFlow's <c>l2_normalize</c>.</summary>
    private const double NormFloor = 1e-12;

    internal CosineSimilarityLoss() { }

    internal static LossKind Kind => LossKind.Plain(CosineSimilarity);

    /// <inheritdoc/>
    public override string Name => "cosine_similarity";

    /// <inheritdoc/>
    public override string KerasClass => "CosineSimilarity";

    /// <inheritdoc/>
    protected override double Rows(ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, Span<float> gradient, int rows, int width, ReadOnlySpan<float> rowWeights)
        => EachRow(new Kernel(), predicted, expected, gradient, rows, width, rowWeights);

    private readonly struct Kernel : IRowLoss
    {
        public double Row(ReadOnlySpan<float> p, ReadOnlySpan<float> t, Span<float> g)
        {
            double pp = 0, tt = 0, tp = 0;
            for (int i = 0; i < p.Length; i++)
            {
                pp += (double)p[i] * p[i];
                tt += (double)t[i] * t[i];
                tp += (double)t[i] * p[i];
            }
            double pNorm = Math.Sqrt(Math.Max(pp, NormFloor)), tNorm = Math.Sqrt(Math.Max(tt, NormFloor));
            double cosine = tp / (pNorm * tNorm);
            if (!g.IsEmpty)
            {
                // With u = p / |p|: dL/dp = -(t̂ - (t̂·u) u) / |p|; below the floor the norm is a constant and only -t̂ / |p| remains.
                bool floored = pp < NormFloor;
                for (int i = 0; i < p.Length; i++)
                {
                    double tHat = t[i] / tNorm;
                    g[i] = (float)(-(tHat - (floored ? 0 : cosine * p[i] / pNorm)) / pNorm);
                }
            }
            return -cosine;
        }
    }
}
