namespace Compiled;

/// <summary>
/// Keras's <c>Recall(thresholds=None, top_k=None, class_id=None)</c>, logged as <c>recall</c>: true positives
/// over actual positives (0 when there are none), counted over every batch since the last reset, so an epoch's
/// value is the epoch's recall, not a mean of the batches'. Predictions must lie in [0, 1]; a label counts as
/// positive when it is not 0. See <see cref="ConfusionCounts"/> for the threshold, top-k and class rules.
/// </summary>
public sealed class RecallMetric : ThresholdedConfusionMetric
{
    internal static MetricKind Kind { get; } = new("Recall", "recall", [],
        name => new RecallMetric(name: name),
        settings => new RecallMetric(settings.Number("thresholds", null), settings.Int("top_k", null), settings.Int("class_id", null), settings.Name));

    /// <inheritdoc cref="ThresholdedConfusionMetric(double?, int?, int?, string)"/>
    public RecallMetric(double? threshold = null, int? topK = null, int? classId = null, string name = "recall") : base(threshold, topK, classId, name)
    {
    }

    private protected override string KerasClassName => "Recall";

    /// <inheritdoc/>
    public override double Result()
    {
        double positives = Counts.TruePositives + Counts.FalseNegatives;
        return positives == 0 ? 0 : Counts.TruePositives / positives;
    }

    /// <inheritdoc/>
    public override Metric Clone() => new RecallMetric(Threshold, TopK, ClassId, Name);
}
