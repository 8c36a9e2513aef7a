namespace Compiled;

/// <summary><c>poisson</c>: per row <c>mean(y_pred - y_true · log(y_pred + 1e-7))</c> over the last axis.</summary>
public sealed class PoissonLoss : Loss
{
    internal PoissonLoss() { }

    internal static LossKind Kind => LossKind.Plain(Poisson);

    /// <inheritdoc/>
    public override string Name => "poisson";

    /// <inheritdoc/>
    public override string KerasClass => "Poisson";

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
                double shifted = (double)p[i] + Epsilon;
                sum += p[i] - t[i] * Math.Log(shifted);
                if (!g.IsEmpty) g[i] = (float)((1 - t[i] / shifted) / p.Length);
            }
            return sum / p.Length;
        }
    }
}
