namespace Compiled;

/// <summary>
/// Keras's <c>Precision(thresholds=None, top_k=None, class_id=None)</c>, logged as <c>precision</c>: true positives
/// over predicted positives (0 when there are none), counted over every batch since the last reset, so an epoch's
/// value is the epoch's precision, not a mean of the batches'. Predictions must lie in [0, 1]; a label counts as
/// positive when it is not 0. See <see cref="ConfusionCounts"/> for the threshold, top-k and class rules.
/// </summary>
public sealed class PrecisionMetric : ThresholdedConfusionMetric
{
    internal static MetricKind Kind { get; } = new("Precision", "precision", [],
        name => new PrecisionMetric(name: name),
        settings => new PrecisionMetric(settings.Number("thresholds", null), settings.Int("top_k", null), settings.Int("class_id", null), settings.Name));

    /// <inheritdoc cref="ThresholdedConfusionMetric(double?, int?, int?, string)"/>
    public PrecisionMetric(double? threshold = null, int? topK = null, int? classId = null, string name = "precision") : base(threshold, topK, classId, name)
    {
    }

    private protected override string KerasClassName => "Precision";

    /// <inheritdoc/>
    public override double Result()
    {
        double predictedPositives = Counts.TruePositives + Counts.FalsePositives;
        return predictedPositives == 0 ? 0 : Counts.TruePositives / predictedPositives;
    }

    /// <inheritdoc/>
    public override Metric Clone() => new PrecisionMetric(Threshold, TopK, ClassId, Name);
}
