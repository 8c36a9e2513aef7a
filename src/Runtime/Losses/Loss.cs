namespace Compiled;

/// <summary>A training loss, Keras's <c>loss=</c> argument of <c>compile</c>.</summary>
public abstract class Loss
{
    /// <summary>Keras's <c>categorical_crossentropy</c>, for one-hot targets.</summary>
    public static Loss CategoricalCrossentropy { get; } = new CategoricalCrossentropyLoss();

    /// <summary>Keras's <c>mean_squared_error</c> (<c>mse</c>).</summary>
    public static Loss MeanSquaredError { get; } = new MeanSquaredErrorLoss();

    /// <summary>The name Keras logs it under.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Adds up the per-row losses of <paramref name="rows"/> rows of <paramref name="width"/> values and
    /// writes the gradient of their mean with respect to <paramref name="predicted"/> into <paramref name="gradient"/>.
    /// </summary>
    /// <returns>The sum of the rows' losses (the caller divides by the rows it has seen).</returns>
    public abstract double Compute(ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, Span<float> gradient, int rows, int width);

    /// <summary>The sum of the rows' losses without a gradient, for evaluation.</summary>
    public abstract double Sum(ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, int rows, int width);

    /// <summary>
    /// Whether this loss takes one class index per row as its targets (Keras's sparse losses), rather than one value
    /// per output. A sample's targets, and metrics such as <c>accuracy</c>, follow it.
    /// </summary>
    public virtual bool TakesClassIndices => false;

    /// <summary>
    /// Whether, on an output that ends in a softmax over its last axis, this loss is computed from the softmax's
    /// input (its logits) with <see cref="ComputeFromSoftmaxLogits"/> and <see cref="SumFromSoftmaxLogits"/>: exact
    /// where the probabilities would round to 0 or 1, and the softmax's backward step is skipped. Cross-entropy does;
    /// most losses do not.
    /// </summary>
    public virtual bool FusesWithSoftmax => false;

    /// <summary>
    /// For a loss that <see cref="FusesWithSoftmax"/>: adds up the rows' losses of <c>softmax(logits)</c> and writes the
    /// gradient of their mean with respect to the logits into <paramref name="logitGradient"/>.
    /// </summary>
    /// <param name="logits">The softmax's input, <paramref name="rows"/> rows of <paramref name="width"/>.</param>
    /// <param name="probabilities">The softmax's output, laid out as <paramref name="logits"/>.</param>
    /// <param name="expected">The targets.</param>
    /// <param name="logitGradient">Receives the gradient with respect to the logits.</param>
    /// <param name="rows">How many rows.</param>
    /// <param name="width">The length of the last axis.</param>
    /// <returns>The sum of the rows' losses.</returns>
    /// <exception cref="NotSupportedException">The loss does not fuse with a softmax.</exception>
    public virtual double ComputeFromSoftmaxLogits(ReadOnlySpan<float> logits, ReadOnlySpan<float> probabilities, ReadOnlySpan<float> expected, Span<float> logitGradient, int rows, int width)
        => throw new NotSupportedException($"The loss {Name} is not computed from a softmax's logits.");

    /// <summary>For a loss that <see cref="FusesWithSoftmax"/>: the sum of the rows' losses of <c>softmax(logits)</c>, without a gradient.</summary>
    /// <exception cref="NotSupportedException">The loss does not fuse with a softmax.</exception>
    public virtual double SumFromSoftmaxLogits(ReadOnlySpan<float> logits, ReadOnlySpan<float> expected, int rows, int width)
        => throw new NotSupportedException($"The loss {Name} is not computed from a softmax's logits.");

    /// <summary>The loss for a Keras name: <c>categorical_crossentropy</c>, <c>mean_squared_error</c> or <c>mse</c>.</summary>
    public static Loss FromName(string name) => name switch
    {
        "categorical_crossentropy" => CategoricalCrossentropy,
        "mean_squared_error" or "mse" => MeanSquaredError,
        _ => throw new ArgumentException($"Unknown loss '{name}'; expected 'categorical_crossentropy', 'mean_squared_error' or 'mse'.", nameof(name)),
    };

    /// <inheritdoc/>
    public override string ToString() => Name;
}
