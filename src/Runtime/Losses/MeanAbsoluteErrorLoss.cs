namespace Compiled;

/// <summary><c>mean_absolute_error</c> (<c>mae</c>): per row <c>mean(|y_pred - y_true|)</c> over the last axis.</summary>
public sealed class MeanAbsoluteErrorLoss : Loss
{
    internal MeanAbsoluteErrorLoss() { }

    internal static LossKind Kind => LossKind.Plain(MeanAbsoluteError, "mae");

    /// <inheritdoc/>
    public override string Name => "mean_absolute_error";

    /// <inheritdoc/>
    public override string KerasClass => "MeanAbsoluteError";

    /// <inheritdoc/>
    protected override double Rows(ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, Span<float> gradient, int rows, int width, ReadOnlySpan<float> rowWeights)
        => EachRow(new Kernel(), predicted, expected, gradient, rows, width, rowWeights);

    private readonly struct Kernel : IRowLoss
    {
        public double Row(ReadOnlySpan<float> p, ReadOnlySpan<float> t, Span<float> g)
        {
            double sum = 0;
            float perValue = 1f / p.Length;
            for (int i = 0; i < p.Length; i++)
            {
                float d = p[i] - t[i];
                sum += Math.Abs(d);
                // |d|' = sign(d), 0 at 0 as TensorFlow's abs.
                if (!g.IsEmpty) g[i] = MathF.Sign(d) * perValue;
            }
            return sum / p.Length;
        }
    }
}
