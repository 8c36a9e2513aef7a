using System.Numerics.Tensors;
using System.Text.Json;

namespace Compiled;

/// <summary>
/// A training loss, Keras's <c>loss=</c> argument of <c>compile</c>. Each row (the values along an output's last axis)
/// has one loss; Keras's default reduction, <c>SUM_OVER_BATCH_SIZE</c>, scales each row's loss by its sample's weight
/// and divides the sum by the number of rows (not by the weights' sum).
/// </summary>
public abstract partial class Loss
{
    /// <summary>Keras's backend epsilon, the clipping margin of the losses that clip (<c>1e-7</c>).</summary>
    public const float Epsilon = 1e-7f;

    /// <summary>The name Keras logs and saves it under (<c>categorical_crossentropy</c>, <c>huber</c>, …).</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Whether this loss takes one class index per row as its targets (Keras's sparse losses), rather than one value
    /// per output. A sample's targets, and metrics such as <c>accuracy</c>, follow it.
    /// </summary>
    public virtual bool TakesClassIndices => false;

    /// <summary>
    /// The final activation this loss is computed through, from that activation's input (its logits), when an output
    /// ends in it: exact where the activation's result would round to 0 or 1, and the activation's backward step is
    /// skipped. <c>Softmax</c> for categorical and sparse categorical cross-entropy, <c>Sigmoid</c> for binary
    /// cross-entropy, null for the others (and for a cross-entropy already given logits).
    /// </summary>
    public virtual Activation? FusedActivation => null;

    /// <summary>The targets per row of <paramref name="width"/> outputs: 1 class index for a loss that <see cref="TakesClassIndices"/>, else <paramref name="width"/>.</summary>
    public int TargetsPerRow(int width) => TakesClassIndices ? 1 : width;

    /// <summary>
    /// Adds up the losses of <paramref name="rows"/> rows of <paramref name="width"/> values, each scaled by its weight,
    /// and writes the gradient of that sum divided by <paramref name="rows"/> with respect to
    /// <paramref name="predicted"/> into <paramref name="gradient"/>.
    /// </summary>
    /// <param name="predicted">The outputs, <paramref name="rows"/> × <paramref name="width"/>.</param>
    /// <param name="expected">The targets, <paramref name="rows"/> × <see cref="TargetsPerRow"/>.</param>
    /// <param name="gradient">Receives the gradient, laid out as <paramref name="predicted"/>.</param>
    /// <param name="rows">How many rows.</param>
    /// <param name="width">The length of the last axis.</param>
    /// <param name="rowWeights">One weight per row, or empty for all 1.</param>
    /// <returns>The weighted sum of the rows' losses (the caller divides by the rows it has seen).</returns>
    /// <exception cref="ArgumentException">A span shorter than the rows need, or targets not of the form the loss takes.</exception>
    public double Compute(ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, Span<float> gradient, int rows, int width, ReadOnlySpan<float> rowWeights = default)
    {
        CheckLengths(predicted.Length, expected.Length, rowWeights.Length, rows, width);
        if (gradient.Length < rows * width)
            throw new ArgumentException($"{Name}: the gradient of {rows}x{width} needs {rows * width} values; got {gradient.Length}.", nameof(gradient));
        if (rows == 0) return 0;
        return Rows(predicted, expected, gradient, rows, width, rowWeights);
    }

    /// <summary>The weighted sum of the rows' losses without a gradient, for evaluation.</summary>
    /// <exception cref="ArgumentException">A span shorter than the rows need, or targets not of the form the loss takes.</exception>
    public double Sum(ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, int rows, int width, ReadOnlySpan<float> rowWeights = default)
    {
        CheckLengths(predicted.Length, expected.Length, rowWeights.Length, rows, width);
        return rows == 0 ? 0 : Rows(predicted, expected, Span<float>.Empty, rows, width, rowWeights);
    }

