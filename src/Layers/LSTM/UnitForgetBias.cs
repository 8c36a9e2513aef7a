namespace Compiled;

/// <summary>
/// The LSTM's bias initializer under Keras's <c>unit_forget_bias=True</c>: the forget gate's block of the bias
/// <c>(4·units,)</c> (the second, in the order i, f, c, o) is ones, and <see cref="Inner"/> fills the rest as Keras calls it,
/// once for the input gate's <c>(units,)</c> and once for the cell and output gates' <c>(2·units,)</c>.
/// </summary>
/// <remarks>
/// Keras saves the inner initializer as <c>bias_initializer</c> beside <c>unit_forget_bias: true</c>, so this class never
/// appears in a file. Like Keras, an inner initializer with a seed of its own gives both calls the same stream.
/// </remarks>
/// <param name="inner">The layer's <c>bias_initializer</c>; Keras's default is <see cref="Zeros"/>.</param>
public sealed class UnitForgetBias(Initializer inner) : Initializer
{
    /// <summary>The layer's <c>bias_initializer</c>, which fills the input, cell and output gates' blocks.</summary>
    public Initializer Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <inheritdoc/>
    public override void Initialize(Span<float> values, int fanIn, int fanOut, ulong modelSeed)
    {
        if (values.Length % 4 != 0)
            throw new ArgumentException($"An LSTM's bias has 4·units values; got {values.Length}.", nameof(values));
        int units = values.Length / 4;
        // Keras's fans of a bias block of n values are n and n.
        Inner.Initialize(values.Slice(0, units), units, units, modelSeed);
        values.Slice(units, units).Fill(1f);
        Inner.Initialize(values.Slice(2 * units), 2 * units, 2 * units, SeededRandom.Mix(modelSeed, 1));
    }
}
