using System.Text.Json;

namespace Compiled;

/// <summary>
/// Keras's <c>Precision(thresholds=None, top_k=None, class_id=None)</c>, logged as <c>precision</c>: true positives
/// over predicted positives (0 when there are none), counted over every batch since the last reset, so an epoch's
/// value is the epoch's precision, not a mean of the batches'. Predictions must lie in [0, 1]; a label counts as
/// positive when it is not 0. See <see cref="ConfusionCounts"/> for the threshold, top-k and class rules.
/// </summary>
public sealed class PrecisionMetric : Metric
{
    internal static MetricKind Kind { get; } = new("Precision", "precision", [],
        name => new PrecisionMetric(name: name),
        settings => new PrecisionMetric(settings.Number("thresholds", null), settings.Int("top_k", null), settings.Int("class_id", null), settings.Name));

    private readonly ConfusionCounts _counts;

    /// <param name="threshold">A prediction above it is a predicted positive; in [0, 1]. Keras's default 0.5, or with <paramref name="topK"/> none (the top k are the positives).</param>
    /// <param name="topK">Only each row's k highest predictions can be positive (ties go to the lower index, as <c>tf.math.top_k</c>).</param>
    /// <param name="classId">Only this column counts.</param>
    /// <param name="name">The name it logs under.</param>
    /// <exception cref="ArgumentOutOfRangeException">A threshold outside [0, 1], <paramref name="topK"/> below 1 or a negative <paramref name="classId"/>.</exception>
    public PrecisionMetric(double? threshold = null, int? topK = null, int? classId = null, string name = "precision") : base(name)
        => _counts = new ConfusionCounts(threshold, topK, classId);

    /// <summary>The threshold given, or null for Keras's default.</summary>
    public double? Threshold => _counts.Threshold;

    /// <summary>Keras's <c>top_k</c>, or null.</summary>
    public int? TopK => _counts.TopK;

    /// <summary>Keras's <c>class_id</c>, or null.</summary>
    public int? ClassId => _counts.ClassId;

    /// <inheritdoc/>
    public override void UpdateState(ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, int rows, int width)
    {
        CheckShapes(predicted, expected, rows, width, width);
        _counts.Add(Name, predicted, expected, rows, width);
    }

    /// <inheritdoc/>
    public override double Result()
    {
        double predictedPositives = _counts.TruePositives + _counts.FalsePositives;
        return predictedPositives == 0 ? 0 : _counts.TruePositives / predictedPositives;
    }

    /// <inheritdoc/>
    public override void ResetState() => _counts.Reset();

    /// <inheritdoc/>
    public override Metric Clone() => new PrecisionMetric(Threshold, TopK, ClassId, Name);

    /// <summary>Keras's object: <c>{"class_name": "Precision", "config": {"name", "dtype", "thresholds", "top_k", "class_id"}}</c>.</summary>
    public override void WriteKerasConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        KerasMetricObject.Write(writer, "Precision", Name, _counts.WriteSettings);
    }
}