    /// <summary>
    /// For a loss with a <see cref="FusedActivation"/>: adds up the weighted rows' losses of <c>activation(logits)</c>
    /// and writes the gradient of that sum divided by <paramref name="rows"/> with respect to the logits.
    /// </summary>
    /// <param name="logits">The activation's input, <paramref name="rows"/> rows of <paramref name="width"/>.</param>
    /// <param name="activated">The activation's output, laid out as <paramref name="logits"/>.</param>
    /// <param name="expected">The targets.</param>
    /// <param name="logitGradient">Receives the gradient with respect to the logits.</param>
    /// <param name="rows">How many rows.</param>
    /// <param name="width">The length of the last axis.</param>
    /// <param name="rowWeights">One weight per row, or empty for all 1.</param>
    /// <returns>The weighted sum of the rows' losses.</returns>
    /// <exception cref="NotSupportedException">The loss fuses with no activation.</exception>
    public double ComputeFromLogits(ReadOnlySpan<float> logits, ReadOnlySpan<float> activated, ReadOnlySpan<float> expected, Span<float> logitGradient, int rows, int width, ReadOnlySpan<float> rowWeights = default)
    {
        RequireFusion();
        CheckLengths(logits.Length, expected.Length, rowWeights.Length, rows, width);
        if (activated.Length < rows * width || logitGradient.Length < rows * width)
            throw new ArgumentException($"{Name}: {rows}x{width} logits need {rows * width} activated values and gradient values; got {activated.Length} and {logitGradient.Length}.");
        return rows == 0 ? 0 : LogitRows(logits, activated, expected, logitGradient, rows, width, rowWeights);
    }

    /// <summary>For a loss with a <see cref="FusedActivation"/>: the weighted sum of the rows' losses of <c>activation(logits)</c>, without a gradient.</summary>
    /// <exception cref="NotSupportedException">The loss fuses with no activation.</exception>
    public double SumFromLogits(ReadOnlySpan<float> logits, ReadOnlySpan<float> expected, int rows, int width, ReadOnlySpan<float> rowWeights = default)
    {
        RequireFusion();
        CheckLengths(logits.Length, expected.Length, rowWeights.Length, rows, width);
        return rows == 0 ? 0 : LogitRows(logits, ReadOnlySpan<float>.Empty, expected, Span<float>.Empty, rows, width, rowWeights);
    }

    /// <summary>
    /// The weighted sum of the rows' losses; with a non-empty <paramref name="gradient"/>, also the gradient of that sum
    /// divided by <paramref name="rows"/>. The spans are long enough; <paramref name="rows"/> is positive.
    /// </summary>
    protected abstract double Rows(ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, Span<float> gradient, int rows, int width, ReadOnlySpan<float> rowWeights);

    /// <summary>
    /// <see cref="Rows"/> from the logits of the <see cref="FusedActivation"/>: <paramref name="activated"/> and
    /// <paramref name="gradient"/> are empty when only the value is wanted.
    /// </summary>
    protected virtual double LogitRows(ReadOnlySpan<float> logits, ReadOnlySpan<float> activated, ReadOnlySpan<float> expected, Span<float> gradient, int rows, int width, ReadOnlySpan<float> rowWeights)
        => throw new NotSupportedException($"The loss {Name} is not computed from an activation's logits.");

    /// <summary>One row's loss and, when the gradient span is not empty, its gradient with respect to the row's predictions.</summary>
    private protected interface IRowLoss
    {
        double Row(ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, Span<float> gradient);
    }

    /// <summary>One row's loss from the logits of the fused activation, given its output (<c>activated</c>) or not (empty).</summary>
    private protected interface ILogitRowLoss
    {
        double Row(ReadOnlySpan<float> logits, ReadOnlySpan<float> activated, ReadOnlySpan<float> expected, Span<float> gradient);
    }

