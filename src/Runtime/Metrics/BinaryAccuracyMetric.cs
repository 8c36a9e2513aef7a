namespace Compiled;

/// <summary><c>binary_accuracy</c>: per row the share of outputs where <c>(y_pred &gt; 0.5) == (y_true &gt; 0.5)</c>.</summary>
public sealed class BinaryAccuracyMetric : Metric
{
    internal BinaryAccuracyMetric() { }

    /// <inheritdoc/>
    public override string Name => "binary_accuracy";

    /// <inheritdoc/>
    public override double Sum(ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, int rows, int width)
    {
        int hits = 0;
        for (int i = 0; i < rows * width; i++)
            if (predicted[i] > 0.5f == expected[i] > 0.5f) hits++;
        return (double)hits / width;
    }
}
