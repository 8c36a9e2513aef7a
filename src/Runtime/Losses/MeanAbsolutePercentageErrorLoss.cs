namespace Compiled;

/// <summary>
/// <c>mean_absolute_percentage_error</c> (<c>mape</c>): per row
/// <c>100 · mean(|y_true - y_pred| / max(|y_true|, 1e-7))</c> over the last axis.
/// </summary>
public sealed class MeanAbsolutePercentageErrorLoss : Loss
{
    internal MeanAbsolutePercentageErrorLoss() { }

    internal static LossKind Kind => LossKind.Plain(MeanAbsolutePercentageError, "mape");

    /// <inheritdoc/>
    public override string Name => "mean_absolute_percentage_error";

    /// <inheritdoc/>
    public override string KerasClass => "MeanAbsolutePercentageError";

    /// <inheritdoc/>
    protected override double Rows(ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, Span<float> gradient, int rows, int width, ReadOnlySpan<float> rowWeights)
        => EachRow(new Kernel(), predicted, expected, gradient, rows, width, rowWeights);

    private readonly struct Kernel : IRowLoss
    {
        public double Row(ReadOnlySpan<float> p, ReadOnlySpan<float> t, Span<float> g)
        {
            double sum = 0;
            double scale = 100.0 / p.Length;
            for (int i = 0; i < p.Length; i++)
            {
                double d = (double)p[i] - t[i];
                double denominator = Math.Max(Math.Abs(t[i]), Epsilon);
                sum += Math.Abs(d) / denominator;
                if (!g.IsEmpty) g[i] = (float)(Math.Sign(d) / denominator * scale);
            }
            return sum * scale;
        }
    }
}
