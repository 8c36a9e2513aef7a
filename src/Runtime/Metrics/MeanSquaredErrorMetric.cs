namespace Compiled;

/// <summary>
/// Keras's <c>mse</c> / <c>mean_squared_error</c> metric (<c>MeanSquaredError</c>): per row the mean of
/// <c>(y_true - y_pred)²</c> over the last axis, averaged over the rows seen.
/// </summary>
public sealed class MeanSquaredErrorMetric : MeanMetric
{
    internal static MetricKind Kind { get; } = new("MeanSquaredError", "mean_squared_error", ["mse", "mean_squared_error", "MSE"],
        name => new MeanSquaredErrorMetric(name), settings => new MeanSquaredErrorMetric(settings.Name));

    /// <param name="name">The name it logs under: Keras logs <c>mse</c> when given that string.</param>
    public MeanSquaredErrorMetric(string name = "mean_squared_error") : base(name)
    {
    }

    /// <inheritdoc/>
    protected override double SumOfRows(ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, int rows, int width)
    {
        double sum = 0;
        for (int i = 0; i < predicted.Length; i++)
        {
            double error = (double)expected[i] - predicted[i];
            sum += error * error;
        }
        return sum / width;
    }

    /// <inheritdoc/>
    public override Metric Clone() => new MeanSquaredErrorMetric(Name);

    /// <inheritdoc/>
    protected override IReadOnlyList<string> FunctionNames => Kind.FunctionNames;

    /// <inheritdoc/>
    protected override string? KerasClass => Kind.KerasClass;
}
