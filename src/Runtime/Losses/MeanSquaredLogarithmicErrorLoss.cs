namespace Compiled;

/// <summary>
/// <c>mean_squared_logarithmic_error</c> (<c>msle</c>): per row
/// <c>mean((log(max(y_pred, 1e-7) + 1) - log(max(y_true, 1e-7) + 1))²)</c> over the last axis.
/// </summary>
public sealed class MeanSquaredLogarithmicErrorLoss : Loss
{
    internal MeanSquaredLogarithmicErrorLoss() { }

    internal static LossKind Kind => LossKind.Plain(MeanSquaredLogarithmicError, "msle");

    /// <inheritdoc/>
    public override string Name => "mean_squared_logarithmic_error";

    /// <inheritdoc/>
    public override string KerasClass => "MeanSquaredLogarithmicError";

    /// <inheritdoc/>
    protected override double Rows(ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, Span<float> gradient, int rows, int width, ReadOnlySpan<float> rowWeights)
        => EachRow(new MeanOverLastAxis<Element>(new Element()), predicted, expected, gradient, rows, width, rowWeights);

    private readonly struct Element : IElementLoss
    {
        public double Term(float p, float t, out double derivative)
        {
            double shifted = Math.Max(p, Epsilon) + 1.0;
            double d = Math.Log(shifted) - Math.Log(Math.Max(t, Epsilon) + 1.0);
            // max(p, ε) passes the gradient where p >= ε (TensorFlow's maximum favours its first argument on a tie).
            derivative = p >= Epsilon ? 2 * d / shifted : 0;
            return d * d;
        }
    }
}
