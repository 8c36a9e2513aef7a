using System.Text.Json;

namespace Compiled;

/// <summary>
/// Keras's <c>sparse_top_k_categorical_accuracy</c> (<c>SparseTopKCategoricalAccuracy(k=5)</c>): per row 1 when the
/// target class is among the <c>k</c> highest predictions (ties at the boundary count as in), averaged over the rows
/// seen. Targets: one class index per row, truncated to an integer as Keras's cast to int32 does; an index outside
/// the classes is a miss, as in TensorFlow.
/// </summary>
public sealed class SparseTopKCategoricalAccuracyMetric : MeanMetric
{
    internal static MetricKind Kind { get; } = new("SparseTopKCategoricalAccuracy", "sparse_top_k_categorical_accuracy", ["sparse_top_k_categorical_accuracy"],
        name => new SparseTopKCategoricalAccuracyMetric(name: name), settings => new SparseTopKCategoricalAccuracyMetric(settings.Int("k", 5)!.Value, settings.Name));

    /// <param name="k">How many of the highest predictions count; Keras's default 5.</param>
    /// <param name="name">The name it logs under.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> below 1.</exception>
    public SparseTopKCategoricalAccuracyMetric(int k = 5, string name = "sparse_top_k_categorical_accuracy") : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        K = k;
    }

    /// <summary>How many of the highest predictions count.</summary>
    public int K { get; }

    /// <inheritdoc/>
    protected override int ExpectedPerRow(int width) => 1;

    /// <inheritdoc/>
    protected override double SumOfRows(ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, int rows, int width)
    {
        int hits = 0;
        for (int r = 0; r < rows; r++)
        {
            float label = expected[r];
            // Outside int32 (or NaN) is outside the classes; inside, the cast truncates toward zero as tf.cast does.
            if (!(label > -1 && label < width)) continue;
            if (InTopK.Contains(predicted.Slice(r * width, width), (int)label, K)) hits++;
        }
        return hits;
    }

    /// <inheritdoc/>
    public override Metric Clone() => new SparseTopKCategoricalAccuracyMetric(K, Name);

    /// <inheritdoc/>
    protected override IReadOnlyList<string> FunctionNames => Kind.FunctionNames;

    /// <inheritdoc/>
    protected override string? KerasClass => Kind.KerasClass;

    /// <inheritdoc/>
    protected override bool HasDefaultSettings => K == 5;

    /// <inheritdoc/>
    protected override void WriteSettings(Utf8JsonWriter writer) => writer.WriteNumber("k", K);
}
