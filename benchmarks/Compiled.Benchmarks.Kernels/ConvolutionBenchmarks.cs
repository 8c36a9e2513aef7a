using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Compiled.Kernels;

namespace Compiled.Benchmarks.Kernels;

/// <summary>
/// Keras's mnist_cnn convolutions at batch 128: <c>conv1</c> (28×28×1 → 26×26×32, 3×3, a 9-deep patch) and
/// <c>conv2</c> (26×26×32 → 24×24×64, 3×3, 288 deep), forward and backward, on 1 and 2 threads.
/// </summary>
/// <remarks>
/// <c>BackwardKernel</c> computes dKernel and dBias only (a first layer's backward pass); <c>Backward</c> adds dx,
/// so dx's product costs the difference. <see cref="Report"/> prints GFLOP/s of each product next to the plain
/// GEMM at the same M, K, N (<c>-- conv-gflops</c>).
/// </remarks>
[MemoryDiagnoser]
public class ConvolutionBenchmarks
{
    private Buffers _buffers = null!;

    [Params("conv1", "conv2")]
    public string Layer { get; set; } = "conv2";

    [Params(1, 2)]
    public int Threads { get; set; } = 1;

    [GlobalSetup]
    public void Setup()
    {
        Gemm.MaxThreads = Threads;
        _buffers = new Buffers(Geometry(Layer), 128);
    }

    [Benchmark]
    public void Forward() => _buffers.Forward();

    [Benchmark]
    public void BackwardKernel() => _buffers.BackwardKernel();

    [Benchmark]
    public void Backward() => _buffers.Backward();

    internal static ConvolutionGeometry Geometry(string layer) => layer == "conv1"
        ? ConvolutionGeometry.Create(28, 28, 1, 3, 3, 32, 1, 1, 1, 1, "valid")
        : ConvolutionGeometry.Create(26, 26, 32, 3, 3, 64, 1, 1, 1, 1, "valid");

    /// <summary>The operands of one layer at one batch size.</summary>
    internal sealed class Buffers
    {
        public readonly ConvolutionGeometry G;
        public readonly int Batch;
        public readonly float[] X, Kernel, Bias, Y, Dy, DKernel, DBias, Dx, Workspace;

        public Buffers(ConvolutionGeometry g, int batch)
        {
            (G, Batch) = (g, batch);
            var random = new SeededRandom(1);
            float[] Values(long count)
            {
                float[] values = new float[count];
                for (long i = 0; i < count; i++) values[i] = (float)random.NextGaussian();
                return values;
            }
            X = Values((long)batch * g.InputLength);
            Kernel = Values(g.KernelLength);
            Bias = Values(g.Filters);
            Y = new float[(long)batch * g.OutputLength];
            Dy = Values(Y.Length);
            DKernel = new float[g.KernelLength];
            DBias = new float[g.Filters];
            Dx = new float[X.Length];
            Workspace = new float[Convolution.WorkspaceSize(g, batch)];
        }

        public long Pixels => (long)Batch * G.OutputHeight * G.OutputWidth;

        /// <summary>Multiply-adds of each of the three products: pixels × depth × filters.</summary>
        public long MultiplyAdds => Pixels * G.Depth * G.Filters;

        public void Forward() => Convolution.Forward(X, Kernel, Bias, Y, Workspace, Batch, G);

        public void BackwardKernel() => Convolution.Backward(X, Kernel, Dy, DKernel, DBias, [], Workspace, Batch, G);

        public void Backward() => Convolution.Backward(X, Kernel, Dy, DKernel, DBias, Dx, Workspace, Batch, G);
    }

    /// <summary>
    /// GFLOP/s (2 × multiply-adds / seconds, the fastest of 15 runs after warm-up: the machine may be shared) of forward, dKernel and dx for both
    /// layers on 1 and 2 threads, beside the plain GEMM of the same shape on whole-batch matrices.
    /// </summary>
    public static void Report(int batch = 128)
    {
        int threads = Gemm.MaxThreads;
        Console.WriteLine($"Convolution GFLOP/s, batch {batch}, SIMD {SimdPaths.Best}, workspace floats: conv1 {Convolution.WorkspaceSize(Geometry("conv1"), batch)}, conv2 {Convolution.WorkspaceSize(Geometry("conv2"), batch)}");
        Console.WriteLine($"{"layer",-6} {"threads",7} {"forward",9} {"dKernel",9} {"dx",9} | {"GEMM x·W",9} {"GEMM xᵀ·dy",10} {"GEMM dy·Wᵀ",10}   (ms: fwd / dK / dx)");
        foreach (string layer in new[] { "conv1", "conv2" })
        {
            var b = new Buffers(Geometry(layer), batch);
            int m = (int)b.Pixels, k = b.G.Depth, n = b.G.Filters;
            float[] cols = new float[(long)m * k], c = new float[(long)m * n], dCols = new float[(long)m * k], w = new float[k * n];
            foreach (int t in new[] { 1, 2 })
            {
                Gemm.MaxThreads = t;
                double forward = Fastest(b.Forward);
                double kernel = Fastest(b.BackwardKernel);
                double full = Fastest(b.Backward);
                double gemmForward = Fastest(() => Gemm.MultiplyAdd(cols, b.Kernel, c, m, k, n));
                double gemmKernel = Fastest(() => Gemm.MultiplyAddTransposedA(cols, c, w, k, m, n));
                double gemmInput = Fastest(() => Gemm.MultiplyAddTransposedB(c, b.Kernel, dCols, m, n, k));
                double flops = 2.0 * b.MultiplyAdds;
                string Rate(double seconds) => (flops / seconds / 1e9).ToString("F1");
                Console.WriteLine($"{layer,-6} {t,7} {Rate(forward),9} {Rate(kernel),9} {Rate(full - kernel),9} | {Rate(gemmForward),9} {Rate(gemmKernel),10} {Rate(gemmInput),10}   ({forward * 1e3:F2} / {kernel * 1e3:F2} / {(full - kernel) * 1e3:F2})");
            }
        }
        Gemm.MaxThreads = threads;
    }

    private static double Fastest(Action action)
    {
        // Enough calls, and time, for the tiered JIT to replace the first code with the optimised one.
        long warm = Stopwatch.GetTimestamp();
        for (int i = 0; i < 40 || Stopwatch.GetElapsedTime(warm).TotalMilliseconds < 300; i++) action();
        double fastest = double.MaxValue;
        for (int i = 0; i < 15; i++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            fastest = Math.Min(fastest, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        return fastest;
    }
}
