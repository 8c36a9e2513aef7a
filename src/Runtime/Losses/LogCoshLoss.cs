namespace Compiled;

/// <summary>
/// <c>log_cosh</c> (<c>logcosh</c>): per row <c>mean(log(cosh(x)))</c> over the last axis for <c>x = y_pred - y_true</c>,
/// computed as Keras does, <c>x + softplus(-2x) - log 2</c>, which never overflows.
/// </summary>
public sealed class LogCoshLoss : Loss
{
    internal LogCoshLoss() { }

    internal static LossKind Kind => LossKind.Plain(LogCosh, "logcosh");

    /// <inheritdoc/>
    public override string Name => "log_cosh";

    /// <inheritdoc/>
    public override string KerasClass => "LogCosh";

    private protected override string KerasInstanceName => "log_cosh";

    /// <inheritdoc/>
    protected override double Rows(ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, Span<float> gradient, int rows, int width, ReadOnlySpan<float> rowWeights)
        => EachRow(new MeanOverLastAxis<Element>(new Element()), predicted, expected, gradient, rows, width, rowWeights);

    private readonly struct Element : IElementLoss
    {
        public double Term(float p, float t, out double derivative)
        {
            double x = (double)p - t;
            // d/dx log cosh x = tanh x.
            derivative = Math.Tanh(x);
            double softplus = Math.Max(-2 * x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(2 * x)));
            return x + softplus - Math.Log(2);
        }
    }
}
