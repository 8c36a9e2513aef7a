using System.Text;
using System.Text.Json;

namespace Compiled;

/// <summary>
/// A metric logged during training and evaluation, Keras's <c>metrics=</c> argument of <c>compile</c>: a stateful
/// object as Keras's <c>tf.keras.metrics.Metric</c>. <see cref="ResetState"/> empties it (Keras does at the start of
/// each epoch and each <c>evaluate</c>), <see cref="UpdateState"/> adds a batch, and <see cref="Result"/> is the value
/// over everything seen since: a mean over rows for accuracy-like metrics, a value of the whole epoch's confusion
/// counts for <see cref="AucMetric"/>, <see cref="PrecisionMetric"/> and <see cref="RecallMetric"/>.
/// </summary>
/// <remarks>
/// <c>Compile</c> works on copies (<see cref="Clone"/>), one per output, so the metrics given to it, and
/// <see cref="CategoricalAccuracy"/> and the like, never hold a model's state. Not thread-safe.
/// </remarks>
public abstract class Metric : IEquatable<Metric>
{
    /// <param name="name">The name Keras logs it under.</param>
    protected Metric(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>A new <c>categorical_accuracy</c>: 1 where <c>argmax(y_true) == argmax(y_pred)</c>.</summary>
    public static Metric CategoricalAccuracy => new CategoricalAccuracyMetric();

    /// <summary>A new <c>binary_accuracy</c>: the share of outputs on the right side of 0.5.</summary>
    public static Metric BinaryAccuracy => new BinaryAccuracyMetric();

    /// <summary>A new <c>accuracy</c>: binary, sparse categorical or categorical accuracy, chosen per output as Keras chooses (<see cref="AccuracyMetric"/>).</summary>
    public static Metric Accuracy => new AccuracyMetric();

    /// <summary>The name Keras logs it under (with several outputs, after the output's name and an underscore).</summary>
    public string Name { get; }

    /// <summary>
    /// Adds a batch, Keras's <c>update_state(y_true, y_pred)</c>: <paramref name="rows"/> rows of
    /// <paramref name="width"/> predicted values, and their targets (one value per output, or one class index per
    /// row for the sparse metrics).
    /// </summary>
    /// <exception cref="ArgumentException">Spans whose lengths do not fit <paramref name="rows"/> and <paramref name="width"/>, or values the metric cannot take.</exception>
    public abstract void UpdateState(ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, int rows, int width);

    /// <summary>The value over every batch since the last <see cref="ResetState"/>, Keras's <c>result()</c>; 0 before any.</summary>
    public abstract double Result();

    /// <summary>Forgets every batch, Keras's <c>reset_state()</c>.</summary>
    public abstract void ResetState();

    /// <summary>A new metric with the same settings and name and an empty state, Keras's <c>from_config(get_config())</c>.</summary>
    public abstract Metric Clone();

    /// <summary>
    /// Writes this metric as Keras 2 lists it in <c>training_config</c>'s <c>metrics</c>: a metric function given by
    /// name as that string (<c>"accuracy"</c>, <c>"mae"</c>), a metric object as <c>{"class_name": ..., "config": {...}}</c>.
    /// A metric Keras does not have writes its name, which loading then reports as unsupported.
    /// </summary>
    public virtual void WriteKerasConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(Name);
    }

    /// <summary>
    /// The metric this one stands for on an output whose last axis has <paramref name="width"/> values, trained with a
    /// loss whose targets are class indices when <paramref name="classIndexTargets"/>: a fresh copy, except that
    /// <c>accuracy</c> becomes the accuracy Keras picks for that output.
    /// </summary>
    internal virtual Metric ForOutput(int width, bool classIndexTargets) => Clone();

    /// <summary>Checks that the spans hold <paramref name="rows"/> rows of <paramref name="width"/> predictions and <paramref name="expectedPerRow"/> targets per row.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative <paramref name="rows"/> or <paramref name="width"/> below 1.</exception>
    /// <exception cref="ArgumentException">The lengths do not match.</exception>
    protected void CheckShapes(ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, int rows, int width, int expectedPerRow)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if (predicted.Length != (long)rows * width)
            throw new ArgumentException($"{Name}: {rows} row(s) of {width} predictions are {(long)rows * width} values, but predicted holds {predicted.Length}.", nameof(predicted));
        if (expected.Length != (long)rows * expectedPerRow)
        {
            string form = expectedPerRow == 1 && width > 1 ? "one class index per row" : $"{expectedPerRow} target value(s) per row";
            string hint = expectedPerRow == 1 && width > 1 && expected.Length == (long)rows * width
                ? "; these look like one-hot targets, which the non-sparse metric (categorical_accuracy, top_k_categorical_accuracy) takes"
                : expectedPerRow == width && width > 1 && expected.Length == rows
                    ? "; these look like class indices, which the sparse metric (sparse_categorical_accuracy, sparse_top_k_categorical_accuracy) takes"
                    : "";
            throw new ArgumentException($"{Name} expects {form}: {(long)rows * expectedPerRow} values for {rows} row(s), but expected holds {expected.Length}{hint}.", nameof(expected));
        }
    }

    /// <summary>
    /// The metric for a Keras name as <c>compile(metrics=[...])</c> takes it: <c>accuracy</c>/<c>acc</c>,
    /// <c>binary_accuracy</c>, <c>categorical_accuracy</c>, <c>sparse_categorical_accuracy</c>,
    /// <c>top_k_categorical_accuracy</c>, <c>sparse_top_k_categorical_accuracy</c>, <c>mae</c>/<c>mean_absolute_error</c>,
    /// <c>mse</c>/<c>mean_squared_error</c>, or a class name (<c>AUC</c>, <c>Precision</c>, <c>Recall</c>, …) for its
    /// defaults. A function name is also the name the metric is logged under, as in Keras.
    /// </summary>
    /// <exception cref="ArgumentException">A name Compiled does not have.</exception>
    public static Metric FromName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return KerasMetrics.FromName(name)
            ?? throw new ArgumentException($"Unknown metric '{name}'; expected one of {KerasMetrics.Names}.", nameof(name));
    }

    /// <summary>This metric as it is saved, for equality.</summary>
    private string SavedForm()
    {
        using MemoryStream buffer = new();
        using (Utf8JsonWriter writer = new(buffer)) WriteKerasConfig(writer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Whether <paramref name="other"/> is the same kind of metric with the same name and settings (state aside).</summary>
    public bool Equals(Metric? other)
        => other is not null && (ReferenceEquals(this, other) || other.GetType() == GetType() && other.Name == Name && other.SavedForm() == SavedForm());

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Metric);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(GetType(), Name);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
