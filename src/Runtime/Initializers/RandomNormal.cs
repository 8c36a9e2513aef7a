namespace Compiled;

/// <summary>Keras's <c>RandomNormal(mean=0.0, stddev=0.05, seed=None)</c>: values drawn from a normal distribution.</summary>
public sealed class RandomNormal : Initializer
{
    /// <param name="mean">Mean of the distribution.</param>
    /// <param name="stddev">Standard deviation; not negative.</param>
    /// <param name="seed">Fixes the values: the same on every call, run and machine. Without it the model's seed decides.</param>
    public RandomNormal(double mean = 0.0, double stddev = 0.05, int? seed = null)
    {
        if (!(stddev >= 0)) throw new ArgumentOutOfRangeException(nameof(stddev), $"stddev must be non-negative; got {stddev}.");
        (Mean, Stddev, Seed) = (mean, stddev, seed);
    }

    /// <summary>Mean of the distribution.</summary>
    public double Mean { get; }
    /// <summary>Standard deviation of the distribution.</summary>
    public double Stddev { get; }
    /// <summary>The initializer's own seed, if any.</summary>
    public int? Seed { get; }

    /// <inheritdoc/>
    public override void Initialize(Span<float> values, int fanIn, int fanOut, ulong modelSeed)
    {
        SeededRandom random = StreamFor(Seed, modelSeed);
        for (int i = 0; i < values.Length; i++) values[i] = (float)(Mean + Stddev * random.NextGaussian());
    }
}

/// <summary>Keras's <c>RandomUniform(minval=-0.05, maxval=0.05, seed=None)</c>: values uniform in <c>[minval, maxval)</c>.</summary>
public sealed class RandomUniform : Initializer
{
    /// <param name="minval">Lower bound, inclusive.</param>
    /// <param name="maxval">Upper bound, exclusive; not below <paramref name="minval"/>.</param>
    /// <param name="seed">Fixes the values: the same on every call, run and machine.</param>
    public RandomUniform(double minval = -0.05, double maxval = 0.05, int? seed = null)
    {
        if (!(maxval >= minval)) throw new ArgumentOutOfRangeException(nameof(maxval), $"maxval ({maxval}) must not be below minval ({minval}).");
        (Minval, Maxval, Seed) = (minval, maxval, seed);
    }

    /// <summary>Lower bound.</summary>
    public double Minval { get; }
    /// <summary>Upper bound.</summary>
    public double Maxval { get; }
    /// <summary>The initializer's own seed, if any.</summary>
    public int? Seed { get; }

    /// <inheritdoc/>
    public override void Initialize(Span<float> values, int fanIn, int fanOut, ulong modelSeed)
    {
        SeededRandom random = StreamFor(Seed, modelSeed);
        for (int i = 0; i < values.Length; i++) values[i] = (float)(Minval + (Maxval - Minval) * random.NextDouble());
    }
}
