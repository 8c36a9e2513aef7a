using System.Numerics.Tensors;

namespace Compiled;

/// <summary>
/// Keras's <c>categorical_accuracy</c> (<c>CategoricalAccuracy</c>): per row 1 when <c>argmax(y_true) == argmax(y_pred)</c>,
/// else 0 (ties go to the first maximum, as <c>argmax</c>), averaged over the rows seen. Targets one-hot, one per output.
/// </summary>
public sealed class CategoricalAccuracyMetric : MeanMetric
{
    internal static MetricKind Kind { get; } = new("CategoricalAccuracy", "categorical_accuracy", ["categorical_accuracy"],
        name => new CategoricalAccuracyMetric(name), settings => new CategoricalAccuracyMetric(settings.Name));

    /// <param name="name">The name it logs under.</param>
    public CategoricalAccuracyMetric(string name = "categorical_accuracy") : base(name)
    {
    }

    /// <inheritdoc/>
    protected override double SumOfRows(ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, int rows, int width)
    {
        int hits = 0;
        for (int r = 0; r < rows; r++)
            if (TensorPrimitives.IndexOfMax(predicted.Slice(r * width, width)) == TensorPrimitives.IndexOfMax(expected.Slice(r * width, width)))
                hits++;
        return hits;
    }

    /// <inheritdoc/>
    public override Metric Clone() => new CategoricalAccuracyMetric(Name);

    /// <inheritdoc/>
    protected override IReadOnlyList<string> FunctionNames => Kind.FunctionNames;

    /// <inheritdoc/>
    protected override string? KerasClass => Kind.KerasClass;
}
