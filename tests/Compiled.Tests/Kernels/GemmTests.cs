using Compiled.Kernels;

namespace Compiled.Tests.Kernels;

/// <summary>
/// Every GEMM entry point on every SIMD path against a double-precision reference, over shapes that hit
/// the 4-row register tiles, the vector widths (8 and 16 floats) and the scalar tails on both sides of them.
/// </summary>
public class GemmTests
{
    private static readonly int[] Sizes = [0, 1, 3, 4, 5, 7, 8, 15, 16, 17, 31, 32, 33, 64, 100];

    // Values after C's m*n results that no kernel may touch.
    private const int Guard = 19;
    private const float GuardValue = -12345.5f;

    public enum Product
    {
        /// <summary>C += A·B, A stored [m,k], B stored [k,n].</summary>
        Plain,
        /// <summary>C += Aᵀ·B, A stored [k,m], B stored [k,n].</summary>
        TransposedA,
        /// <summary>C += A·Bᵀ, A stored [m,k], B stored [n,k].</summary>
        TransposedB,
    }

    public static TheoryData<Product, string> ProductsAndPaths()
    {
        var data = new TheoryData<Product, string>();
        foreach (Product product in Enum.GetValues<Product>())
            foreach (string path in Enum.GetNames<SimdPath>())
                data.Add(product, path);
        return data;
    }

    /// <summary>
    /// The overwriting product never reads C (it starts as NaN) and gives exactly the bits of clearing C and adding
    /// the product, on every path, for direct and packed sizes, several depth blocks, partial tiles, wide and narrow
    /// panels, and two threads.
    /// </summary>
    [Fact]
    public void Overwriting_a_transposed_b_product_gives_the_bits_of_clearing_and_adding()
    {
        int threads = Gemm.MaxThreads;
        try
        {
            var random = new SeededRandom(77);
            foreach (SimdPath path in Enum.GetValues<SimdPath>().Where(SimdPaths.IsSupported))
                foreach ((int m, int k, int n) in new[] { (5, 3, 7), (100, 64, 288), (37, 300, 70), (576, 64, 288), (7, 520, 1030) })
                    foreach (int threadCount in new[] { 1, 2 })
                    {
                        Gemm.MaxThreads = threadCount;
                        float[] a = Enumerable.Range(0, m * k).Select(_ => (float)random.NextGaussian()).ToArray();
                        float[] b = Enumerable.Range(0, n * k).Select(_ => (float)random.NextGaussian()).ToArray();
                        float[] added = new float[m * n + Guard];
                        Array.Fill(added, GuardValue, m * n, Guard);
                        Gemm.MultiplyAddTransposedB(a, b, added, m, k, n, path);
                        float[] written = Enumerable.Repeat(float.NaN, m * n).Concat(Enumerable.Repeat(GuardValue, Guard)).ToArray();
                        Gemm.MultiplyTransposedB(a, b, written, m, k, n, path);
                        Assert.True(added.AsSpan().SequenceEqual(written), $"{path}, {threadCount} threads, m={m} k={k} n={n}");
                    }
        }
        finally
        {
            Gemm.MaxThreads = threads;
        }
    }

    [SkippableTheory]
    [MemberData(nameof(ProductsAndPaths))]
    public void Accumulates_the_product_into_C_like_a_double_precision_reference(Product product, string pathName)
    {
        SimdPath path = Enum.Parse<SimdPath>(pathName);
        Skip.IfNot(SimdPaths.IsSupported(path), $"This CPU does not accelerate the {path} path.");

        var random = new SeededRandom(20240601);
        foreach (int m in Sizes)
            foreach (int k in Sizes)
                foreach (int n in Sizes)
                {
                    var (a, b, c0) = RandomOperands(random, m, k, n);
                    var (expected, bound) = Reference(product, a, b, c0, m, k, n);
                    float[] c = Run(product, path, a, b, c0, m, k, n);
                    AssertClose(expected, bound, c, m, n, $"{product} on {path}, m={m} k={k} n={n}");
                }
    }

