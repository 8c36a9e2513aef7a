using Compiled.Kernels;

namespace Compiled.Tests.Kernels;

/// <summary>
/// Products by a B packed once (<see cref="Gemm.PackB(ReadOnlySpan{float}, Span{float}, int, int, bool)"/>, an LSTM's
/// recurrent kernel at every time step) give exactly the bits of the packed product that copies B itself, on every path,
/// plain and transposed, across the cache blocks, shared among threads or not.
/// </summary>
public class GemmPackedBTests
{
    // Values after C's m*n results that no kernel may touch.
    private const int Guard = 13;
    private const float GuardValue = -12345.5f;

    [Fact]
    public void A_prepacked_b_gives_the_bits_of_packing_it_in_the_product()
    {
        int threads = Gemm.MaxThreads;
        try
        {
            var random = new SeededRandom(41);
            foreach (SimdPath path in Enum.GetValues<SimdPath>().Where(SimdPaths.IsSupported))
                foreach ((int m, int k, int n) in new[] { (1, 1, 1), (5, 3, 7), (32, 64, 256), (32, 256, 64), (7, 300, 40), (13, 20, 1100), (200, 64, 96), (3, 5, 16) })
                    foreach (bool transposed in new[] { false, true })
                        foreach (int threadCount in new[] { 1, 2 })
                        {
                            Gemm.MaxThreads = threadCount;
                            float[] a = Values(random, m * k), b = Values(random, k * n), c0 = Values(random, m * n);
                            float[] expected = WithGuard(c0);
                            if (transposed) Gemm.MultiplyAddTransposedB(a, b, expected, m, k, n, path, GemmAlgorithm.Packed);
                            else Gemm.MultiplyAdd(a, b, expected, m, k, n, path, GemmAlgorithm.Packed);

                            float[] packed = Enumerable.Repeat(float.NaN, Gemm.PackedLength(k, n)).ToArray();
                            Gemm.PackB(b, packed, k, n, transposed, path);
                            float[] actual = WithGuard(c0);
                            Gemm.MultiplyAddPacked(a, packed, actual, m, k, n, path, threads: threadCount);
                            Assert.True(expected.AsSpan().SequenceEqual(actual), $"{path}, {(transposed ? "Bᵀ" : "B")}, {threadCount} threads, m={m} k={k} n={n}");
                        }
        }
        finally
        {
            Gemm.MaxThreads = threads;
        }
    }

    [Fact]
    public void A_product_large_enough_to_share_is_shared_by_rows_with_the_same_bits()
    {
        int threads = Gemm.MaxThreads;
        try
        {
            const int m = 600, k = 64, n = 256;
            var random = new SeededRandom(9);
            float[] a = Values(random, m * k), b = Values(random, k * n);
            float[] packed = new float[Gemm.PackedLength(k, n)];
            Gemm.PackB(b, packed, k, n);
            Gemm.MaxThreads = 1;
            float[] alone = new float[m * n];
            Gemm.MultiplyAddPacked(a, packed, alone, m, k, n);
            Gemm.MaxThreads = 2;
            long shared = GemmWorkers.SharedProducts;
            float[] together = new float[m * n];
            Gemm.MultiplyAddPacked(a, packed, together, m, k, n);
            Assert.True(GemmWorkers.SharedProducts > shared, "the product was not shared with the GEMM workers");
            Assert.Equal(alone, together);
        }
        finally
        {
            Gemm.MaxThreads = threads;
        }
    }

    [Fact]
    public void A_packed_buffer_too_short_is_refused_naming_the_length_needed()
    {
        float[] b = new float[4 * 8];
        int needed = Gemm.PackedLength(4, 8);
        var packing = Assert.Throws<ArgumentException>(() => Gemm.PackB(b, new float[needed - 1], 4, 8));
        Assert.Contains($"needs {needed}", packing.Message);
        var product = Assert.Throws<ArgumentException>(() => Gemm.MultiplyAddPacked(new float[2 * 4], new float[needed - 1], new float[2 * 8], 2, 4, 8));
        Assert.Contains($"needs {needed}", product.Message);
        var shortB = Assert.Throws<ArgumentException>(() => Gemm.PackB(new float[4 * 8 - 1], new float[needed], 4, 8));
        Assert.Contains("4x8", shortB.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.PackedLength(-1, 8));
    }

    private static float[] Values(SeededRandom random, int count) => Enumerable.Range(0, count).Select(_ => (float)random.NextGaussian()).ToArray();

    private static float[] WithGuard(float[] c) => c.Concat(Enumerable.Repeat(GuardValue, Guard)).ToArray();
}
