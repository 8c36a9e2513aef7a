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