    [Theory]
    [InlineData(Product.Plain)]
    [InlineData(Product.TransposedA)]
    [InlineData(Product.TransposedB)]
    public void All_supported_paths_agree_with_the_scalar_path(Product product)
    {
        var random = new SeededRandom(77);
        foreach (int m in Sizes)
            foreach (int k in Sizes)
                foreach (int n in Sizes)
                {
                    var (a, b, c0) = RandomOperands(random, m, k, n);
                    var (_, bound) = Reference(product, a, b, c0, m, k, n);
                    float[] scalar = Run(product, SimdPath.Scalar, a, b, c0, m, k, n);
                    foreach (SimdPath path in new[] { SimdPath.Vector256, SimdPath.Vector512 })
                    {
                        if (!SimdPaths.IsSupported(path)) continue;
                        float[] vector = Run(product, path, a, b, c0, m, k, n);
                        for (int i = 0; i < m * n; i++)
                        {
                            // Both sit within the reference bound of the exact value, so within twice it of each other.
                            double difference = Math.Abs((double)scalar[i] - vector[i]);
                            Assert.True(difference <= 2 * bound[i],
                                $"{product}: Scalar and {path} disagree at m={m} k={k} n={n}, index {i}: {scalar[i]} vs {vector[i]}");
                        }
                    }
                }
    }

