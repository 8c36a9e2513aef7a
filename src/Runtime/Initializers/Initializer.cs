namespace Compiled;

/// <summary>
/// Fills a weight tensor with its starting values, Keras's <c>keras.initializers.Initializer</c>.
/// Hold one in a static member of the model class and name it with <c>nameof</c> in a layer attribute:
/// <code>
/// static readonly RandomNormal Rn = new(mean: 0, stddev: 1, seed: 42);
/// [Dense(32, KernelInitializer = nameof(Rn))]
/// </code>
/// </summary>
public abstract class Initializer
{
    /// <summary>Fills <paramref name="values"/>, a tensor whose fans are <paramref name="fanIn"/> and <paramref name="fanOut"/> (a Dense kernel's input and output widths).</summary>
    /// <param name="values">The tensor, row-major.</param>
    /// <param name="fanIn">Inputs feeding each output.</param>
    /// <param name="fanOut">Outputs each input feeds.</param>
    /// <param name="modelSeed">
    /// The seed the model derives for this tensor; a seeded initializer ignores it and uses its own,
    /// so it gives the same values on every call, as in Keras.
    /// </param>
    public abstract void Initialize(Span<float> values, int fanIn, int fanOut, ulong modelSeed);

    /// <summary>A stream from the initializer's own seed if it has one, else from the model's.</summary>
    protected static SeededRandom StreamFor(int? ownSeed, ulong modelSeed)
        => new(ownSeed is int s ? SeededRandom.Mix((ulong)(uint)s, 0x5EEDUL) : modelSeed);

    /// <summary>
    /// The initializer a layer attribute names by a static member (<c>KernelInitializer = nameof(Rn)</c>), checked when the
    /// model is built: a member still null then is an error naming it, rather than a null reference deep in the constructor.
    /// </summary>
    /// <param name="initializer">The member's value.</param>
    /// <param name="member">The member as the model class names it, <c>Model.Member</c>.</param>
    /// <exception cref="InvalidOperationException"><paramref name="initializer"/> is null.</exception>
    public static Initializer Required(Initializer? initializer, string member)
        => initializer ?? throw new InvalidOperationException(
            $"{member} is null when the model is built, but a layer attribute names it as an initializer; give it an Initializer (new RandomNormal(...), ...) in its declaration.");
}
