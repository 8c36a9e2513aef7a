using BenchmarkDotNet.Attributes;
using Compiled.Kernels;

namespace Compiled.Benchmarks.Kernels;

/// <summary>The three products on every SIMD path, at 512³ and at the shapes of the training workloads.</summary>
[MemoryDiagnoser]
public class GemmBenchmarks
{
    private float[] _a = [], _b = [], _c = [];

    [Params("512x512x512", "64x784x128", "128x784x512", "32x100x32")]
    public string Shape { get; set; } = "512x512x512";

    [Params("Vector512", "Vector256", "Scalar")]
    public string Path { get; set; } = "Vector512";

    private SimdPath SimdPath => Enum.Parse<SimdPath>(Path);

    [Params(1, 2)]
    public int Threads { get; set; }

    private int M => int.Parse(Shape.Split('x')[0]);
    private int K => int.Parse(Shape.Split('x')[1]);
    private int N => int.Parse(Shape.Split('x')[2]);

    [GlobalSetup]
    public void Setup()
    {
        var random = new SeededRandom(1);
        _a = Values(random, Math.Max(M, N) * K);
        _b = Values(random, K * Math.Max(M, N));
        _c = new float[M * N];
    }

    [Benchmark(Baseline = true)]
    public void Plain() => Gemm.MultiplyAdd(_a, _b, _c, M, K, N, SimdPath, GemmAlgorithm.Auto, Threads);

    [Benchmark]
    public void TransposedA() => Gemm.MultiplyAddTransposedA(_a, _b, _c, M, K, N, SimdPath, GemmAlgorithm.Auto, Threads);

    [Benchmark]
    public void TransposedB() => Gemm.MultiplyAddTransposedB(_a, _b, _c, M, K, N, SimdPath, GemmAlgorithm.Auto, Threads);

    private static float[] Values(SeededRandom random, int count)
    {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) values[i] = (float)random.NextDouble();
        return values;
    }
}
