namespace Compiled;

/// <summary>
/// <c>hinge</c>: per row <c>mean(max(1 - y_true · y_pred, 0))</c> over the last axis. Targets are -1 or 1; when every
/// target of the batch is 0 or 1, Keras reads them as binary labels and maps them to -1 and 1 first.
/// </summary>
public sealed class HingeLoss : Loss
{
    internal HingeLoss() { }

    internal static LossKind Kind => LossKind.Plain(Hinge);

    /// <inheritdoc/>
    public override string Name => "hinge";

    /// <inheritdoc/>
    public override string KerasClass => "Hinge";

    /// <inheritdoc/>
    protected override double Rows(ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, Span<float> gradient, int rows, int width, ReadOnlySpan<float> rowWeights)
        => EachRow(new MeanOverLastAxis<Element>(new Element(HingeLabels.AreBinary(expected.Slice(0, rows * width)))), predicted, expected, gradient, rows, width, rowWeights);

    private readonly struct Element(bool binary) : IElementLoss
    {
        public double Term(float p, float t, out double derivative)
        {
            float label = HingeLabels.Signed(t, binary);
            double margin = 1 - (double)label * p;
            // TensorFlow's maximum passes the gradient to its first argument on a tie, so at a margin of 0 too.
            derivative = margin >= 0 ? -label : 0;
            return Math.Max(margin, 0);
        }
    }
}
