namespace Compiled.Tests.Training;

/// <summary>
/// Initializers: seeded ones reproducible, unseeded ones decided by the model's seed, and each drawing
/// from the distribution Keras documents (checked on large samples, with deterministic seeds).
/// </summary>
public class InitializerTests
{
    // The standard deviation of a unit normal truncated to [-2, 2].
    private const double TruncatedStddev = 0.87962566103423978;

    public static TheoryData<string> SeedableInitializers() =>
    [
        "RandomNormal", "RandomUniform", "GlorotUniform", "GlorotNormal", "HeNormal", "HeUniform", "LecunNormal", "LecunUniform",
        "VarianceScaling untruncated", "Orthogonal",
    ];

    private static Initializer Create(string name, int? seed) => name switch
    {
        "RandomNormal" => new RandomNormal(seed: seed),
        "RandomUniform" => new RandomUniform(seed: seed),
        "GlorotUniform" => new GlorotUniform(seed),
        "GlorotNormal" => new GlorotNormal(seed),
        "HeNormal" => new HeNormal(seed),
        "HeUniform" => new HeUniform(seed),
        "LecunNormal" => new LecunNormal(seed),
        "LecunUniform" => new LecunUniform(seed),
        "VarianceScaling untruncated" => new VarianceScaling(2.0, FanMode.FanOut, ScalingDistribution.UntruncatedNormal, seed),
        "Orthogonal" => new Orthogonal(seed: seed),
        _ => throw new ArgumentException(name, nameof(name)),
    };

    [Theory]
    [MemberData(nameof(SeedableInitializers))]
    public void A_seeded_initializer_gives_the_same_values_on_every_call_whatever_the_model_seed(string name)
    {
        Initializer initializer = Create(name, seed: 7);
        float[] first = Draw(initializer, 64, fanIn: 8, fanOut: 8, modelSeed: 1);
        float[] again = Draw(initializer, 64, fanIn: 8, fanOut: 8, modelSeed: 1);
        float[] otherModelSeed = Draw(initializer, 64, fanIn: 8, fanOut: 8, modelSeed: 12345);
        float[] newInstance = Draw(Create(name, seed: 7), 64, fanIn: 8, fanOut: 8, modelSeed: 99);

        Assert.Equal(first, again);
        Assert.Equal(first, otherModelSeed);
        Assert.Equal(first, newInstance);
        Assert.True(first.Distinct().Count() > 60, "values should not repeat");
    }

    [Theory]
    [MemberData(nameof(SeedableInitializers))]
    public void Different_seeds_give_different_values(string name)
    {
        float[] seven = Draw(Create(name, seed: 7), 64, 8, 8, modelSeed: 1);
        float[] eight = Draw(Create(name, seed: 8), 64, 8, 8, modelSeed: 1);
        Assert.NotEqual(seven, eight);
        Assert.True(seven.Zip(eight).Count(pair => pair.First == pair.Second) < 4, "streams for neighbouring seeds should be unrelated");
    }

    [Theory]
    [MemberData(nameof(SeedableInitializers))]
    public void An_unseeded_initializer_is_decided_by_the_model_seed(string name)
    {
        Initializer initializer = Create(name, seed: null);
        float[] one = Draw(initializer, 64, 8, 8, modelSeed: 1);
        float[] oneAgain = Draw(initializer, 64, 8, 8, modelSeed: 1);
        float[] two = Draw(initializer, 64, 8, 8, modelSeed: 2);

        Assert.Equal(one, oneAgain);
        Assert.NotEqual(one, two);
    }

    [Fact]
    public void Random_normal_golden_values_are_reproducible_across_machines()
    {
        // SplitMix64 seeded with Mix(42, 0x5EED), standard normals by Marsaglia's polar method, cast to float.
        // Pinned once; a change here means every seeded model in the wild changes its starting weights.
        float[] values = Draw(new RandomNormal(mean: 0, stddev: 1, seed: 42), 4, fanIn: 2, fanOut: 2, modelSeed: 0);
        Assert.Equal([1.27138114f, -1.6365509f, -0.092701681f, 0.331448317f], values);
    }

    [Fact]
    public void Random_normal_has_the_requested_mean_and_stddev()
    {
        float[] values = Draw(new RandomNormal(mean: 0.5, stddev: 2.0, seed: 3), 200_000, 1, 1, 0);
        var (mean, stddev) = Moments(values);
        // Standard errors: 2/sqrt(2e5) = 0.0045 for the mean, ~0.0032 for the stddev.
        Assert.InRange(mean, 0.48, 0.52);
        Assert.InRange(stddev, 1.98, 2.02);
    }

