using BenchmarkDotNet.Running;

// BenchmarkDotNet for the kernels: `dotnet run -c Release --project benchmarks/Compiled.Benchmarks.Kernels -- --filter '*'`.
// `-- conv-gflops` instead prints the convolutions' GFLOP/s beside the plain GEMM's (a quick Stopwatch table);
// `-- conv-gflops 524288` runs it with another Convolution.ColumnBudget (floats of patches per chunk).
if (args.Length > 0 && args[0] == "conv-gflops")
{
    if (args.Length > 1) Compiled.Kernels.Convolution.ColumnBudget = int.Parse(args[1]);
    Compiled.Benchmarks.Kernels.ConvolutionBenchmarks.Report();
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Compiled.Benchmarks.Kernels.GemmBenchmarks).Assembly).Run(args);
