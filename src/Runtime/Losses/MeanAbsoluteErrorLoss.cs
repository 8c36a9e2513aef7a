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
        => EachRow(new MeanOverLastAxis<Element>(new Element()), predicted, expected, gradient, rows, width, rowWeights);

    private readonly struct Element : IElementLoss
    {
        public double Term(float p, float t, out double derivative)
        {
            float d = p - t;
            // |d|' = sign(d), 0 at 0 as TensorFlow's abs.
            derivative = MathF.Sign(d);
            return Math.Abs(d);
        }
    }
}
