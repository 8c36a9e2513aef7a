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
        => EachRow(new MeanOverLastAxis<Element>(new Element()), predicted, expected, gradient, rows, width, rowWeights);

    private readonly struct Element : IElementLoss
    {
        public double Term(float p, float t, out double derivative)
        {
            double shifted = (double)p + Epsilon;
            derivative = 1 - t / shifted;
            return p - t * Math.Log(shifted);
        }
    }
}
