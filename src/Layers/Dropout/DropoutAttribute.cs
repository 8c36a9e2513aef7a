namespace Compiled;

/// <summary>
/// Keras's <c>Dropout(rate, seed=None)</c>: in training each value is dropped to zero with probability <c>rate</c> and the
/// others are scaled by <c>1 / (1 - rate)</c>, so the expected output is the input; in <c>Predict</c> and <c>Evaluate</c> it
/// is the identity. Input and output shapes are equal; no weights.
/// </summary>
/// <example><c>[Dropout(0.25)]</c> is Keras's <c>Dropout(0.25)</c>.</example>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class DropoutAttribute : Attribute
{
    /// <param name="rate">The fraction of values dropped, in [0, 1).</param>
    public DropoutAttribute(double rate) => Rate = rate;

    /// <summary>The fraction of values dropped.</summary>
    public double Rate { get; }

    /// <summary>
    /// Fixes the masks: the same seed gives the same mask at the same training step, whatever the model's seed. By
    /// default (-1) the masks follow the model's seed, so a seeded model trains reproducibly.
    /// </summary>
    public long Seed { get; set; } = -1;

    /// <summary>The layer's name; Keras's default is <c>dropout</c>, <c>dropout_1</c>, … in model order.</summary>
    public string? Name { get; set; }

    /// <summary>In a <see cref="FunctionalAttribute"/> model, the node this layer is applied to.</summary>
    public string? Input { get; set; }
}
