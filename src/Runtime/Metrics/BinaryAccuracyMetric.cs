namespace Compiled;

/// <summary><c>binary_accuracy</c>: per row the share of outputs where <c>y_true == (y_pred &gt; 0.5 ? 1 : 0)</c>, as Keras compares them (soft labels never match).</summary>
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
            if (expected[i] == (predicted[i] > 0.5f ? 1f : 0f)) hits++;
        return (double)hits / width;
    }
}
