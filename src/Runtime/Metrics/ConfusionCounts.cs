using System.Text.Json;

namespace Compiled;

/// <summary>
/// What <see cref="PrecisionMetric"/> and <see cref="RecallMetric"/> share, Keras's
/// <c>metrics_utils.update_confusion_matrix_variables</c> at one threshold: every value is one decision (the batch
/// flattened), positive when its label is not 0 and predicted positive when its prediction is above the threshold,
/// both in float32 as Keras compares them. With <c>top_k</c> only each row's k highest predictions stay (the others
/// become −1e10, and the default threshold is −1e10, so the top k are the predicted positives); with
/// <c>class_id</c> only that column counts.
/// </summary>
internal sealed class ConfusionCounts
{
    /// <summary>Keras's <c>metrics_utils.NEG_INF</c>: what top-k filtering puts in place of the predictions it drops.</summary>
    private const float FilteredOut = -1e10f;

    /// <param name="threshold">Keras's <c>thresholds</c> as one value in [0, 1], or null for the default.</param>
    /// <param name="topK">Keras's <c>top_k</c>, or null.</param>
    /// <param name="classId">Keras's <c>class_id</c>, or null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A threshold outside [0, 1], or top_k or class_id out of range.</exception>
    public ConfusionCounts(double? threshold, int? topK, int? classId)
    {
        if (threshold is { } t && !(t >= 0 && t <= 1))
            throw new ArgumentOutOfRangeException(nameof(threshold), $"threshold must be in [0, 1], as Keras requires; got {t}.");
        if (topK is < 1) throw new ArgumentOutOfRangeException(nameof(topK), $"topK must be at least 1; got {topK}.");
        if (classId is < 0) throw new ArgumentOutOfRangeException(nameof(classId), $"classId must not be negative; got {classId}.");
        (Threshold, TopK, ClassId) = (threshold, topK, classId);
        // Keras's default threshold: 0.5, or NEG_INF with top_k so that exactly the top k are positive.
        Cut = threshold is { } given ? (float)given : topK is null ? 0.5f : FilteredOut;
    }

    public double? Threshold { get; }

    public int? TopK { get; }

    public int? ClassId { get; }

    /// <summary>The threshold compared against, in float32.</summary>
    private float Cut { get; }

    public double TruePositives { get; private set; }

    public double FalsePositives { get; private set; }

    public double FalseNegatives { get; private set; }

    public void Reset() => (TruePositives, FalsePositives, FalseNegatives) = (0, 0, 0);

    /// <summary>Counts a batch: <paramref name="rows"/> rows of <paramref name="width"/> predictions in [0, 1], and as many labels.</summary>
    /// <exception cref="ArgumentException">A prediction outside [0, 1] (Keras asserts it), or top_k or class_id beyond the row.</exception>
    public void Add(string metric, ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, int rows, int width)
    {
        if (TopK > width) throw new ArgumentException($"{metric}: top_k is {TopK}, but the rows have only {width} predictions.", nameof(predicted));
        if (ClassId >= width) throw new ArgumentException($"{metric}: class_id is {ClassId}, but the rows have only {width} predictions (classes 0 to {width - 1}).", nameof(predicted));
        for (int i = 0; i < predicted.Length; i++)
            if (!(predicted[i] >= 0 && predicted[i] <= 1))
                throw new ArgumentException($"{metric}: predictions must be in [0, 1], as Keras asserts; row {i / width} has {predicted[i]} at {i % width}. End the output in a sigmoid or softmax.", nameof(predicted));
        int first = ClassId ?? 0, last = ClassId ?? width - 1;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = predicted.Slice(r * width, width);
            for (int c = first; c <= last; c++)
            {
                float prediction = TopK is { } k && !IsInTopK(row, c, k) ? FilteredOut : row[c];
                bool positive = expected[r * width + c] != 0, predictedPositive = prediction > Cut;
                if (predictedPositive) { if (positive) TruePositives++; else FalsePositives++; }
                else if (positive) FalseNegatives++;
            }
        }
    }

    /// <summary>Whether column <paramref name="c"/> is among the k that <c>tf.math.top_k</c> picks: ties go to the lower index.</summary>
    private static bool IsInTopK(ReadOnlySpan<float> row, int c, int k)
    {
        float value = row[c];
        int ahead = 0;
        for (int j = 0; j < row.Length && ahead < k; j++)
            if (row[j] > value || row[j] == value && j < c) ahead++;
        return ahead < k;
    }

    /// <summary>Keras's <c>thresholds</c>, <c>top_k</c> and <c>class_id</c> config entries.</summary>
    public void WriteSettings(Utf8JsonWriter writer)
    {
        if (Threshold is { } t) writer.WriteNumber("thresholds", t); else writer.WriteNull("thresholds");
        if (TopK is { } k) writer.WriteNumber("top_k", k); else writer.WriteNull("top_k");
        if (ClassId is { } c) writer.WriteNumber("class_id", c); else writer.WriteNull("class_id");
    }
}
