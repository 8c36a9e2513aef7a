using System.Numerics.Tensors;

namespace Compiled;

/// <summary>
/// Keras's <c>sparse_categorical_accuracy</c> (<c>SparseCategoricalAccuracy</c>): per row 1 when the target class index
/// equals <c>argmax(y_pred)</c>, else 0, averaged over the rows seen. Targets: one class index per row (the layout of
/// the sparse losses), compared as Keras compares them, as numbers (a label of 2.5 never matches).
/// </summary>
public sealed class SparseCategoricalAccuracyMetric : MeanMetric
{
    internal static MetricKind Kind { get; } = new("SparseCategoricalAccuracy", "sparse_categorical_accuracy", ["sparse_categorical_accuracy"],
        name => new SparseCategoricalAccuracyMetric(name), settings => new SparseCategoricalAccuracyMetric(settings.Name));

    /// <param name="name">The name it logs under.</param>
    public SparseCategoricalAccuracyMetric(string name = "sparse_categorical_accuracy") : base(name)
    {
    }

    /// <inheritdoc/>
    protected override int ExpectedPerRow(int width) => 1;

    /// <inheritdoc/>
    protected override double SumOfRows(ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, int rows, int width)
    {
        int hits = 0;
        for (int r = 0; r < rows; r++)
            if (expected[r] == TensorPrimitives.IndexOfMax(predicted.Slice(r * width, width)))
                hits++;
        return hits;
    }

    /// <inheritdoc/>
    public override Metric Clone() => new SparseCategoricalAccuracyMetric(Name);

    /// <inheritdoc/>
    protected override IReadOnlyList<string> FunctionNames => Kind.FunctionNames;

    /// <inheritdoc/>
    protected override string? KerasClass => Kind.KerasClass;
}
