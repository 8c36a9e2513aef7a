using System.Globalization;
using System.Runtime.Intrinsics;
using Compiled.Kernels;

namespace Compiled.Benchmarks;

/// <summary>The workloads of the kernels issue, each printing one line in the agreed key=value form.</summary>
public static class Workloads
{
    public static readonly string[] Names = ["iris_train", "seed_train", "mnist_train", "wide_train", "mnist_cnn_train", "lstm_train", "bilstm_train", "iris_infer", "sgemm", "fma_peak"];

    public static void Run(string name, int threads, int repetitions, TextWriter output)
    {
        Gemm.MaxThreads = threads;
        // Compiled's bytes per step are counted on its own threads only: the caller's and the GEMM workers'.
        GemmWorkers.CountAllocations = true;
        switch (name)
        {
            case "iris_train": Train(name, new Samples.Iris.IrisNet(seed: 1), batch: 32, threads, repetitions, output); break;
            case "seed_train": Train(name, new Samples.Tutorial.TutorialNet(seed: 1), batch: 32, threads, repetitions, output); break;
            case "mnist_train": Train(name, new MnistModel(seed: 1), batch: 64, threads, repetitions, output); break;
            case "wide_train": Train(name, new WideModel(seed: 1), batch: 128, threads, repetitions, output); break;
            case "mnist_cnn_train":
                Train(name, new MnistCnnModel(seed: 1), batch: 128, threads, repetitions, output, StepCosts.MnistCnnMultiplyAddsPerSample, OneCorePeak(repetitions, output));
                break;
            case "lstm_train":
                Train(name, new LstmModel(seed: 1), batch: 32, threads, repetitions, output, StepCosts.LstmMultiplyAddsPerSample, OneCorePeak(repetitions, output));
                break;
            case "bilstm_train":
                Train(name, new BiLstmModel(seed: 1), batch: 32, threads, repetitions, output, StepCosts.BiLstmMultiplyAddsPerSample, OneCorePeak(repetitions, output));
                break;
            case "iris_infer":
                Infer(name, threads, repetitions, output);
                InferWithOnnxRuntime(name, threads, repetitions, output);
                break;
            case "sgemm":
                foreach ((int m, int k, int n) in new[] { (512, 512, 512), (64, 784, 128), (128, 784, 512), (128, 512, 512) })
                    Sgemm(name, m, k, n, "nn", threads, repetitions, output);
                // The backward products of wide_train's layers: kernel gradients xᵀ·dy (A transposed) and the
                // hidden layer's input gradient dy·kernelᵀ (B transposed), read in place without copies.
                foreach ((int m, int k, int n, string op) in new[] { (784, 128, 512, "tn"), (512, 128, 512, "tn"), (128, 512, 512, "nt"), (784, 64, 128, "tn") })
                    Sgemm(name, m, k, n, op, threads, repetitions, output);
                break;
            case "fma_peak": FmaPeak(name, threads, repetitions, output); break;
            default: throw new ArgumentException($"Unknown workload '{name}'; expected one of {string.Join(", ", Names)}.");
        }
    }

    /// <summary>
    /// One SGD-Nesterov step (forward, loss, backward, update) on a fixed random batch. Given the step's real
    /// multiply-adds per sample and the one-core FMA peak, also the achieved GFLOP/s (two FLOPs a multiply-add) and
    /// its fraction of that peak (<c>of_fma_peak</c>; above 1 is possible on more than one thread).
    /// </summary>
    private static void Train(string name, Model model, int batch, int threads, int repetitions, TextWriter output, long multiplyAddsPerSample = 0, double oneCorePeak = 0)
    {
        int inputs = Size(model.InputShape), classes = Size(model.OutputShape);
        SeededRandom random = new(7);
        float[] x = new float[batch * inputs];
        for (int i = 0; i < x.Length; i++) x[i] = (float)random.NextGaussian();
        float[] y = new float[batch * classes];
        for (int i = 0; i < batch; i++) y[i * classes + random.NextInt(classes)] = 1;
        // One step as the peers measure it: forward, loss, backward, update; no metrics.
        model.Compile(Loss.CategoricalCrossentropy, new SGD(lr: 0.01, momentum: 0.9, nesterov: true));
        (double us, double bytes) = Measurement.Run(() => model.TrainOnBatch(x, y), repetitions, workerAllocatedBytes: () => GemmWorkers.WorkerAllocatedBytes);
        string flops = "";
        if (multiplyAddsPerSample > 0)
        {
            double gflops = StepCosts.Gflops(multiplyAddsPerSample, batch, us);
            flops = Invariant($" gflops={gflops:0.0} of_fma_peak={gflops / oneCorePeak:0.00}");
        }
        output.WriteLine(Invariant($"workload={name} impl=compiled threads={threads} batch={batch} us_per_step={us:0.###} samples_per_s={batch / us * 1e6:0} bytes_per_step={bytes:0}{flops}"));
    }

