using System.Text.Json;

namespace Compiled;

/// <summary>
/// Keras's <c>binary_accuracy</c> (<c>BinaryAccuracy(threshold=0.5)</c>): per row the share of outputs where
/// <c>y_true == (y_pred &gt; threshold ? 1 : 0)</c> (soft labels never match), averaged over the rows seen.
/// </summary>
public sealed class BinaryAccuracyMetric : MeanMetric
{
    internal static MetricKind Kind { get; } = new("BinaryAccuracy", "binary_accuracy", ["binary_accuracy"],
        name => new BinaryAccuracyMetric(name: name), settings => new BinaryAccuracyMetric(settings.Number("threshold", 0.5)!.Value, settings.Name));

    /// <param name="threshold">A prediction above it counts as 1, else 0; Keras's default 0.5.</param>
    /// <param name="name">The name it logs under.</param>
    /// <exception cref="ArgumentOutOfRangeException">A threshold that is not a finite number.</exception>
    public BinaryAccuracyMetric(double threshold = 0.5, string name = "binary_accuracy") : base(name)
    {
        if (!double.IsFinite(threshold)) throw new ArgumentOutOfRangeException(nameof(threshold), $"threshold must be a finite number; got {threshold}.");
        Threshold = threshold;
    }

    /// <summary>A prediction above it counts as 1.</summary>
    public double Threshold { get; }

    /// <inheritdoc/>
    protected override double SumOfRows(ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, int rows, int width)
    {
        // Keras compares in the predictions' float32.
        float threshold = (float)Threshold;
        int hits = 0;
        for (int i = 0; i < predicted.Length; i++)
            if (expected[i] == (predicted[i] > threshold ? 1f : 0f)) hits++;
        return (double)hits / width;
    }

    /// <inheritdoc/>
    public override Metric Clone() => new BinaryAccuracyMetric(Threshold, Name);

    /// <inheritdoc/>
    protected override IReadOnlyList<string> FunctionNames => Kind.FunctionNames;

    /// <inheritdoc/>
    protected override string? KerasClass => Kind.KerasClass;

    /// <inheritdoc/>
    protected override bool HasDefaultSettings => Threshold == 0.5;

    /// <inheritdoc/>
    protected override void WriteSettings(Utf8JsonWriter writer) => writer.WriteNumber("threshold", Threshold);
}