    public static TheoryData<Product, string, string> ProductsPathsAndAlgorithms()
    {
        var data = new TheoryData<Product, string, string>();
        foreach (Product product in Enum.GetValues<Product>())
            foreach (string path in Enum.GetNames<SimdPath>())
                foreach (string algorithm in new[] { nameof(GemmAlgorithm.Direct), nameof(GemmAlgorithm.Packed) })
                    data.Add(product, path, algorithm);
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(ProductsPathsAndAlgorithms))]
    public void Direct_and_packed_kernels_each_match_the_reference_around_their_tile_edges(Product product, string pathName, string algorithmName)
    {
        SimdPath path = Enum.Parse<SimdPath>(pathName);
        Skip.IfNot(SimdPaths.IsSupported(path), $"This CPU does not accelerate the {path} path.");
        GemmAlgorithm algorithm = Enum.Parse<GemmAlgorithm>(algorithmName);
        // The packed kernel's tile is 6 rows by 2 vectors (2, 16 or 32 columns): sizes on both sides of each.
        int[] sizes = [1, 5, 6, 7, 12, 13, 15, 16, 17, 31, 32, 33, 65];
        var random = new SeededRandom(4242);
        foreach (int m in sizes)
            foreach (int k in new[] { 1, 3, 17 })
                foreach (int n in sizes)
                {
                    var (a, b, c0) = RandomOperands(random, m, k, n);
                    var (expected, bound) = Reference(product, a, b, c0, m, k, n);
                    float[] c = Run(product, path, a, b, c0, m, k, n, algorithm: algorithm, threads: 1);
                    AssertClose(expected, bound, c, m, n, $"{product} {algorithm} on {path}, m={m} k={k} n={n}");
                }
    }

    [Theory]
    [InlineData(Product.Plain, 100, 300, 1030)]
    [InlineData(Product.TransposedA, 100, 300, 1030)]
    [InlineData(Product.TransposedB, 100, 300, 1030)]
    [InlineData(Product.TransposedA, 260, 20, 40)]
    [InlineData(Product.Plain, 200, 513, 10)]
    public void Packed_products_cross_every_cache_block_boundary(Product product, int m, int k, int n)
    {
        // Past 96 rows (a block of A), 256 of depth (a block of B), 1024 columns (B's outer block), a
        // transposed A with rows of 256 floats or more (copied into panels), and a 10-wide output.
        var random = new SeededRandom(99);
        var (a, b, c0) = RandomOperands(random, m, k, n);
        var (expected, bound) = Reference(product, a, b, c0, m, k, n);
        foreach (SimdPath path in Enum.GetValues<SimdPath>())
        {
            if (!SimdPaths.IsSupported(path)) continue;
            float[] c = Run(product, path, a, b, c0, m, k, n, algorithm: GemmAlgorithm.Packed, threads: 1);
            AssertClose(expected, bound, c, m, n, $"{product} packed on {path}, m={m} k={k} n={n}");
        }
    }

    [Theory]
    [InlineData(Product.Plain)]
    [InlineData(Product.TransposedA)]
    [InlineData(Product.TransposedB)]
    public void Sharing_a_product_among_threads_changes_no_bit_of_the_result(Product product)
    {
        var random = new SeededRandom(5);
        foreach ((int m, int k, int n) in new[] { (64, 300, 200), (300, 40, 20), (7, 50, 1030) })
        {
            var (a, b, c0) = RandomOperands(random, m, k, n);
            foreach (SimdPath path in Enum.GetValues<SimdPath>())
            {
                if (!SimdPaths.IsSupported(path)) continue;
                float[] one = Run(product, path, a, b, c0, m, k, n, algorithm: GemmAlgorithm.Packed, threads: 1);
                foreach (int threads in new[] { 2, 3 })
                    Assert.Equal(one, Run(product, path, a, b, c0, m, k, n, algorithm: GemmAlgorithm.Packed, threads: threads));
            }
        }
    }

    [Fact]
    public void Max_threads_must_be_positive()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.MaxThreads = 0);
        Assert.Contains("got 0", error.Message);
    }

    [Fact]
    public void Public_entry_points_compute_the_same_products()
    {
        // A = [[1, 2, 3], [4, 5, 6]] (2x3), B = [[1, 0], [0, 1], [2, -1]] (3x2):
        // A·B = [[1 + 0 + 6, 0 + 2 - 3], [4 + 0 + 12, 0 + 5 - 6]] = [[7, -1], [16, -1]].
        float[] a = [1, 2, 3, 4, 5, 6];
        float[] b = [1, 0, 0, 1, 2, -1];
        float[] c = [10, 20, 30, 40];
        Gemm.MultiplyAdd(a, b, c, 2, 3, 2);
        Assert.Equal([17f, 19f, 46f, 39f], c);

        // Aᵀ stored [3,2] = [[1, 4], [2, 5], [3, 6]] gives the same A.
        float[] aT = [1, 4, 2, 5, 3, 6];
        c = [0, 0, 0, 0];
        Gemm.MultiplyAddTransposedA(aT, b, c, 2, 3, 2);
        Assert.Equal([7f, -1f, 16f, -1f], c);

        // Bᵀ stored [2,3] = [[1, 0, 2], [0, 1, -1]] gives the same B.
        float[] bT = [1, 0, 2, 0, 1, -1];
        c = [0, 0, 0, 0];
        Gemm.MultiplyAddTransposedB(a, bT, c, 2, 3, 2);
        Assert.Equal([7f, -1f, 16f, -1f], c);
    }

    public static TheoryData<Product, string, int, int, int, int, int, int, string, string> BadSizes() => new()
    {
        // product, path, aLength, bLength, cLength, m, k, n, parameter, a size the message names
        { Product.Plain, "Scalar", 5, 12, 8, 2, 3, 4, "a", "2x3" },
        { Product.Plain, "Vector256", 6, 11, 8, 2, 3, 4, "b", "3x4" },
        { Product.Plain, "Vector512", 6, 12, 7, 2, 3, 4, "c", "2x4" },
        { Product.TransposedA, "Scalar", 5, 12, 8, 2, 3, 4, "a", "2x3" },
        { Product.TransposedA, "Vector256", 6, 11, 8, 2, 3, 4, "b", "3x4" },
        { Product.TransposedA, "Vector512", 6, 12, 7, 2, 3, 4, "c", "2x4" },
        { Product.TransposedB, "Scalar", 5, 12, 8, 2, 3, 4, "a", "2x3" },
        { Product.TransposedB, "Vector256", 6, 11, 8, 2, 3, 4, "b", "3x4" },
        { Product.TransposedB, "Vector512", 6, 12, 7, 2, 3, 4, "c", "2x4" },
    };

    [Theory]
    [MemberData(nameof(BadSizes))]
    public void Operands_too_short_for_the_sizes_throw_naming_the_sizes(Product product, string pathName,
        int aLength, int bLength, int cLength, int m, int k, int n, string parameter, string shape)
    {
        // Sizes are checked before any path is chosen, so this holds on every CPU.
        SimdPath path = Enum.Parse<SimdPath>(pathName);
        var ex = Assert.Throws<ArgumentException>(() =>
            Run(product, path, new float[aLength], new float[bLength], new float[cLength], m, k, n, exactC: true));
        Assert.Equal(parameter, ex.ParamName);
        Assert.Contains(shape, ex.Message, StringComparison.Ordinal);
        int length = parameter switch { "a" => aLength, "b" => bLength, _ => cLength };
        Assert.Contains($"holds {length} values", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Product.Plain, -1, 2, 3)]
    [InlineData(Product.TransposedA, 2, -1, 3)]
    [InlineData(Product.TransposedB, 2, 3, -1)]
    public void Negative_sizes_throw_naming_every_size(Product product, int m, int k, int n)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Run(product, SimdPath.Scalar, new float[64], new float[64], new float[64], m, k, n, exactC: true));
        Assert.Contains($"m={m}", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"k={k}", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"n={n}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Longer_operands_than_needed_are_accepted_and_only_their_prefix_is_read()
    {
        // 1x2 · 2x1 with junk after each operand: C = 2·3 + 4·5 = 26.
        float[] a = [2, 4, 1000, 1000];
        float[] b = [3, 5, 1000];
        float[] c = [0, 777];
        Gemm.MultiplyAdd(a, b, c, 1, 2, 1);
        Assert.Equal([26f, 777f], c);
    }

    private static (float[] A, float[] B, float[] C) RandomOperands(SeededRandom random, int m, int k, int n)
        => (RandomValues(random, m * k), RandomValues(random, k * n), RandomValues(random, m * n));

    private static float[] RandomValues(SeededRandom random, int count)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = (float)(2 * random.NextDouble() - 1);
        return values;
    }

    /// <summary>Runs one product on a copy of <paramref name="c0"/> followed by guard values, checks the guard, returns C.</summary>
    private static float[] Run(Product product, SimdPath path, float[] a, float[] b, float[] c0, int m, int k, int n, bool exactC = false,
        GemmAlgorithm algorithm = GemmAlgorithm.Auto, int threads = 0)
    {
        if (exactC)
        {
            Call(product, path, a, b, c0, m, k, n, algorithm, threads);
            return c0;
        }
        var buffer = new float[c0.Length + Guard];
        c0.CopyTo(buffer, 0);
        buffer.AsSpan(c0.Length).Fill(GuardValue);
        Call(product, path, a, b, buffer.AsSpan(0, c0.Length), m, k, n, algorithm, threads);
        for (int i = c0.Length; i < buffer.Length; i++)
            Assert.True(buffer[i] == GuardValue, $"{product} on {path} (m={m} k={k} n={n}) wrote past C at {i}.");
        return buffer[..c0.Length];
    }

    private static void Call(Product product, SimdPath path, float[] a, float[] b, Span<float> c, int m, int k, int n,
        GemmAlgorithm algorithm = GemmAlgorithm.Auto, int threads = 0)
    {
        switch (product)
        {
            case Product.Plain: Gemm.MultiplyAdd(a, b, c, m, k, n, path, algorithm, threads); break;
            case Product.TransposedA: Gemm.MultiplyAddTransposedA(a, b, c, m, k, n, path, algorithm, threads); break;
            default: Gemm.MultiplyAddTransposedB(a, b, c, m, k, n, path, algorithm, threads); break;
        }
    }

    /// <summary>
    /// The exact result in double precision, and per element an error bound for float32 accumulation:
    /// 1e-5·(k+1) relative to |C0| + Σ|A·B|, the scale of the terms summed.
    /// </summary>
    private static (double[] Expected, double[] Bound) Reference(Product product, float[] a, float[] b, float[] c0, int m, int k, int n)
    {
        var expected = new double[m * n];
        var bound = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = c0[i * n + j], magnitude = Math.Abs(c0[i * n + j]);
                for (int p = 0; p < k; p++)
                {
                    double aip = product == Product.TransposedA ? a[p * m + i] : a[i * k + p];
                    double bpj = product == Product.TransposedB ? b[j * k + p] : b[p * n + j];
                    sum += aip * bpj;
                    magnitude += Math.Abs(aip * bpj);
                }
                expected[i * n + j] = sum;
                bound[i * n + j] = 1e-5 * (k + 1) * magnitude + 1e-30;
            }
        return (expected, bound);
    }

    private static void AssertClose(double[] expected, double[] bound, float[] actual, int m, int n, string what)
    {
        Assert.Equal(m * n, actual.Length);
        for (int i = 0; i < m * n; i++)
        {
            double error = Math.Abs(actual[i] - expected[i]);
            Assert.True(error <= bound[i], $"{what}: C[{i / n},{i % n}] = {actual[i]}, expected {expected[i]} (error {error:E2} > {bound[i]:E2}).");
        }
    }
}