    /// <summary>One sample in as a float[], its probabilities out into a float[].</summary>
    private static void Infer(string name, int threads, int repetitions, TextWriter output)
    {
        Samples.Iris.IrisNet model = new(seed: 1);
        float[] sample = [5.1f, 3.5f, 1.4f, 0.2f];
        float[] probabilities = new float[Samples.Iris.IrisNet.OutputSize];
        (double us, double bytes) = Measurement.Run(() => model.Predict(sample, probabilities), repetitions, workerAllocatedBytes: () => GemmWorkers.WorkerAllocatedBytes);
        output.WriteLine(Invariant($"workload={name} impl=compiled threads={threads} batch=1 us_per_call={us:0.####} samples_per_s={1 / us * 1e6:0} bytes_per_call={bytes:0}"));
    }

    /// <summary>
    /// The same network exported to ONNX and run by ONNX Runtime through its fastest call: tensors bound to
    /// preallocated arrays, no copies, the session's own thread pool set to <paramref name="threads"/>.
    /// </summary>
    private static void InferWithOnnxRuntime(string name, int threads, int repetitions, TextWriter output)
    {
        Samples.Iris.IrisNet model = new(seed: 1);
        string path = Path.Combine(Path.GetTempPath(), $"compiled-bench-{Guid.NewGuid():N}.onnx");
        try
        {
            Compiled.Onnx.OnnxExport.ExportOnnx(model, path);
            using Microsoft.ML.OnnxRuntime.SessionOptions options = new() { IntraOpNumThreads = threads, InterOpNumThreads = 1 };
            using Microsoft.ML.OnnxRuntime.InferenceSession session = new(path, options);
            float[] sample = [5.1f, 3.5f, 1.4f, 0.2f];
            float[] probabilities = new float[Samples.Iris.IrisNet.OutputSize];
            using Microsoft.ML.OnnxRuntime.OrtValue input = Microsoft.ML.OnnxRuntime.OrtValue.CreateTensorValueFromMemory(sample, [1, 4]);
            using Microsoft.ML.OnnxRuntime.OrtValue result = Microsoft.ML.OnnxRuntime.OrtValue.CreateTensorValueFromMemory(probabilities, [1, 3]);
            using Microsoft.ML.OnnxRuntime.RunOptions run = new();
            string[] inputNames = ["input"], outputNames = ["output"];
            Microsoft.ML.OnnxRuntime.OrtValue[] inputs = [input], outputs = [result];
            (double us, double bytes) = Measurement.Run(() => session.Run(run, inputNames, inputs, outputNames, outputs), repetitions);
            output.WriteLine(Invariant($"workload={name} impl=onnxruntime threads={threads} batch=1 us_per_call={us:0.####} samples_per_s={1 / us * 1e6:0} bytes_per_call={bytes:0}"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// <c>C[m,n] += op(A) · op(B)</c>; <paramref name="op"/> is BLAS's pair of transpose flags: <c>nn</c> plain,
    /// <c>tn</c> A stored as <c>[k,m]</c>, <c>nt</c> B stored as <c>[n,k]</c>.
    /// </summary>
    private static void Sgemm(string name, int m, int k, int n, string op, int threads, int repetitions, TextWriter output)
    {
        SeededRandom random = new(3);
        float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
        for (int i = 0; i < a.Length; i++) a[i] = (float)random.NextDouble();
        for (int i = 0; i < b.Length; i++) b[i] = (float)random.NextDouble();
        Action call = op switch
        {
            "nn" => () => Gemm.MultiplyAdd(a, b, c, m, k, n),
            "tn" => () => Gemm.MultiplyAddTransposedA(a, b, c, m, k, n),
            "nt" => () => Gemm.MultiplyAddTransposedB(a, b, c, m, k, n),
            _ => throw new ArgumentException($"Unknown op '{op}'; expected nn, tn or nt."),
        };
        (double us, _) = Measurement.Run(call, repetitions);
        string opField = op == "nn" ? "" : $" op={op}";
        output.WriteLine(Invariant($"workload={name} impl=compiled threads={threads} shape={m}x{k}x{n}{opField} us_per_call={us:0.##} gflops={2.0 * m * k * n / us / 1e3:0.0}"));
    }

    /// <summary>fma_peak's GFLOP/s by thread count, each measured (and printed) once a run.</summary>
    private static readonly Dictionary<int, double> s_peaks = [];

    /// <summary>The one-core FMA peak of this run: fma_peak's one-thread line, measured and printed now if not yet.</summary>
    private static double OneCorePeak(int repetitions, TextWriter output)
    {
        FmaPeak("fma_peak", 1, repetitions, output);
        return s_peaks[1];
    }

    /// <summary>The machine's limit: independent Vector512 (else Vector256) FMAs with no memory traffic, on each thread.</summary>
    private static void FmaPeak(string name, int threads, int repetitions, TextWriter output)
    {
        if (s_peaks.ContainsKey(threads)) return;
        const int Iterations = 1 << 16;
        int lanes = Vector512.IsHardwareAccelerated ? 16 : 8;
        double flopsPerCall = 2.0 * lanes * 12 * Iterations * threads;
        (double us, _) = Measurement.Run(() => Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ => FmaLoop(Iterations)), repetitions);
        s_peaks[threads] = flopsPerCall / us / 1e3;
        output.WriteLine(Invariant($"workload={name} impl={(lanes == 16 ? "vector512" : "vector256")} threads={threads} gflops={s_peaks[threads]:0.0}"));
    }

    private static float FmaLoop(int iterations)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> m = Vector512.Create(0.999f), s = Vector512.Create(1e-3f);
            Vector512<float> a0 = s, a1 = s, a2 = s, a3 = s, a4 = s, a5 = s, a6 = s, a7 = s, a8 = s, a9 = s, a10 = s, a11 = s;
            for (int i = 0; i < iterations; i++)
            {
                a0 = Vector512.FusedMultiplyAdd(a0, m, s); a1 = Vector512.FusedMultiplyAdd(a1, m, s); a2 = Vector512.FusedMultiplyAdd(a2, m, s);
                a3 = Vector512.FusedMultiplyAdd(a3, m, s); a4 = Vector512.FusedMultiplyAdd(a4, m, s); a5 = Vector512.FusedMultiplyAdd(a5, m, s);
                a6 = Vector512.FusedMultiplyAdd(a6, m, s); a7 = Vector512.FusedMultiplyAdd(a7, m, s); a8 = Vector512.FusedMultiplyAdd(a8, m, s);
                a9 = Vector512.FusedMultiplyAdd(a9, m, s); a10 = Vector512.FusedMultiplyAdd(a10, m, s); a11 = Vector512.FusedMultiplyAdd(a11, m, s);
            }
            return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
        }
        Vector256<float> n = Vector256.Create(0.999f), t = Vector256.Create(1e-3f);
        Vector256<float> b0 = t, b1 = t, b2 = t, b3 = t, b4 = t, b5 = t, b6 = t, b7 = t, b8 = t, b9 = t, b10 = t, b11 = t;
        for (int i = 0; i < iterations; i++)
        {
            b0 = Vector256.FusedMultiplyAdd(b0, n, t); b1 = Vector256.FusedMultiplyAdd(b1, n, t); b2 = Vector256.FusedMultiplyAdd(b2, n, t);
            b3 = Vector256.FusedMultiplyAdd(b3, n, t); b4 = Vector256.FusedMultiplyAdd(b4, n, t); b5 = Vector256.FusedMultiplyAdd(b5, n, t);
            b6 = Vector256.FusedMultiplyAdd(b6, n, t); b7 = Vector256.FusedMultiplyAdd(b7, n, t); b8 = Vector256.FusedMultiplyAdd(b8, n, t);
            b9 = Vector256.FusedMultiplyAdd(b9, n, t); b10 = Vector256.FusedMultiplyAdd(b10, n, t); b11 = Vector256.FusedMultiplyAdd(b11, n, t);
        }
        return Vector256.Sum(b0 + b1 + b2 + b3 + b4 + b5 + b6 + b7 + b8 + b9 + b10 + b11);
    }

    private static int Size(ReadOnlySpan<int> shape)
    {
        int size = 1;
        foreach (int d in shape) size *= d;
        return size;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
