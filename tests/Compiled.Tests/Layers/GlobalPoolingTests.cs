using Compiled.Kernels;

namespace Compiled.Tests.Layers;

/// <summary>Global average and max pooling, (batch, positions, channels) to (batch, channels), against float64 references.</summary>
public class GlobalPoolingTests
{
    public static TheoryData<string> Paths() => new() { "Scalar", "Vector256", "Vector512" };

    private static readonly (int Batch, int Positions, int Channels)[] Cases =
        { (1, 1, 1), (1, 9, 3), (2, 25, 16), (3, 7, 33), (2, 12, 64), (1, 5, 41) };

    [SkippableTheory]
    [MemberData(nameof(Paths))]
    public void Forward_and_backward_match_float64_and_the_scalar_path(string pathName)
    {
        SimdPath path = Enum.Parse<SimdPath>(pathName);
        Skip.IfNot(SimdPaths.IsSupported(path), $"This CPU does not accelerate the {path} path.");
        var random = new SeededRandom(5);
        foreach (var (batch, positions, channels) in Cases)
        {
            float[] x = PoolingTests.Gaussian(random, batch * positions * channels);
            float[] dy = PoolingTests.Gaussian(random, batch * channels);
            foreach (bool max in new[] { true, false })
            {
                Func<double[], double[]> reference = xs => Reference(xs, batch, positions, channels, max);
                float[] y = PoolingTests.Sentinel(batch * channels + 1), scalarY = new float[batch * channels];
                float[] dx = PoolingTests.Sentinel(x.Length + 1), scalarDx = new float[x.Length];
                if (max)
                {
                    GlobalPooling.MaxForward(x, y, batch, positions, channels, path);
                    GlobalPooling.MaxForward(x, scalarY, batch, positions, channels, SimdPath.Scalar);
                    GlobalPooling.MaxBackward(x, dy, dx, batch, positions, channels, false, path);
                    GlobalPooling.MaxBackward(x, dy, scalarDx, batch, positions, channels, false, SimdPath.Scalar);
                }
                else
                {
                    GlobalPooling.AverageForward(x, y, batch, positions, channels, path);
                    GlobalPooling.AverageForward(x, scalarY, batch, positions, channels, SimdPath.Scalar);
                    GlobalPooling.AverageBackward(dy, dx, batch, positions, channels, false, path);
                    GlobalPooling.AverageBackward(dy, scalarDx, batch, positions, channels, false, SimdPath.Scalar);
                }
                double[] expected = reference(x.Select(v => (double)v).ToArray());
                for (int i = 0; i < expected.Length; i++)
                {
                    Assert.Equal(expected[i], y[i], 1e-5);
                    Assert.Equal(scalarY[i], y[i]);
                }
                Assert.True(float.IsNaN(y[expected.Length]));
                for (int i = 0; i < x.Length; i++) Assert.Equal(scalarDx[i], dx[i]);
                Assert.True(float.IsNaN(dx[x.Length]));
                foreach (var (i, numeric) in PoolingTests.FiniteDifferences(x, dy, reference))
                    Assert.Equal(numeric, dx[i], 1e-4);
            }
        }
    }

    [Fact]
    public void Max_gradient_goes_to_the_first_maximum_and_accumulates_when_asked()
    {
        float[] x = { 2f, 7f, 7f, 1f, 7f, 7f };   // 3 positions x 2 channels: channel 0 is 2, 7, 7 and channel 1 is 7, 1, 7
        float[] dx = Enumerable.Repeat(10f, 6).ToArray();
        GlobalPooling.MaxBackward(x, new[] { 1f, 2f }, dx, 1, 3, 2);
        Assert.Equal(new[] { 0f, 2f, 1f, 0f, 0f, 0f }, dx);
        GlobalPooling.AverageBackward(new[] { 3f, 6f }, dx, 1, 3, 2, accumulate: true);
        Assert.Equal(new[] { 1f, 4f, 2f, 2f, 1f, 2f }, dx);
    }

    [Fact]
    public void Short_spans_and_empty_samples_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => GlobalPooling.AverageForward(new float[11], new float[3], 1, 4, 3));
        Assert.Contains("12", e.Message);
        Assert.Contains("11", e.Message);
        Assert.Throws<ArgumentException>(() => GlobalPooling.MaxForward(new float[12], new float[2], 1, 4, 3));
        Assert.Throws<ArgumentException>(() => GlobalPooling.MaxBackward(new float[12], new float[3], new float[11], 1, 4, 3));
        Assert.Throws<ArgumentException>(() => GlobalPooling.AverageForward(new float[12], new float[3], 1, 0, 3));
    }

    private static double[] Reference(double[] x, int batch, int positions, int channels, bool max)
    {
        var y = new double[batch * channels];
        for (int b = 0; b < batch; b++)
        for (int c = 0; c < channels; c++)
        {
            double best = double.NegativeInfinity, sum = 0;
            for (int p = 0; p < positions; p++)
            {
                double v = x[(b * positions + p) * channels + c];
                best = Math.Max(best, v);
                sum += v;
            }
            y[b * channels + c] = max ? best : sum / positions;
        }
        return y;
    }
}
