using Compiled.Kernels;

namespace Compiled.Tests.Layers;

/// <summary>
/// Batch normalisation against a float64 reference; its backward against float64 finite differences of that
/// reference (through the batch statistics); the moving statistics against hand-worked numbers for both of
/// tf.keras 2's variance rules; every SIMD path against the scalar one, bit for bit.
/// </summary>
public class BatchNormalizationTests
{
    public static TheoryData<string> Paths() => new() { "Scalar", "Vector256", "Vector512" };

    /// <summary>(rows, channels): one row, one channel, odd sizes, and more channels than one stack group (256).</summary>
    private static readonly (int Rows, int Channels)[] Cases = { (1, 3), (2, 1), (7, 5), (33, 19), (10, 300), (64, 40) };

    private const float Epsilon = 1e-3f;

    [SkippableTheory]
    [MemberData(nameof(Paths))]
    public void Training_forward_matches_float64_and_the_scalar_path(string pathName)
    {
        SimdPath path = Enum.Parse<SimdPath>(pathName);
        Skip.IfNot(SimdPaths.IsSupported(path), $"This CPU does not accelerate the {path} path.");
        var random = new SeededRandom(21);
        foreach (var (rows, channels) in Cases)
        {
            foreach (var (hasGamma, hasBeta) in new[] { (true, true), (false, true), (true, false), (false, false) })
            {
                float[] x = Shifted(random, rows * channels);
                float[] gamma = hasGamma ? PoolingTests.Gaussian(random, channels) : Array.Empty<float>();
                float[] beta = hasBeta ? PoolingTests.Gaussian(random, channels) : Array.Empty<float>();
                var run = Train(x, gamma, beta, rows, channels, path, MovingVarianceRule.Biased);
                var scalar = Train(x, gamma, beta, rows, channels, SimdPath.Scalar, MovingVarianceRule.Biased);
                var (y, mean, variance) = Reference(x.Select(v => (double)v).ToArray(), Doubles(gamma), Doubles(beta), rows, channels);
                for (int i = 0; i < y.Length; i++) Assert.Equal(y[i], run.Y[i], 2e-4 * Math.Max(1, Math.Abs(y[i])));
                for (int c = 0; c < channels; c++)
                {
                    Assert.Equal(mean[c], run.Mean[c], 1e-5 * Math.Max(1, Math.Abs(mean[c])));
                    Assert.Equal(1 / Math.Sqrt(variance[c] + Epsilon), run.InverseStd[c], 1e-4 / Math.Sqrt(variance[c] + Epsilon));
                }
                Assert.Equal(scalar.Y, run.Y);
                Assert.Equal(scalar.Mean, run.Mean);
                Assert.Equal(scalar.InverseStd, run.InverseStd);
                Assert.Equal(scalar.MovingMean, run.MovingMean);
                Assert.Equal(scalar.MovingVariance, run.MovingVariance);
            }
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Paths))]
    public void Backward_matches_float64_finite_differences_and_the_scalar_path(string pathName)
    {
        SimdPath path = Enum.Parse<SimdPath>(pathName);
        Skip.IfNot(SimdPaths.IsSupported(path), $"This CPU does not accelerate the {path} path.");
        var random = new SeededRandom(22);
        foreach (var (rows, channels) in Cases)
        {
            foreach (bool hasGamma in new[] { true, false })
            {
                float[] x = Shifted(random, rows * channels);
                float[] gamma = hasGamma ? PoolingTests.Gaussian(random, channels) : Array.Empty<float>();
                float[] beta = PoolingTests.Gaussian(random, channels);
                float[] dy = PoolingTests.Gaussian(random, rows * channels);
                var forward = Train(x, gamma, beta, rows, channels, path, MovingVarianceRule.Biased);
                float[] dGamma = new float[channels], dBeta = new float[channels], dx = PoolingTests.Sentinel(rows * channels + 1);
                BatchNormalization.Backward(x, gamma, dy, forward.Mean, forward.InverseStd, dGamma, dBeta, dx, rows, channels, false, path);
                float[] scalarDGamma = new float[channels], scalarDBeta = new float[channels], scalarDx = new float[rows * channels];
                BatchNormalization.Backward(x, gamma, dy, forward.Mean, forward.InverseStd, scalarDGamma, scalarDBeta, scalarDx, rows, channels, false, SimdPath.Scalar);
                Assert.Equal(scalarDx, dx.Take(rows * channels).ToArray());
                Assert.Equal(scalarDGamma, dGamma);
                Assert.Equal(scalarDBeta, dBeta);
                Assert.True(float.IsNaN(dx[^1]), "wrote past dx");

                double[] g = Doubles(gamma), b = Doubles(beta);
                foreach (var (i, numeric) in PoolingTests.FiniteDifferences(x, dy, xs => Reference(xs, g, b, rows, channels).Y))
                    Assert.Equal(numeric, dx[i], 2e-3);
                double[] xd = Doubles(x);
                if (hasGamma)
                    foreach (var (i, numeric) in PoolingTests.FiniteDifferences(gamma, dy, gs => Reference(xd, gs, b, rows, channels).Y, channels))
                        Assert.Equal(numeric, dGamma[i], 1e-3 * Math.Max(1, Math.Abs(numeric)));
                foreach (var (i, numeric) in PoolingTests.FiniteDifferences(beta, dy, bs => Reference(xd, g, bs, rows, channels).Y, channels))
                    Assert.Equal(numeric, dBeta[i], 1e-4 * Math.Max(1, Math.Abs(numeric)));

                // Absent outputs are skipped; accumulate adds to dx.
                float[] added = dx.Take(rows * channels).Select(v => v + 1f).ToArray();
                float[] again = Enumerable.Repeat(1f, rows * channels).ToArray();
                BatchNormalization.Backward(x, gamma, dy, forward.Mean, forward.InverseStd, Span<float>.Empty, Span<float>.Empty, again, rows, channels, true, path);
                for (int i = 0; i < again.Length; i++) Assert.Equal(added[i], again[i], 1e-5 * Math.Max(1, Math.Abs(added[i])));
            }
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Paths))]
    public void Inference_uses_the_moving_statistics(string pathName)
    {
        SimdPath path = Enum.Parse<SimdPath>(pathName);
        Skip.IfNot(SimdPaths.IsSupported(path), $"This CPU does not accelerate the {path} path.");
        var random = new SeededRandom(23);
        foreach (var (rows, channels) in Cases)
        {
            float[] x = Shifted(random, rows * channels);
            float[] gamma = PoolingTests.Gaussian(random, channels), beta = PoolingTests.Gaussian(random, channels);
            float[] movingMean = PoolingTests.Gaussian(random, channels);
            float[] movingVariance = Enumerable.Range(0, channels).Select(_ => (float)(0.1 + random.NextDouble() * 3)).ToArray();
            float[] y = PoolingTests.Sentinel(rows * channels + 1), scalar = new float[rows * channels];
            BatchNormalization.ForwardInference(x, gamma, beta, movingMean, movingVariance, y, rows, channels, Epsilon, path);
            BatchNormalization.ForwardInference(x, gamma, beta, movingMean, movingVariance, scalar, rows, channels, Epsilon, SimdPath.Scalar);
            for (int r = 0; r < rows; r++)
            for (int c = 0; c < channels; c++)
            {
                int i = r * channels + c;
                double expected = gamma[c] * (x[i] - (double)movingMean[c]) / Math.Sqrt(movingVariance[c] + (double)Epsilon) + beta[c];
                Assert.Equal(expected, y[i], 1e-4 * Math.Max(1, Math.Abs(expected)));
                Assert.Equal(scalar[i], y[i]);
            }
            Assert.True(float.IsNaN(y[^1]));
        }
    }

    [Fact]
    public void Moving_statistics_follow_both_variance_rules_by_hand()
    {
        // Channel 0 is 1, 2, 3, 4: mean 2.5, biased variance 1.25, unbiased 5/3. Channel 1 is 10 four times: variance 0.
        float[] x = { 1f, 10f, 2f, 10f, 3f, 10f, 4f, 10f };
        var biased = Train(x, Array.Empty<float>(), Array.Empty<float>(), 4, 2, SimdPaths.Best, MovingVarianceRule.Biased, momentum: 0.9f);
        // moving -= (moving - value) · 0.1, from mean 0 and variance 1.
        Assert.Equal(0.25f, biased.MovingMean[0], 1e-6f);
        Assert.Equal(1.025f, biased.MovingVariance[0], 1e-6f);
        Assert.Equal(1.0f, biased.MovingMean[1], 1e-6f);
        Assert.Equal(0.9f, biased.MovingVariance[1], 1e-6f);
        var bessel = Train(x, Array.Empty<float>(), Array.Empty<float>(), 4, 2, SimdPaths.Best, MovingVarianceRule.BesselCorrected, momentum: 0.9f);
        // moving = 0.9 · moving + 0.1 · (4/3) · σ²_B: 0.9 + 0.1 · 5/3.
        Assert.Equal(0.25f, bessel.MovingMean[0], 1e-6f);
        Assert.Equal(0.9f + 0.1f * 5f / 3f, bessel.MovingVariance[0], 1e-6f);
        Assert.Equal(0.9f, bessel.MovingVariance[1], 1e-6f);
        // Both normalise with the biased variance: the same outputs and saved statistics.
        Assert.Equal(biased.Y, bessel.Y);
        Assert.Equal(2.5f, biased.Mean[0]);
        Assert.Equal((float)(1 / Math.Sqrt(1.25 + 1e-3)), biased.InverseStd[0], 1e-6f);
        Assert.Equal((float)(1 / Math.Sqrt(1e-3)), biased.InverseStd[1], 1e-3f);
        Assert.All(new[] { 1, 3, 5, 7 }, i => Assert.Equal(0f, biased.Y[i]));

        // A single row: the fused kernel's n / (n - 1) becomes n / 1, and the variance is 0.
        var one = Train(new[] { 3f }, Array.Empty<float>(), Array.Empty<float>(), 1, 1, SimdPaths.Best, MovingVarianceRule.BesselCorrected, momentum: 0.9f);
        Assert.Equal(0.3f, one.MovingMean[0], 1e-6f);
        Assert.Equal(0.9f, one.MovingVariance[0], 1e-6f);

        // Keras's default momentum, 0.99.
        var keras = Train(x, Array.Empty<float>(), Array.Empty<float>(), 4, 2, SimdPaths.Best, MovingVarianceRule.Biased, momentum: 0.99f);
        Assert.Equal(0.025f, keras.MovingMean[0], 1e-6f);
        Assert.Equal(1.0025f, keras.MovingVariance[0], 1e-6f);
    }

    [Theory]
    [InlineData(2, MovingVarianceRule.Biased)]
    [InlineData(3, MovingVarianceRule.Biased)]
    [InlineData(4, MovingVarianceRule.BesselCorrected)]
    [InlineData(5, MovingVarianceRule.BesselCorrected)]
    public void The_rule_for_a_rank_is_tf_keras_2s(int rank, MovingVarianceRule rule)
        => Assert.Equal(rule, BatchNormalization.MovingVarianceRuleFor(rank));

    [Fact]
    public void Short_spans_are_refused_with_their_sizes()
    {
        float[] c3 = new float[3], v12 = new float[12];
        var e = Assert.Throws<ArgumentException>(() => BatchNormalization.ForwardTraining(new float[11], c3, c3, c3, c3, v12, c3, c3, 4, 3, 0.99f, 1e-3f, MovingVarianceRule.Biased));
        Assert.Contains("12", e.Message);
        Assert.Contains("11", e.Message);
        e = Assert.Throws<ArgumentException>(() => BatchNormalization.ForwardTraining(v12, new float[2], c3, c3, c3, v12, c3, c3, 4, 3, 0.99f, 1e-3f, MovingVarianceRule.Biased));
        Assert.Contains("gamma", e.Message);
        Assert.Throws<ArgumentException>(() => BatchNormalization.ForwardTraining(v12, c3, c3, c3, new float[2], v12, c3, c3, 4, 3, 0.99f, 1e-3f, MovingVarianceRule.Biased));
        Assert.Throws<ArgumentException>(() => BatchNormalization.ForwardTraining(v12, c3, c3, c3, c3, v12, c3, c3, 0, 3, 0.99f, 1e-3f, MovingVarianceRule.Biased));
        Assert.Throws<ArgumentException>(() => BatchNormalization.ForwardInference(v12, c3, c3, c3, c3, new float[11], 4, 3, 1e-3f));
        Assert.Throws<ArgumentException>(() => BatchNormalization.Backward(v12, c3, v12, c3, c3, new float[1], c3, v12, 4, 3));
        Assert.Throws<ArgumentException>(() => BatchNormalization.Backward(v12, c3, v12, c3, new float[2], c3, c3, v12, 4, 3));
    }

    private sealed record Result(float[] Y, float[] Mean, float[] InverseStd, float[] MovingMean, float[] MovingVariance);

    private static Result Train(float[] x, float[] gamma, float[] beta, int rows, int channels, SimdPath path, MovingVarianceRule rule, float momentum = 0.99f)
    {
        var r = new Result(new float[rows * channels], new float[channels], new float[channels], new float[channels],
            Enumerable.Repeat(1f, channels).ToArray());
        BatchNormalization.ForwardTraining(x, gamma, beta, r.MovingMean, r.MovingVariance, r.Y, r.Mean, r.InverseStd, rows, channels,
            momentum, Epsilon, rule, path);
        return r;
    }

    /// <summary>The batch statistics (biased variance) and <c>y = γ (x - μ) / sqrt(σ² + ε) + β</c>; empty γ/β mean 1/0.</summary>
    private static (double[] Y, double[] Mean, double[] Variance) Reference(double[] x, double[] gamma, double[] beta, int rows, int channels)
    {
        var mean = new double[channels];
        var variance = new double[channels];
        var y = new double[rows * channels];
        for (int c = 0; c < channels; c++)
        {
            double sum = 0;
            for (int r = 0; r < rows; r++) sum += x[r * channels + c];
            mean[c] = sum / rows;
            double squares = 0;
            for (int r = 0; r < rows; r++) squares += (x[r * channels + c] - mean[c]) * (x[r * channels + c] - mean[c]);
            variance[c] = squares / rows;
            for (int r = 0; r < rows; r++)
                y[r * channels + c] = (gamma.Length == 0 ? 1 : gamma[c]) * (x[r * channels + c] - mean[c]) / Math.Sqrt(variance[c] + Epsilon)
                    + (beta.Length == 0 ? 0 : beta[c]);
        }
        return (y, mean, variance);
    }

    /// <summary>Gaussian values with a per-position offset, so channel means are not near zero.</summary>
    private static float[] Shifted(SeededRandom random, int length)
        => Enumerable.Range(0, length).Select(i => (float)(random.NextGaussian() * 1.5 + (i % 7) * 0.5)).ToArray();

    private static double[] Doubles(float[] values) => values.Select(v => (double)v).ToArray();
}
