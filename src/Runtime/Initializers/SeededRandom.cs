namespace Compiled;

/// <summary>
/// A small, portable random stream (SplitMix64): the same seed gives the same numbers on every run,
/// machine and .NET version, which <see cref="System.Random"/> does not promise.
/// </summary>
public sealed class SeededRandom
{
    private ulong _state;

    /// <summary>A stream determined entirely by <paramref name="seed"/>.</summary>
    public SeededRandom(ulong seed) => _state = seed;

    /// <summary>Mixes two values into one seed, so that each layer and weight of a model gets its own stream.</summary>
    public static ulong Mix(ulong seed, ulong salt) => Finalize(seed ^ Finalize(salt + 0x9E3779B97F4A7C15UL));

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64() => Finalize(_state += 0x9E3779B97F4A7C15UL);

    /// <summary>Uniform in <c>[0, 1)</c> with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in <c>[0, maxExclusive)</c>, without modulo bias.</summary>
    public int NextInt(int maxExclusive)
    {
        if (maxExclusive <= 0) throw new ArgumentOutOfRangeException(nameof(maxExclusive), $"Expected a positive bound; got {maxExclusive}.");
        ulong bound = (ulong)maxExclusive;
        ulong threshold = (0UL - bound) % bound;
        while (true)
        {
            ulong r = NextUInt64();
            if (r >= threshold) return (int)(r % bound);
        }
    }

    /// <summary>
    /// Standard normal by Marsaglia's polar method: only <c>Sqrt</c> (exact in IEEE) and <c>Log</c>, no
    /// trigonometry, so results agree across platforms' math libraries.
    /// </summary>
    public double NextGaussian()
    {
        while (true)
        {
            double u = 2 * NextDouble() - 1, v = 2 * NextDouble() - 1;
            double s = u * u + v * v;
            if (s > 0 && s < 1) return u * Math.Sqrt(-2 * Math.Log(s) / s);
        }
    }

    private static ulong Finalize(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
