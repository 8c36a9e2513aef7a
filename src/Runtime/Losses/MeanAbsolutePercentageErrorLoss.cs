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
        => EachRow(new MeanOverLastAxis<Element>(new Element()), predicted, expected, gradient, rows, width, rowWeights);

    private readonly struct Element : IElementLoss
    {
        public double Term(float p, float t, out double derivative)
        {
            double d = (double)p - t;
            double denominator = Math.Max(Math.Abs(t), Epsilon);
            derivative = 100.0 * Math.Sign(d) / denominator;
            return 100.0 * Math.Abs(d) / denominator;
        }
    }
}
