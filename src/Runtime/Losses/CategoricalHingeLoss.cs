namespace Compiled;

/// <summary>
/// <c>categorical_hinge</c>: per row <c>max(neg - pos + 1, 0)</c> with <c>pos = sum(y_true · y_pred)</c> and
/// <c>neg = max((1 - y_true) · y_pred)</c>, for one-hot targets.
/// </summary>
public sealed class CategoricalHingeLoss : Loss
{
    internal CategoricalHingeLoss() { }

    internal static LossKind Kind => LossKind.Plain(CategoricalHinge);

    /// <inheritdoc/>
    public override string Name => "categorical_hinge";

    /// <inheritdoc/>
    public override string KerasClass => "CategoricalHinge";

    /// <inheritdoc/>
    protected override double Rows(ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, Span<float> gradient, int rows, int width, ReadOnlySpan<float> rowWeights)
        => EachRow(new Kernel(), predicted, expected, gradient, rows, width, rowWeights);

    private readonly struct Kernel : IRowLoss
    {
        public double Row(ReadOnlySpan<float> p, ReadOnlySpan<float> t, Span<float> g)
        {
            double pos = 0, neg = double.NegativeInfinity;
            for (int i = 0; i < p.Length; i++)
            {
                pos += (double)t[i] * p[i];
                neg = Math.Max(neg, (1.0 - t[i]) * p[i]);
            }
            double margin = neg - pos + 1;
            if (g.IsEmpty) return Math.Max(margin, 0);
            if (margin < 0)
            {
                g.Clear();
                return 0;
            }
            // reduce_max's gradient is shared equally among the entries that reach the maximum, as in TensorFlow.
            int ties = 0;
            for (int i = 0; i < p.Length; i++) if ((1.0 - t[i]) * p[i] == neg) ties++;
            for (int i = 0; i < p.Length; i++)
                g[i] = (float)(-t[i] + ((1.0 - t[i]) * p[i] == neg ? (1.0 - t[i]) / ties : 0));
            return margin;
        }
    }
}
