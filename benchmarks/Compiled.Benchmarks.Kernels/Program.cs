using BenchmarkDotNet.Running;

// BenchmarkDotNet for the kernels: `dotnet run -c Release --project benchmarks/Compiled.Benchmarks.Kernels -- --filter '*'`.
// `-- conv-gflops` instead prints the convolutions' GFLOP/s beside the plain GEMM's (a quick Stopwatch table).
if (args.Length > 0 && args[0] == "conv-gflops")
{
    Compiled.Benchmarks.Kernels.ConvolutionBenchmarks.Report();
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Compiled.Benchmarks.Kernels.GemmBenchmarks).Assembly).Run(args);