    [Fact]
    public void Random_normal_defaults_are_keras_s()
    {
        var initializer = new RandomNormal();
        Assert.Equal(0.0, initializer.Mean);
        Assert.Equal(0.05, initializer.Stddev);
        Assert.Null(initializer.Seed);
        var (mean, stddev) = Moments(Draw(initializer, 100_000, 1, 1, modelSeed: 5));
        Assert.InRange(mean, -0.001, 0.001);
        Assert.InRange(stddev, 0.049, 0.051);
    }

    [Fact]
    public void Random_uniform_stays_within_its_bounds_and_fills_them()
    {
        float[] values = Draw(new RandomUniform(minval: -3, maxval: 5, seed: 4), 100_000, 1, 1, 0);
        Assert.All(values, v => Assert.InRange(v, -3f, 5f));
        Assert.InRange(values.Min(), -3f, -2.99f);
        Assert.InRange(values.Max(), 4.99f, 5f);
        var (mean, stddev) = Moments(values);
        Assert.InRange(mean, 0.97, 1.03);
        // Uniform on a width of 8: stddev 8/sqrt(12) = 2.3094.
        Assert.InRange(stddev, 2.30, 2.32);

        var defaults = new RandomUniform();
        Assert.Equal(-0.05, defaults.Minval);
        Assert.Equal(0.05, defaults.Maxval);
        Assert.All(Draw(defaults, 10_000, 1, 1, 9), v => Assert.InRange(v, -0.05f, 0.05f));
    }

    [Fact]
    public void Glorot_uniform_is_within_the_limit_with_variance_two_over_fan_sum()
    {
        const int fanIn = 300, fanOut = 200;
        float[] values = Draw(new GlorotUniform(seed: 5), fanIn * fanOut, fanIn, fanOut, 0);
        double limit = Math.Sqrt(6.0 / (fanIn + fanOut));
        AssertUniform(values, limit, expectedVariance: 2.0 / (fanIn + fanOut));
    }

    [Fact]
    public void He_uniform_limit_is_sqrt_six_over_fan_in()
    {
        const int fanIn = 150, fanOut = 400;
        float[] values = Draw(new HeUniform(seed: 6), fanIn * fanOut, fanIn, fanOut, 0);
        AssertUniform(values, Math.Sqrt(6.0 / fanIn), expectedVariance: 2.0 / fanIn);
    }

    [Fact]
    public void Lecun_uniform_limit_is_sqrt_three_over_fan_in()
    {
        const int fanIn = 150, fanOut = 400;
        float[] values = Draw(new LecunUniform(seed: 7), fanIn * fanOut, fanIn, fanOut, 0);
        AssertUniform(values, Math.Sqrt(3.0 / fanIn), expectedVariance: 1.0 / fanIn);
    }

    public static TheoryData<string, double, int, int> TruncatedNormals() => new()
    {
        // name, scale, fanIn, fanOut; n is fan_in for He and LeCun, (fan_in + fan_out) / 2 for Glorot
        { "HeNormal", 2.0, 250, 120 },
        { "GlorotNormal", 1.0, 250, 120 },
        { "LecunNormal", 1.0, 250, 120 },
    };

    [Theory]
    [MemberData(nameof(TruncatedNormals))]
    public void Truncated_normals_are_cut_at_two_widened_stddevs_and_keep_variance_scale_over_n(string name, double scale, int fanIn, int fanOut)
    {
        double n = name == "GlorotNormal" ? (fanIn + fanOut) / 2.0 : fanIn;
        float[] values = Draw(Create(name, seed: 11), 200_000, fanIn, fanOut, 0);

        double widened = Math.Sqrt(scale / n) / TruncatedStddev;
        double cut = 2 * widened;
        Assert.All(values, v => Assert.InRange(Math.Abs(v), 0, cut * (1 + 1e-6)));
        // The cut is reached: the widest values lie just inside it.
        Assert.InRange(values.Max(v => Math.Abs(v)), 0.99 * cut, cut * (1 + 1e-6));

        var (mean, stddev) = Moments(values);
        Assert.InRange(mean, -0.01 * widened, 0.01 * widened);
        Assert.InRange(stddev * stddev, 0.98 * scale / n, 1.02 * scale / n);
    }

