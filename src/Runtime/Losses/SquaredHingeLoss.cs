namespace Compiled;

/// <summary>
/// <c>squared_hinge</c>: per row <c>mean(max(1 - y_true · y_pred, 0)²)</c> over the last axis, with binary 0/1 targets
/// mapped to -1/1 as <see cref="HingeLoss"/> does.
/// </summary>
public sealed class SquaredHingeLoss : Loss
{
    internal SquaredHingeLoss() { }

    internal static LossKind Kind => LossKind.Plain(SquaredHinge);

    /// <inheritdoc/>
    public override string Name => "squared_hinge";

    /// <inheritdoc/>
    public override string KerasClass => "SquaredHinge";

    /// <inheritdoc/>
    protected override double Rows(ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, Span<float> gradient, int rows, int width, ReadOnlySpan<float> rowWeights)
        => EachRow(new MeanOverLastAxis<Element>(new Element(HingeLabels.AreBinary(expected.Slice(0, rows * width)))), predicted, expected, gradient, rows, width, rowWeights);

    private readonly struct Element(bool binary) : IElementLoss
    {
        public double Term(float p, float t, out double derivative)
        {
            float label = HingeLabels.Signed(t, binary);
            double margin = Math.Max(1 - (double)label * p, 0);
            derivative = -2 * margin * label;
            return margin * margin;
        }
    }
}
