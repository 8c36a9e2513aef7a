namespace Compiled;

/// <summary>
/// Keras's <c>mae</c> / <c>mean_absolute_error</c> metric (<c>MeanAbsoluteError</c>): per row the mean of
/// <c>|y_true - y_pred|</c> over the last axis, averaged over the rows seen.
/// </summary>
public sealed class MeanAbsoluteErrorMetric : MeanMetric
{
    internal static MetricKind Kind { get; } = new("MeanAbsoluteError", "mean_absolute_error", ["mae", "mean_absolute_error", "MAE"],
        name => new MeanAbsoluteErrorMetric(name), settings => new MeanAbsoluteErrorMetric(settings.Name));

    /// <param name="name">The name it logs under: Keras logs <c>mae</c> when given that string.</param>
    public MeanAbsoluteErrorMetric(string name = "mean_absolute_error") : base(name)
    {
    }

    /// <inheritdoc/>
    protected override double SumOfRows(ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, int rows, int width)
    {
        double sum = 0;
        for (int i = 0; i < predicted.Length; i++) sum += Math.Abs((double)expected[i] - predicted[i]);
        return sum / width;
    }

    /// <inheritdoc/>
    public override Metric Clone() => new MeanAbsoluteErrorMetric(Name);

    /// <inheritdoc/>
    protected override IReadOnlyList<string> FunctionNames => Kind.FunctionNames;

    /// <inheritdoc/>
    protected override string? KerasClass => Kind.KerasClass;
}