    [Fact]
    public void Untruncated_variance_scaling_has_variance_scale_over_fan_out()
    {
        const int fanIn = 40, fanOut = 100;
        float[] values = Draw(new VarianceScaling(2.0, FanMode.FanOut, ScalingDistribution.UntruncatedNormal, seed: 12), 200_000, fanIn, fanOut, 0);
        var (mean, stddev) = Moments(values);
        Assert.InRange(mean, -0.001, 0.001);
        Assert.InRange(stddev * stddev, 0.98 * 2.0 / fanOut, 1.02 * 2.0 / fanOut);
        // Untruncated: some values beyond 2 stddevs (about 4.6% of them).
        double sd = Math.Sqrt(2.0 / fanOut);
        Assert.InRange(values.Count(v => Math.Abs(v) > 2 * sd) / (double)values.Length, 0.04, 0.052);
    }

    [Fact]
    public void Variance_scaling_divides_by_at_least_one()
    {
        // Keras: scale / max(1, n); a zero fan must not blow up.
        float[] values = Draw(new VarianceScaling(1.0, FanMode.FanIn, ScalingDistribution.Uniform, seed: 1), 1000, fanIn: 0, fanOut: 3, 0);
        Assert.All(values, v => Assert.InRange(v, -Math.Sqrt(3.0), Math.Sqrt(3.0)));
    }

