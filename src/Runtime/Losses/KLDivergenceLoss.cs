namespace Compiled;

/// <summary>
/// <c>kl_divergence</c> (<c>kld</c>): per row <c>sum(t · log(t / p))</c> over the last axis, with
/// <c>t = clip(y_true, 1e-7, 1)</c> and <c>p = clip(y_pred, 1e-7, 1)</c>.
/// </summary>
public sealed class KLDivergenceLoss : Loss
{
    internal KLDivergenceLoss() { }

    internal static LossKind Kind => LossKind.Plain(KLDivergence, "kld", "kullback_leibler_divergence");

    /// <inheritdoc/>
    public override string Name => "kl_divergence";

    /// <inheritdoc/>
    public override string KerasClass => "KLDivergence";

    /// <inheritdoc/>
    protected override double Rows(ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, Span<float> gradient, int rows, int width, ReadOnlySpan<float> rowWeights)
        => EachRow(new Kernel(), predicted, expected, gradient, rows, width, rowWeights);

    private readonly struct Kernel : IRowLoss
    {
        public double Row(ReadOnlySpan<float> p, ReadOnlySpan<float> t, Span<float> g)
        {
            double sum = 0;
            for (int i = 0; i < p.Length; i++)
            {
                double tc = Math.Clamp(t[i], Epsilon, 1f), pc = Math.Clamp(p[i], Epsilon, 1f);
                sum += tc * Math.Log(tc / pc);
                // The clip passes the gradient inside [ε, 1], bounds included, as TensorFlow's clip_by_value.
                if (!g.IsEmpty) g[i] = p[i] >= Epsilon && p[i] <= 1f ? (float)(-tc / pc) : 0f;
            }
            return sum;
        }
    }
}
