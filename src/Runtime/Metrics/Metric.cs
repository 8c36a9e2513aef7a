namespace Compiled;

/// <summary>A metric logged during training and evaluation, Keras's <c>metrics=</c> argument of <c>compile</c>.</summary>
public abstract class Metric
{
    /// <summary>Keras's <c>categorical_accuracy</c>: 1 where <c>argmax(y_true) == argmax(y_pred)</c>.</summary>
    public static Metric CategoricalAccuracy { get; } = new CategoricalAccuracyMetric();

    /// <summary>Keras's <c>binary_accuracy</c>: the share of outputs on the right side of 0.5.</summary>
    public static Metric BinaryAccuracy { get; } = new BinaryAccuracyMetric();

    /// <summary>The name Keras logs it under.</summary>
    public abstract string Name { get; }

    /// <summary>The sum of the per-row values over <paramref name="rows"/> rows of <paramref name="width"/> values.</summary>
    public abstract double Sum(ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, int rows, int width);

    /// <summary>The metric for a Keras name: <c>categorical_accuracy</c> or <c>binary_accuracy</c>.</summary>
    public static Metric FromName(string name) => name switch
    {
        "categorical_accuracy" => CategoricalAccuracy,
        "binary_accuracy" => BinaryAccuracy,
        _ => throw new ArgumentException($"Unknown metric '{name}'; expected 'categorical_accuracy' or 'binary_accuracy'.", nameof(name)),
    };

    /// <inheritdoc/>
    public override string ToString() => Name;
}