    [Fact]
    public void Variance_scaling_rejects_a_non_positive_scale()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new VarianceScaling(scale: 0));
        Assert.Equal("scale", ex.ParamName);
    }

    [Fact]
    public void Random_initializers_reject_invalid_parameters()
    {
        Assert.Equal("stddev", Assert.Throws<ArgumentOutOfRangeException>(() => new RandomNormal(stddev: -1)).ParamName);
        Assert.Equal("maxval", Assert.Throws<ArgumentOutOfRangeException>(() => new RandomUniform(minval: 1, maxval: 0)).ParamName);
    }

    [Fact]
    public void Zeros_ones_and_constant_fill_every_value()
    {
        float[] values = Enumerable.Repeat(9f, 37).ToArray();
        new Zeros().Initialize(values, 37, 1, 5);
        Assert.All(values, v => Assert.Equal(0f, v));

        new Ones().Initialize(values, 37, 1, 5);
        Assert.All(values, v => Assert.Equal(1f, v));

        var constant = new Constant(-2.5f);
        Assert.Equal(-2.5f, constant.Value);
        constant.Initialize(values, 37, 1, 5);
        Assert.All(values, v => Assert.Equal(-2.5f, v));

        Assert.Equal(0f, new Constant().Value);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(10)]
    [InlineData(1000)]
    [InlineData(int.MaxValue)]
    public void Next_int_stays_in_range(int maxExclusive)
    {
        var random = new SeededRandom(123);
        var seen = new HashSet<int>();
        for (int i = 0; i < 10_000; i++)
        {
            int value = random.NextInt(maxExclusive);
            Assert.InRange(value, 0, maxExclusive - 1);
            seen.Add(value);
        }
        // Every value of a small range turns up.
        if (maxExclusive <= 10) Assert.Equal(maxExclusive, seen.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Next_int_rejects_a_non_positive_bound(int maxExclusive)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new SeededRandom(1).NextInt(maxExclusive));
        Assert.Contains(maxExclusive.ToString(), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Seeded_random_streams_are_reproducible_and_next_double_is_in_zero_to_one()
    {
        var a = new SeededRandom(2024);
        var b = new SeededRandom(2024);
        for (int i = 0; i < 1000; i++)
        {
            double value = a.NextDouble();
            Assert.Equal(value, b.NextDouble());
            Assert.InRange(value, 0.0, 0.9999999999999999);
        }
        Assert.NotEqual(SeededRandom.Mix(1, 2), SeededRandom.Mix(2, 1));
    }

    [Theory]
    [InlineData(8, 8)]
    [InlineData(12, 4)]
    [InlineData(4, 16)]
    [InlineData(1, 6)]
    [InlineData(30, 120)]
    public void Orthogonal_gives_orthonormal_rows_or_columns_whichever_are_fewer(int rows, int columns)
    {
        float[] w = Draw(new Orthogonal(seed: 3), rows * columns, fanIn: rows, fanOut: columns, modelSeed: 1);
        // WᵀW = I for a tall matrix, WWᵀ = I for a wide one.
        bool tall = rows >= columns;
        int n = Math.Min(rows, columns), m = Math.Max(rows, columns);
        for (int a = 0; a < n; a++)
            for (int b = 0; b < n; b++)
            {
                double dot = 0;
                for (int k = 0; k < m; k++) dot += tall ? (double)w[k * columns + a] * w[k * columns + b] : (double)w[a * columns + k] * w[b * columns + k];
                Assert.True(Math.Abs(dot - (a == b ? 1 : 0)) < 1e-5, $"{rows}x{columns}: product ({a}, {b}) is {dot}");
            }
        float[] doubled = Draw(new Orthogonal(gain: 2, seed: 3), rows * columns, fanIn: rows, fanOut: columns, modelSeed: 1);
        Assert.Equal(w.Select(v => 2 * v), doubled);
    }

    [Theory]
    [InlineData(6, 6)]
    [InlineData(9, 3)]
    [InlineData(3, 12)]
    public void Orthogonal_is_the_q_factor_with_a_positive_diagonal_of_the_normal_matrix_it_draws(int rows, int columns)
    {
        // Keras: QR of a normal (max × min) matrix, each column of Q signed like R's diagonal, transposed when wide.
        // Then R = Qᵀ·A is upper triangular with a positive diagonal; redraw A from the initializer's own stream.
        const int Seed = 11;
        float[] w = Draw(new Orthogonal(seed: Seed), rows * columns, fanIn: rows, fanOut: columns, modelSeed: 1);
        int tall = Math.Max(rows, columns), narrow = Math.Min(rows, columns);
        var random = new SeededRandom(SeededRandom.Mix((ulong)(uint)Seed, 0x5EEDUL));
        double[,] a = new double[tall, narrow];
        for (int i = 0; i < tall; i++)
            for (int j = 0; j < narrow; j++) a[i, j] = random.NextGaussian();
        double Q(int i, int j) => rows >= columns ? w[i * columns + j] : w[j * columns + i];
        for (int r = 0; r < narrow; r++)
            for (int c = 0; c < narrow; c++)
            {
                double entry = 0;
                for (int k = 0; k < tall; k++) entry += Q(k, r) * a[k, c];
                if (r > c) Assert.True(Math.Abs(entry) < 1e-4, $"R[{r}, {c}] = {entry} below the diagonal");
                if (r == c) Assert.True(entry > 0, $"R[{r}, {r}] = {entry} is not positive");
            }
    }

    [Fact]
    public void Unit_forget_bias_sets_the_forget_gate_to_ones_and_the_rest_from_the_layers_bias_initializer()
    {
        float[] zeros = Draw(new UnitForgetBias(new Zeros()), 16, 16, 16, modelSeed: 1);
        Assert.Equal([.. Enumerable.Repeat(0f, 4), .. Enumerable.Repeat(1f, 4), .. Enumerable.Repeat(0f, 8)], zeros);

        float[] random = Draw(new UnitForgetBias(new RandomUniform()), 16, 16, 16, modelSeed: 5);
        Assert.Equal(Enumerable.Repeat(1f, 4), random[4..8]);
        Assert.All(random[..4].Concat(random[8..]), v => Assert.InRange(v, -0.05f, 0.05f));
        Assert.Equal(12, random[..4].Concat(random[8..]).Distinct().Count());
        Assert.Throws<ArgumentException>(() => Draw(new UnitForgetBias(new Zeros()), 10, 10, 10, modelSeed: 1));
    }

    private static float[] Draw(Initializer initializer, int count, int fanIn, int fanOut, ulong modelSeed)
    {
        var values = new float[count];
        initializer.Initialize(values, fanIn, fanOut, modelSeed);
        return values;
    }

    private static (double Mean, double Stddev) Moments(float[] values)
    {
        double mean = values.Average(v => (double)v);
        double variance = values.Sum(v => (v - mean) * (v - mean)) / values.Length;
        return (mean, Math.Sqrt(variance));
    }

    private static void AssertUniform(float[] values, double limit, double expectedVariance)
    {
        // Uniform in [-limit, limit] has variance limit²/3.
        Assert.Equal(expectedVariance, limit * limit / 3, 12);
        float bound = (float)limit;
        Assert.All(values, v => Assert.InRange(v, -bound, bound));
        Assert.InRange(values.Min(), -bound, -0.999f * bound);
        Assert.InRange(values.Max(), 0.999f * bound, bound);
        var (mean, stddev) = Moments(values);
        Assert.InRange(mean, -0.01 * limit, 0.01 * limit);
        Assert.InRange(stddev * stddev, 0.98 * expectedVariance, 1.02 * expectedVariance);
    }
}