    /// <summary>
    /// The shared loop of <see cref="Rows"/>: each row's loss through <paramref name="row"/> (a struct, so the call is
    /// static), scaled by its weight, and its gradient scaled by <c>weight / rows</c>.
    /// </summary>
    private protected double EachRow<TRow>(TRow row, ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, Span<float> gradient, int rows, int width, ReadOnlySpan<float> rowWeights)
        where TRow : struct, IRowLoss
    {
        int targets = TargetsPerRow(width);
        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            Span<float> g = gradient.IsEmpty ? Span<float>.Empty : gradient.Slice(r * width, width);
            double loss = row.Row(predicted.Slice(r * width, width), expected.Slice(r * targets, targets), g);
            total += Weigh(loss, g, rowWeights, r, rows);
        }
        return total;
    }

    /// <summary>The loop of <see cref="LogitRows"/>, as <see cref="EachRow"/>.</summary>
    private protected double EachLogitRow<TRow>(TRow row, ReadOnlySpan<float> logits, ReadOnlySpan<float> activated, ReadOnlySpan<float> expected, Span<float> gradient, int rows, int width, ReadOnlySpan<float> rowWeights)
        where TRow : struct, ILogitRowLoss
    {
        int targets = TargetsPerRow(width);
        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            Span<float> g = gradient.IsEmpty ? Span<float>.Empty : gradient.Slice(r * width, width);
            ReadOnlySpan<float> a = activated.IsEmpty ? ReadOnlySpan<float>.Empty : activated.Slice(r * width, width);
            double loss = row.Row(logits.Slice(r * width, width), a, expected.Slice(r * targets, targets), g);
            total += Weigh(loss, g, rowWeights, r, rows);
        }
        return total;
    }

    /// <summary>Row <paramref name="row"/>'s loss times its weight; its gradient scaled by <c>weight / rows</c> (SUM_OVER_BATCH_SIZE).</summary>
    private static double Weigh(double loss, Span<float> gradient, ReadOnlySpan<float> rowWeights, int row, int rows)
    {
        float weight = rowWeights.IsEmpty ? 1f : rowWeights[row];
        if (!gradient.IsEmpty) TensorPrimitives.Multiply(gradient, weight / rows, gradient);
        return weight == 1f ? loss : weight * loss;
    }

    private void CheckLengths(int predicted, int expected, int weights, int rows, int width)
    {
        if (rows < 0 || width <= 0) throw new ArgumentOutOfRangeException(nameof(rows), $"{Name}: rows must not be negative and width must be positive; got {rows}x{width}.");
        int targets = rows * TargetsPerRow(width);
        if (predicted < rows * width)
            throw new ArgumentException($"{Name}: {rows} row(s) of {width} need {rows * width} predicted values; got {predicted}.");
        if (expected < targets)
            throw new ArgumentException($"{Name}: {rows} row(s) need {targets} target values ({(TakesClassIndices ? "one class index per row" : $"{width} per row")}); got {expected}.");
        if (weights != 0 && weights < rows)
            throw new ArgumentException($"{Name}: {rows} row(s) need {rows} row weights (or none); got {weights}.");
    }

    private void RequireFusion()
    {
        if (FusedActivation is null) throw new NotSupportedException($"The loss {Name} is not computed from an activation's logits.");
    }

    /// <summary>
    /// Writes the loss as Keras saves it in <c>training_config.loss</c>: its string name with Keras's defaults, else
    /// Keras 2's serialized <c>{"class_name": ..., "config": {...}}</c>.
    /// </summary>
    public void WriteKerasConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (HasDefaultOptions)
        {
            writer.WriteStringValue(Name);
            return;
        }
        writer.WriteStartObject();
        writer.WriteString("class_name", KerasClass);
        writer.WriteStartObject("config");
        writer.WriteString("reduction", "auto");
        writer.WriteString("name", KerasInstanceName);
        WriteOptions(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Keras's class of this loss (<c>BinaryCrossentropy</c>), as a file's serialized loss names it.</summary>
    public abstract string KerasClass { get; }

    /// <summary>The <c>name</c> a Keras loss object of <see cref="KerasClass"/> has by default.</summary>
    private protected virtual string KerasInstanceName => Name;

    /// <summary>Whether every option has Keras's default, so the loss is saved by its name.</summary>
    private protected virtual bool HasDefaultOptions => true;

    /// <summary>Writes the options of a configured loss into its Keras <c>config</c>.</summary>
    private protected virtual void WriteOptions(Utf8JsonWriter writer) { }

    /// <summary>
    /// The loss for a Keras name or alias: <c>categorical_crossentropy</c>, <c>sparse_categorical_crossentropy</c>,
    /// <c>binary_crossentropy</c> (<c>bce</c>), <c>mean_squared_error</c> (<c>mse</c>), <c>mean_absolute_error</c>
    /// (<c>mae</c>), <c>mean_absolute_percentage_error</c> (<c>mape</c>), <c>mean_squared_logarithmic_error</c>
    /// (<c>msle</c>), <c>huber</c>, <c>log_cosh</c> (<c>logcosh</c>), <c>kl_divergence</c> (<c>kld</c>),
    /// <c>poisson</c>, <c>hinge</c>, <c>squared_hinge</c>, <c>categorical_hinge</c>, <c>cosine_similarity</c>;
    /// Keras's defaults for every option.
    /// </summary>
    /// <exception cref="ArgumentException">A name Keras does not give a loss this library has.</exception>
    public static Loss FromName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return KerasLosses.Find(name)?.WithDefaults
            ?? throw new ArgumentException($"Unknown loss '{name}'; expected one of {KerasLosses.Names}.", nameof(name));
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
