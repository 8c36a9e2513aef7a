namespace Compiled;

/// <summary>Keras's <c>Zeros</c> (<c>"zeros"</c>): every value 0; Dense's default bias initializer.</summary>
public sealed class Zeros : Initializer
{
    /// <inheritdoc/>
    public override void Initialize(Span<float> values, int fanIn, int fanOut, ulong modelSeed) => values.Clear();
}

/// <summary>Keras's <c>Ones</c> (<c>"ones"</c>): every value 1.</summary>
public sealed class Ones : Initializer
{
    /// <inheritdoc/>
    public override void Initialize(Span<float> values, int fanIn, int fanOut, ulong modelSeed) => values.Fill(1f);
}

/// <summary>Keras's <c>Constant(value=0)</c>: every value <see cref="Value"/>.</summary>
/// <param name="value">The value to fill with.</param>
public sealed class Constant(float value = 0f) : Initializer
{
    /// <summary>The value every element gets.</summary>
    public float Value { get; } = value;

    /// <inheritdoc/>
    public override void Initialize(Span<float> values, int fanIn, int fanOut, ulong modelSeed) => values.Fill(Value);
}
