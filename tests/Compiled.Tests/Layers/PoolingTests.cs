using Compiled.Kernels;

namespace Compiled.Tests.Layers;

/// <summary>
/// Max and average pooling against a plain float64 reference that walks every window position and skips the padding;
/// backward against float64 finite differences of that reference; every SIMD path against the scalar one, bit for bit.
/// </summary>
public class PoolingTests
{
    public static TheoryData<string> Paths() => new() { "Scalar", "Vector256", "Vector512" };

    /// <summary>(batch, height, width, channels, pool h, pool w, stride h, stride w, padding); height 1 is 1-D pooling.</summary>
    private static readonly (int B, int H, int W, int C, int Ph, int Pw, int Sh, int Sw, string Padding)[] Cases =
    {
        (1, 5, 5, 3, 2, 2, 2, 2, "valid"),
        (2, 5, 7, 19, 3, 3, 2, 2, "same"),
        (1, 6, 6, 16, 3, 3, 1, 1, "same"),
        (2, 7, 5, 33, 2, 3, 1, 2, "valid"),
        (1, 4, 4, 8, 2, 2, 3, 3, "same"),
        (3, 1, 9, 24, 1, 3, 1, 2, "same"),   // 1-D: MaxPooling1D(3, 2, 'same') over 9 steps
        (2, 1, 10, 5, 1, 4, 1, 3, "valid"),  // 1-D, odd channel count
        (1, 3, 3, 41, 3, 3, 3, 3, "valid"),  // one window covering the input; 41 = 16 + 16 + 8 + 1 channels
    };

    [Theory]
    [InlineData(5, 2, 2, "same", 3, 0, 1)]
    [InlineData(5, 3, 1, "same", 5, 1, 1)]
    [InlineData(6, 3, 2, "same", 3, 0, 1)]
    [InlineData(4, 2, 3, "same", 2, 0, 1)]
    [InlineData(7, 4, 2, "same", 4, 1, 2)]
    [InlineData(1, 3, 1, "same", 1, 1, 1)]
    [InlineData(8, 2, 4, "same", 2, 0, 0)]
    [InlineData(5, 2, 2, "valid", 2, 0, 0)]
    [InlineData(7, 3, 2, "VALID", 3, 0, 0)]
    [InlineData(3, 3, 1, "valid", 1, 0, 0)]
    public void Geometry_follows_TensorFlow_padding_rules(int input, int pool, int stride, string padding, int output, int before, int after)
    {
        var g = PoolingGeometry.Create(input, input + 1, pool, pool, stride, stride, padding);
        Assert.Equal(output, g.OutputHeight);
        Assert.Equal(before, g.PadTop);
        Assert.Equal(after, g.PadBottom);
        var oneD = PoolingGeometry.Create1D(input, pool, stride, padding);
        Assert.Equal((1, input, 1, output, before, after, 0, 0), (oneD.InputHeight, oneD.InputWidth, oneD.OutputHeight, oneD.OutputWidth, oneD.PadLeft, oneD.PadRight, oneD.PadTop, oneD.PadBottom));
    }

    [Fact]
    public void Strides_default_to_the_pool_size_and_bad_arguments_are_refused()
    {
        Assert.Equal(PoolingGeometry.Create(6, 9, 2, 3, 2, 3, "valid"), PoolingGeometry.Create(6, 9, 2, 3, "valid"));
        var e = Assert.Throws<ArgumentException>(() => PoolingGeometry.Create(2, 5, 3, 3, "valid"));
        Assert.Contains("3", e.Message);
        Assert.Contains("2", e.Message);
        Assert.Throws<ArgumentException>(() => PoolingGeometry.Create(4, 4, 2, 2, "causal"));
        Assert.Throws<ArgumentException>(() => PoolingGeometry.Create(4, 4, 2, 2, 0, 1, "same"));
    }

