using System.Text.Json;

namespace Compiled;

/// <summary>
/// What Keras's <c>Precision</c> and <c>Recall</c> share: confusion counts over every batch since the last reset, under
/// a threshold, a top-k or a single class (<see cref="ConfusionCounts"/>), and Keras's configuration
/// <c>{"name", "dtype", "thresholds", "top_k", "class_id"}</c>. Each says only which rate of the counts it is.
/// </summary>
public abstract class ThresholdedConfusionMetric : Metric
{
    /// <param name="threshold">A prediction above it is a predicted positive; in [0, 1]. Keras's default 0.5, or with <paramref name="topK"/> none (the top k are the positives).</param>
    /// <param name="topK">Only each row's k highest predictions can be positive (ties go to the lower index, as <c>tf.math.top_k</c>).</param>
    /// <param name="classId">Only this column counts.</param>
    /// <param name="name">The name it logs under.</param>
    /// <exception cref="ArgumentOutOfRangeException">A threshold outside [0, 1], <paramref name="topK"/> below 1 or a negative <paramref name="classId"/>.</exception>
    private protected ThresholdedConfusionMetric(double? threshold, int? topK, int? classId, string name) : base(name)
        => Counts = new ConfusionCounts(threshold, topK, classId);

    /// <summary>The counts since the last reset.</summary>
    private protected ConfusionCounts Counts { get; }

    /// <summary>Keras's class name, <c>Precision</c> or <c>Recall</c>.</summary>
    private protected abstract string KerasClassName { get; }

    /// <summary>The threshold given, or null for Keras's default.</summary>
    public double? Threshold => Counts.Threshold;

    /// <summary>Keras's <c>top_k</c>, or null.</summary>
    public int? TopK => Counts.TopK;

    /// <summary>Keras's <c>class_id</c>, or null.</summary>
    public int? ClassId => Counts.ClassId;

    /// <inheritdoc/>
    public override void UpdateState(ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, int rows, int width)
    {
        CheckShapes(predicted, expected, rows, width, width);
        Counts.Add(Name, predicted, expected, rows, width);
    }

    /// <inheritdoc/>
    public override void ResetState() => Counts.Reset();

    /// <summary>Keras's object: <c>{"class_name": "Precision" or "Recall", "config": {"name", "dtype", "thresholds", "top_k", "class_id"}}</c>.</summary>
    public override void WriteKerasConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        KerasMetricObject.Write(writer, KerasClassName, Name, Counts.WriteSettings);
    }
}
