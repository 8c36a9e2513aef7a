using System.Text.Json;

namespace Compiled;

/// <summary>
/// A metric whose value is the mean of a per-row value over every row seen, Keras's <c>MeanMetricWrapper</c>
/// (<c>accuracy</c>, <c>mae</c>, <c>top_k_categorical_accuracy</c>, …): it keeps the sum and the count of rows.
/// </summary>
public abstract class MeanMetric : Metric
{
    private double _total;
    private long _count;

    /// <param name="name">The name Keras logs it under.</param>
    protected MeanMetric(string name) : base(name)
    {
    }

    /// <summary>How many target values each row has: <paramref name="width"/>, or 1 for a sparse metric's class index.</summary>
    protected virtual int ExpectedPerRow(int width) => width;

    /// <summary>The sum over <paramref name="rows"/> rows of the metric's per-row value.</summary>
    /// <param name="predicted">Exactly <c>rows × width</c> predictions.</param>
    /// <param name="expected">Exactly <c>rows × ExpectedPerRow(width)</c> targets.</param>
    /// <param name="rows">How many rows.</param>
    /// <param name="width">The length of the last axis.</param>
    protected abstract double SumOfRows(ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, int rows, int width);

    /// <inheritdoc/>
    public sealed override void UpdateState(ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, int rows, int width)
    {
        CheckShapes(predicted, expected, rows, width, ExpectedPerRow(width));
        _total += SumOfRows(predicted, expected, rows, width);
        _count += rows;
    }

    /// <summary>The mean over the rows seen (0 before any, as Keras's <c>divide_no_nan</c>).</summary>
    public sealed override double Result() => _count == 0 ? 0 : _total / _count;

    /// <inheritdoc/>
    public sealed override void ResetState() => (_total, _count) = (0, 0);

    /// <summary>The Keras function names this metric answers to (<c>mae</c>, <c>mean_absolute_error</c>); empty for none.</summary>
    protected virtual IReadOnlyList<string> FunctionNames => [];

    /// <summary>The Keras class of this metric as an object (<c>CategoricalAccuracy</c>, <c>TopKCategoricalAccuracy</c>, …); null for none.</summary>
    protected virtual string? KerasClass => null;

    /// <summary>Whether the settings are the Keras function's defaults (<c>k=5</c>, <c>threshold=0.5</c>), so a function name says it all.</summary>
    protected virtual bool HasDefaultSettings => true;

    /// <summary>Writes the settings past <c>name</c> and <c>dtype</c> into the open <c>config</c> object (<c>k</c>, <c>threshold</c>).</summary>
    protected virtual void WriteSettings(Utf8JsonWriter writer)
    {
    }

    /// <summary>
    /// A function given by name (<c>"mae"</c>, <c>"accuracy"</c>) with default settings is written as that string,
    /// which is also its log name; otherwise the metric object, as Keras's <c>serialize_keras_object</c> writes it:
    /// <c>{"class_name": "TopKCategoricalAccuracy", "config": {"name": ..., "dtype": "float32", "k": 3}}</c>.
    /// </summary>
    public override void WriteKerasConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (KerasClass is not { } kerasClass || FunctionNames.Contains(Name) && HasDefaultSettings)
        {
            writer.WriteStringValue(Name);
            return;
        }
        writer.WriteStartObject();
        writer.WriteString("class_name", kerasClass);
        writer.WriteStartObject("config");
        writer.WriteString("name", Name);
        writer.WriteString("dtype", "float32");
        WriteSettings(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