    [SkippableTheory]
    [MemberData(nameof(Paths))]
    public void Forward_matches_the_float64_reference_and_the_scalar_path(string pathName)
    {
        SimdPath path = Enum.Parse<SimdPath>(pathName);
        Skip.IfNot(SimdPaths.IsSupported(path), $"This CPU does not accelerate the {path} path.");
        var random = new SeededRandom(7);
        foreach (var c in Cases)
        {
            var g = PoolingGeometry.Create(c.H, c.W, c.Ph, c.Pw, c.Sh, c.Sw, c.Padding);
            float[] x = Gaussian(random, c.B * g.InputPositions * c.C);
            int outputs = c.B * g.OutputPositions * c.C;
            foreach (bool max in new[] { true, false })
            {
                float[] y = Sentinel(outputs + 1), scalar = new float[outputs];
                if (max) { Pooling.MaxForward(x, y, g, c.B, c.C, path); Pooling.MaxForward(x, scalar, g, c.B, c.C, SimdPath.Scalar); }
                else { Pooling.AverageForward(x, y, g, c.B, c.C, path); Pooling.AverageForward(x, scalar, g, c.B, c.C, SimdPath.Scalar); }
                double[] expected = Reference(x.Select(v => (double)v).ToArray(), g, c.B, c.C, max);
                for (int i = 0; i < outputs; i++)
                {
                    Assert.Equal(expected[i], y[i], 1e-5);
                    Assert.Equal(scalar[i], y[i]);
                }
                Assert.True(float.IsNaN(y[outputs]), $"{c}: wrote past y");
            }
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Paths))]
    public void Backward_matches_float64_finite_differences(string pathName)
    {
        SimdPath path = Enum.Parse<SimdPath>(pathName);
        Skip.IfNot(SimdPaths.IsSupported(path), $"This CPU does not accelerate the {path} path.");
        var random = new SeededRandom(11);
        foreach (var c in Cases)
        {
            var g = PoolingGeometry.Create(c.H, c.W, c.Ph, c.Pw, c.Sh, c.Sw, c.Padding);
            int inputs = c.B * g.InputPositions * c.C;
            float[] x = Gaussian(random, inputs);   // distinct values: no ties, so max is differentiable
            float[] dy = Gaussian(random, c.B * g.OutputPositions * c.C);
            foreach (bool max in new[] { true, false })
            {
                float[] dx = Sentinel(inputs + 1), scalar = new float[inputs];
                if (max) { Pooling.MaxBackward(x, dy, dx, g, c.B, c.C, false, path); Pooling.MaxBackward(x, dy, scalar, g, c.B, c.C, false, SimdPath.Scalar); }
                else { Pooling.AverageBackward(dy, dx, g, c.B, c.C, false, path); Pooling.AverageBackward(dy, scalar, g, c.B, c.C, false, SimdPath.Scalar); }
                for (int i = 0; i < inputs; i++) Assert.Equal(scalar[i], dx[i]);
                foreach (var (i, numeric) in FiniteDifferences(x, dy, xs => Reference(xs, g, c.B, c.C, max)))
                    Assert.Equal(numeric, dx[i], 1e-4);
                Assert.True(float.IsNaN(dx[inputs]), $"{c}: wrote past dx");
            }
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Paths))]
    public void Max_gradient_goes_to_the_first_maximum_of_each_channel(string pathName)
    {
        SimdPath path = Enum.Parse<SimdPath>(pathName);
        Skip.IfNot(SimdPaths.IsSupported(path), $"This CPU does not accelerate the {path} path.");
        const int channels = 27;   // 16 + 8 + 3: every kind of lane
        var g = PoolingGeometry.Create(2, 2, 2, 2, "valid");
        // Channel c holds its maximum 5 at positions c % 4 and (c + 1) % 4 (twice when they differ), 0 elsewhere.
        float[] x = new float[4 * channels];
        for (int c = 0; c < channels; c++)
        {
            x[(c % 4) * channels + c] = 5f;
            x[((c + 1) % 4) * channels + c] = 5f;
        }
        float[] dy = Enumerable.Range(1, channels).Select(v => (float)v).ToArray();
        float[] dx = new float[4 * channels];
        Pooling.MaxBackward(x, dy, dx, g, 1, channels, false, path);
        for (int c = 0; c < channels; c++)
        {
            int first = Math.Min(c % 4, (c + 1) % 4);
            for (int p = 0; p < 4; p++)
                Assert.Equal(p == first ? dy[c] : 0f, dx[p * channels + c]);
        }
    }

    [Fact]
    public void Same_average_divides_by_the_covered_positions_and_max_ignores_the_padding()
    {
        // 1x3 input, window 1x2, stride 1, 'same': pad 1 after; the last window covers one position.
        var g = PoolingGeometry.Create(1, 3, 1, 2, 1, 1, "same");
        float[] x = { -1f, -2f, -3f };
        float[] y = new float[3];
        Pooling.AverageForward(x, y, g, 1, 1);
        Assert.Equal(new[] { -1.5f, -2.5f, -3f }, y);
        Pooling.MaxForward(x, y, g, 1, 1);
        Assert.Equal(new[] { -1f, -2f, -3f }, y);   // a zero pad would have given 0 at the end
        float[] dx = new float[3];
        Pooling.AverageBackward(new[] { 1f, 1f, 1f }, dx, g, 1, 1);
        Assert.Equal(new[] { 0.5f, 1f, 1.5f }, dx);
    }

    [Fact]
    public void Backward_accumulates_when_asked_and_overwrites_otherwise()
    {
        var g = PoolingGeometry.Create(4, 4, 2, 2, "valid");
        var random = new SeededRandom(3);
        float[] x = Gaussian(random, 4 * 16 * 10), dy = Gaussian(random, 4 * 4 * 10);
        float[] fresh = new float[x.Length], added = Enumerable.Repeat(1f, x.Length).ToArray(), overwritten = Enumerable.Repeat(1f, x.Length).ToArray();
        Pooling.MaxBackward(x, dy, fresh, g, 4, 10);
        Pooling.MaxBackward(x, dy, added, g, 4, 10, accumulate: true);
        Pooling.MaxBackward(x, dy, overwritten, g, 4, 10);
        for (int i = 0; i < x.Length; i++) { Assert.Equal(fresh[i] + 1f, added[i]); Assert.Equal(fresh[i], overwritten[i]); }
        Pooling.AverageBackward(dy, fresh, g, 4, 10);
        Array.Fill(added, 1f);
        Pooling.AverageBackward(dy, added, g, 4, 10, accumulate: true);
        for (int i = 0; i < x.Length; i++) Assert.Equal(fresh[i] + 1f, added[i]);
    }

    [Fact]
    public void Short_spans_are_refused_with_their_sizes()
    {
        var g = PoolingGeometry.Create(4, 4, 2, 2, "valid");
        var e = Assert.Throws<ArgumentException>(() => Pooling.MaxForward(new float[31], new float[8], g, 1, 2));
        Assert.Contains("32", e.Message);
        Assert.Contains("31", e.Message);
        e = Assert.Throws<ArgumentException>(() => Pooling.AverageForward(new float[32], new float[7], g, 1, 2));
        Assert.Contains("8", e.Message);
        Assert.Throws<ArgumentException>(() => Pooling.MaxBackward(new float[32], new float[8], new float[31], g, 1, 2));
        Assert.Throws<ArgumentException>(() => Pooling.AverageBackward(new float[7], new float[32], g, 1, 2));
    }

    /// <summary>Every window position, padding skipped by bounds; max starts at -∞, average divides by the positions used.</summary>
    internal static double[] Reference(double[] x, PoolingGeometry g, int batch, int channels, bool max)
    {
        var y = new double[batch * g.OutputPositions * channels];
        for (int b = 0; b < batch; b++)
        for (int i = 0; i < g.OutputHeight; i++)
        for (int j = 0; j < g.OutputWidth; j++)
        for (int c = 0; c < channels; c++)
        {
            double best = double.NegativeInfinity, sum = 0;
            int count = 0;
            for (int u = 0; u < g.PoolHeight; u++)
            for (int v = 0; v < g.PoolWidth; v++)
            {
                int h = i * g.StrideHeight - g.PadTop + u, w = j * g.StrideWidth - g.PadLeft + v;
                if (h < 0 || h >= g.InputHeight || w < 0 || w >= g.InputWidth) continue;
                double value = x[((b * g.InputHeight + h) * g.InputWidth + w) * channels + c];
                best = Math.Max(best, value);
                sum += value;
                count++;
            }
            y[((b * g.OutputHeight + i) * g.OutputWidth + j) * channels + c] = max ? best : sum / count;
        }
        return y;
    }

    /// <summary>
    /// d(Σ dy · f(x)) / dx[i] by central differences in float64, at about <paramref name="samples"/> indices spread
    /// over <paramref name="x"/> (the first and last included): every index would make the tests slow, and the SIMD
    /// paths are checked against the scalar one at every index.
    /// </summary>
    internal static List<(int Index, double Gradient)> FiniteDifferences(float[] x, float[] dy, Func<double[], double[]> f, int samples = 48)
    {
        const double h = 1e-6;
        double[] point = x.Select(v => (double)v).ToArray();
        var gradient = new List<(int, double)>();
        int step = Math.Max(1, (x.Length - 1) / samples);
        foreach (int i in Enumerable.Range(0, x.Length).Where(i => i % step == 0 || i == x.Length - 1))
        {
            double keep = point[i];
            point[i] = keep + h;
            double up = Dot(f(point), dy);
            point[i] = keep - h;
            double down = Dot(f(point), dy);
            point[i] = keep;
            gradient.Add((i, (up - down) / (2 * h)));
        }
        return gradient;
    }

    private static double Dot(double[] a, float[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    internal static float[] Gaussian(SeededRandom random, int length)
        => Enumerable.Range(0, length).Select(_ => (float)random.NextGaussian()).ToArray();

    internal static float[] Sentinel(int length) => Enumerable.Repeat(float.NaN, length).ToArray();
}
