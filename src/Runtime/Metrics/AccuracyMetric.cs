namespace Compiled;

/// <summary>
/// Keras's string <c>'accuracy'</c> (or <c>'acc'</c>), which <c>compile</c> resolves per output as
/// <c>compile_utils</c> does and logs under the name given: <c>binary_accuracy</c> when the output's last axis has
/// one value, <c>sparse_categorical_accuracy</c> when the targets are class indices (a loss that
/// <see cref="Loss.TakesClassIndices"/>), else <c>categorical_accuracy</c>. Used on its own, it decides the same way
/// from its first batch's shapes, as Keras does from <c>y_true</c>'s (one target per row of a wider output: sparse).
/// </summary>
/// <remarks>Not Keras's <c>Accuracy</c> class, which counts exact equality; Compiled does not have that one.</remarks>
public sealed class AccuracyMetric : Metric
{
    internal static MetricKind Kind { get; } = new(null, "accuracy", ["accuracy", "acc"],
        name => new AccuracyMetric(name), settings => new AccuracyMetric(settings.Name));

    private Metric? _resolved;

    /// <param name="name"><c>accuracy</c> or <c>acc</c>, as Keras takes it; the name it logs under.</param>
    public AccuracyMetric(string name = "accuracy") : base(name)
    {
    }

    /// <summary>Whether the Keras function <paramref name="function"/> is one that <c>accuracy</c> resolves to.</summary>
    internal static bool Resolves(string function) => function is "binary_accuracy" or "categorical_accuracy" or "sparse_categorical_accuracy";

    internal override Metric ForOutput(int width, bool classIndexTargets)
        => width == 1 ? new BinaryAccuracyMetric(name: Name)
            : classIndexTargets ? new SparseCategoricalAccuracyMetric(Name)
            : new CategoricalAccuracyMetric(Name);

    /// <summary>Adds a batch to the accuracy its first batch's shapes chose.</summary>
    /// <exception cref="ArgumentException">Spans that fit neither one target per output nor one per row.</exception>
    public override void UpdateState(ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, int rows, int width)
    {
        _resolved ??= ForOutput(width, classIndexTargets: width > 1 && expected.Length == rows && rows > 0);
        _resolved.UpdateState(predicted, expected, rows, width);
    }

    /// <inheritdoc/>
    public override double Result() => _resolved?.Result() ?? 0;

    /// <inheritdoc/>
    public override void ResetState() => _resolved?.ResetState();

    /// <inheritdoc/>
    public override Metric Clone() => new AccuracyMetric(Name);
}
