using System.Numerics.Tensors;
using System.Text.Json;

namespace Compiled;

/// <summary>
/// Keras's <c>top_k_categorical_accuracy</c> (<c>TopKCategoricalAccuracy(k=5)</c>): per row 1 when the class of
/// <c>argmax(y_true)</c> is among the <c>k</c> highest predictions (classes tied at the boundary count as in, as
/// <c>tf.math.in_top_k</c> has it), averaged over the rows seen. Targets one-hot, one per output.
/// </summary>
public sealed class TopKCategoricalAccuracyMetric : MeanMetric
{
    internal static MetricKind Kind { get; } = new("TopKCategoricalAccuracy", "top_k_categorical_accuracy", ["top_k_categorical_accuracy"],
        name => new TopKCategoricalAccuracyMetric(name: name), settings => new TopKCategoricalAccuracyMetric(settings.Int("k", 5)!.Value, settings.Name));

    /// <param name="k">How many of the highest predictions count; Keras's default 5.</param>
    /// <param name="name">The name it logs under.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> below 1.</exception>
    public TopKCategoricalAccuracyMetric(int k = 5, string name = "top_k_categorical_accuracy") : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        K = k;
    }

    /// <summary>How many of the highest predictions count.</summary>
    public int K { get; }

    /// <inheritdoc/>
    protected override double SumOfRows(ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, int rows, int width)
    {
        int hits = 0;
        for (int r = 0; r < rows; r++)
            if (InTopK.Contains(predicted.Slice(r * width, width), TensorPrimitives.IndexOfMax(expected.Slice(r * width, width)), K))
                hits++;
        return hits;
    }

    /// <inheritdoc/>
    public override Metric Clone() => new TopKCategoricalAccuracyMetric(K, Name);

    /// <inheritdoc/>
    protected override IReadOnlyList<string> FunctionNames => Kind.FunctionNames;

    /// <inheritdoc/>
    protected override string? KerasClass => Kind.KerasClass;

    /// <inheritdoc/>
    protected override bool HasDefaultSettings => K == 5;

    /// <inheritdoc/>
    protected override void WriteSettings(Utf8JsonWriter writer) => writer.WriteNumber("k", K);
}
