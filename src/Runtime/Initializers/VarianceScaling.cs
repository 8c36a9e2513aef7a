namespace Compiled;

/// <summary>Which fan <see cref="VarianceScaling"/> divides by.</summary>
public enum FanMode
{
    /// <summary>The number of inputs.</summary>
    FanIn,
    /// <summary>The number of outputs.</summary>
    FanOut,
    /// <summary>The mean of inputs and outputs.</summary>
    FanAvg,
}

/// <summary>The distribution <see cref="VarianceScaling"/> draws from.</summary>
public enum ScalingDistribution
{
    /// <summary>Normal truncated at two standard deviations, widened by 1/0.8796 so the kept part has the intended variance (Keras's <c>"truncated_normal"</c>, alias <c>"normal"</c>).</summary>
    TruncatedNormal,
    /// <summary>Plain normal (Keras's <c>"untruncated_normal"</c>).</summary>
    UntruncatedNormal,
    /// <summary>Uniform in <c>[-limit, limit]</c>, <c>limit = sqrt(3 · scale / n)</c>.</summary>
    Uniform,
}

/// <summary>
/// Keras's <c>VarianceScaling(scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None)</c>:
/// values with variance <c>scale / n</c>, where <c>n</c> is the fan that <paramref name="mode"/> names. The Glorot,
/// He and LeCun initializers are instances of it.
/// </summary>
/// <param name="scale">Scaling factor; positive.</param>
/// <param name="mode">Which fan to divide by.</param>
/// <param name="distribution">Which distribution to draw from.</param>
/// <param name="seed">Fixes the values: the same on every call, run and machine.</param>
public class VarianceScaling(double scale = 1.0, FanMode mode = FanMode.FanIn, ScalingDistribution distribution = ScalingDistribution.TruncatedNormal, int? seed = null) : Initializer
{
    // The standard deviation of a unit normal truncated to [-2, 2]; dividing by it restores unit variance.
    private const double TruncatedStddev = 0.87962566103423978;

    /// <summary>Scaling factor.</summary>
    public double Scale { get; } = scale > 0 ? scale : throw new ArgumentOutOfRangeException(nameof(scale), $"scale must be positive; got {scale}.");
    /// <summary>Which fan to divide by.</summary>
    public FanMode Mode { get; } = mode;
    /// <summary>Which distribution to draw from.</summary>
    public ScalingDistribution Distribution { get; } = distribution;
    /// <summary>The initializer's own seed, if any.</summary>
    public int? Seed { get; } = seed;

    /// <inheritdoc/>
    public override void Initialize(Span<float> values, int fanIn, int fanOut, ulong modelSeed)
    {
        double n = Mode switch
        {
            FanMode.FanIn => fanIn,
            FanMode.FanOut => fanOut,
            _ => (fanIn + fanOut) / 2.0,
        };
        double variance = Scale / Math.Max(1.0, n);
        SeededRandom random = StreamFor(Seed, modelSeed);
        switch (Distribution)
        {
            case ScalingDistribution.Uniform:
                double limit = Math.Sqrt(3 * variance);
                for (int i = 0; i < values.Length; i++) values[i] = (float)(limit * (2 * random.NextDouble() - 1));
                break;
            case ScalingDistribution.UntruncatedNormal:
                double sd = Math.Sqrt(variance);
                for (int i = 0; i < values.Length; i++) values[i] = (float)(sd * random.NextGaussian());
                break;
            default:
                double truncatedSd = Math.Sqrt(variance) / TruncatedStddev;
                for (int i = 0; i < values.Length; i++)
                {
                    double z;
                    do z = random.NextGaussian(); while (Math.Abs(z) > 2);
                    values[i] = (float)(truncatedSd * z);
                }
                break;
        }
    }
}

/// <summary>Keras's <c>GlorotUniform</c> (<c>"glorot_uniform"</c>), Dense's default kernel initializer: uniform in <c>[-limit, limit]</c>, <c>limit = sqrt(6 / (fan_in + fan_out))</c>.</summary>
/// <param name="seed">Fixes the values.</param>
public sealed class GlorotUniform(int? seed = null) : VarianceScaling(1.0, FanMode.FanAvg, ScalingDistribution.Uniform, seed);

/// <summary>Keras's <c>GlorotNormal</c> (<c>"glorot_normal"</c>): truncated normal, <c>stddev = sqrt(2 / (fan_in + fan_out))</c>.</summary>
/// <param name="seed">Fixes the values.</param>
public sealed class GlorotNormal(int? seed = null) : VarianceScaling(1.0, FanMode.FanAvg, ScalingDistribution.TruncatedNormal, seed);

/// <summary>Keras's <c>HeNormal</c> (<c>"he_normal"</c>): truncated normal, <c>stddev = sqrt(2 / fan_in)</c>.</summary>
/// <param name="seed">Fixes the values.</param>
public sealed class HeNormal(int? seed = null) : VarianceScaling(2.0, FanMode.FanIn, ScalingDistribution.TruncatedNormal, seed);

/// <summary>Keras's <c>HeUniform</c> (<c>"he_uniform"</c>): uniform in <c>[-limit, limit]</c>, <c>limit = sqrt(6 / fan_in)</c>.</summary>
/// <param name="seed">Fixes the values.</param>
public sealed class HeUniform(int? seed = null) : VarianceScaling(2.0, FanMode.FanIn, ScalingDistribution.Uniform, seed);

/// <summary>Keras's <c>LecunNormal</c> (<c>"lecun_normal"</c>): truncated normal, <c>stddev = sqrt(1 / fan_in)</c>.</summary>
/// <param name="seed">Fixes the values.</param>
public sealed class LecunNormal(int? seed = null) : VarianceScaling(1.0, FanMode.FanIn, ScalingDistribution.TruncatedNormal, seed);

/// <summary>Keras's <c>LecunUniform</c> (<c>"lecun_uniform"</c>): uniform in <c>[-limit, limit]</c>, <c>limit = sqrt(3 / fan_in)</c>.</summary>
/// <param name="seed">Fixes the values.</param>
public sealed class LecunUniform(int? seed = null) : VarianceScaling(1.0, FanMode.FanIn, ScalingDistribution.Uniform, seed);
