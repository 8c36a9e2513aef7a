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
        => EachRow(new Kernel(), predicted, expected, gradient, rows, width, rowWeights);

    private readonly struct Kernel : IRowLoss
    {
        public double Row(ReadOnlySpan<float> p, ReadOnlySpan<float> t, Span<float> g)
        {
            double sum = 0;
            for (int i = 0; i < p.Length; i++)
            {
                double shifted = Math.Max(p[i], Epsilon) + 1.0;
                double d = Math.Log(shifted) - Math.Log(Math.Max(t[i], Epsilon) + 1.0);
                sum += d * d;
                // max(p, ε) passes the gradient where p >= ε (TensorFlow's maximum favours its first argument on a tie).
                if (!g.IsEmpty) g[i] = p[i] >= Epsilon ? (float)(2 * d / shifted / p.Length) : 0f;
            }
            return sum / p.Length;
        }
    }
}
