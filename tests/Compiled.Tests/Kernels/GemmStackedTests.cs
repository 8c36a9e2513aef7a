using Compiled.Kernels;

namespace Compiled.Tests.Kernels;

/// <summary>
/// The stacked product behind a recurrent layer's weight gradients (<c>Gemm.MultiplyAddTransposedAStacked</c>): one pass
/// over B gives <c>a1ᵀ·B</c>, <c>a2ᵀ·B[depth2..]</c> and B's column sums, as the three separate computations do, on every
/// path, across cache blocks (a second product starting inside a block or after the first), with the same bits on one
/// thread or two, writing nothing outside its three results.
/// </summary>
public class GemmStackedTests
{
    private const int Guard = 11;
    private const float GuardValue = -4321.25f;

    public static TheoryData<int, int, int, int, int, bool> Shapes => new()
    {
        // m1, m2, depth2, k, n, sums
        { 40, 64, 32, 3200, 256, true },    // bilstm_train: features, units, batch, steps·batch, 4·units
        { 3, 5, 2, 7, 9, true },            // small enough for the direct products
        { 7, 13, 300, 700, 100, true },     // the second product starts in the second depth block; a narrow tail panel
        { 6, 6, 0, 520, 64, false },        // both from depth 0, no sums
        { 9, 0, 0, 300, 1100, true },       // no second product (a GRU's recurrent kernel is its own); two column blocks
        { 12, 20, 600, 600, 48, true },     // the second product is empty: its depth starts at the end
        { 1, 1, 255, 513, 33, true },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Stacked_products_match_the_separate_ones_on_every_path(int m1, int m2, int depth2, int k, int n, bool summed)
    {
        var random = new SeededRandom((ulong)(m1 * 7919 + m2 * 31 + k));
        float[] a1 = Values(random, k * m1), a2 = Values(random, (k - depth2) * m2), b = Values(random, k * n);
        float[] c1Start = Values(random, m1 * n), c2Start = Values(random, m2 * n), sumsStart = Values(random, n);
        foreach (SimdPath path in Enum.GetValues<SimdPath>().Where(SimdPaths.IsSupported))
        {
            float[]? first = null;
            foreach (int threads in new[] { 1, 2 })
            {
                float[] c1 = WithGuard(c1Start), c2 = WithGuard(c2Start), sums = summed ? WithGuard(sumsStart) : [];
                Gemm.MultiplyAddTransposedAStacked(a1, c1.AsSpan(0, m1 * n), m1, a2, c2.AsSpan(0, m2 * n), m2, depth2,
                    summed ? sums.AsSpan(0, n) : default, b, k, n, path, threads);
                string what = $"{path}, {threads} thread(s), m1={m1} m2={m2} depth2={depth2} k={k} n={n}";
                AssertGuard(c1, m1 * n, what + ", c1");
                AssertGuard(c2, m2 * n, what + ", c2");
                if (summed) AssertGuard(sums, n, what + ", sums");

                AssertClose(c1Start, (i, j) => Product(a1, m1, b, n, i, j, 0, k, 0), c1, m1, n, k, what + ", a1ᵀ·B");
                AssertClose(c2Start, (i, j) => Product(a2, m2, b, n, i, j, depth2, k, depth2), c2, m2, n, k - depth2, what + ", a2ᵀ·B[depth2..]");
                if (summed) AssertClose(sumsStart, (_, j) => ColumnSum(b, n, j, k), sums, 1, n, k, what + ", column sums");

                float[] all = [.. c1, .. c2, .. sums];
                if (first is null) first = all;
                else Assert.True(first.AsSpan().SequenceEqual(all), $"{what}: not the bits of one thread");
            }
        }
    }

    [Fact]
    public void Sizes_that_do_not_fit_are_refused_naming_them()
    {
        float[] a1 = new float[6], a2 = new float[6], b = new float[6], c1 = new float[4], c2 = new float[4];
        var depth = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Gemm.MultiplyAddTransposedAStacked(a1, c1, 2, a2, c2, 2, 4, default, b, 3, 2, SimdPaths.Best));
        Assert.Contains("depth 4; the depth is 3", depth.Message);
        var sums = Assert.Throws<ArgumentException>(() =>
            Gemm.MultiplyAddTransposedAStacked(a1, c1, 2, a2, c2, 2, 0, new float[1], b, 3, 2, SimdPaths.Best));
        Assert.Contains("2 columns need 2", sums.Message);
    }

    /// <summary>Σ over depths <c>[from, to)</c> of A[p - offset, i]·B[p, j], A stored <c>[depth, m]</c>.</summary>
    private static (double Sum, double Magnitude) Product(float[] a, int m, float[] b, int n, int i, int j, int from, int to, int offset)
    {
        double sum = 0, magnitude = 0;
        for (int p = from; p < to; p++)
        {
            double term = (double)a[(p - offset) * m + i] * b[p * n + j];
            sum += term;
            magnitude += Math.Abs(term);
        }
        return (sum, magnitude);
    }

    private static (double Sum, double Magnitude) ColumnSum(float[] b, int n, int j, int k)
    {
        double sum = 0, magnitude = 0;
        for (int p = 0; p < k; p++)
        {
            sum += b[p * n + j];
            magnitude += Math.Abs(b[p * n + j]);
        }
        return (sum, magnitude);
    }

    /// <summary>Each element within float32 accumulation's error of its start plus the exact sum.</summary>
    private static void AssertClose(float[] start, Func<int, int, (double Sum, double Magnitude)> exact, float[] actual, int m, int n, int depth, string what)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                (double sum, double magnitude) = exact(i, j);
                double expected = start[i * n + j] + sum;
                double bound = 1e-6 * (depth + 2) * (Math.Abs(start[i * n + j]) + magnitude) + 1e-30;
                Assert.True(Math.Abs(actual[i * n + j] - expected) <= bound, $"{what}: [{i},{j}] is {actual[i * n + j]}, expected {expected} within {bound}");
            }
    }

    private static float[] Values(SeededRandom random, int count)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
        return values;
    }

    private static float[] WithGuard(float[] values)
    {
        var buffer = new float[values.Length + Guard];
        values.CopyTo(buffer, 0);
        buffer.AsSpan(values.Length).Fill(GuardValue);
        return buffer;
    }

    private static void AssertGuard(float[] buffer, int length, string what)
    {
        for (int i = length; i < buffer.Length; i++)
            Assert.True(buffer[i] == GuardValue, $"{what}: written past the result at {i}");
    }
}
