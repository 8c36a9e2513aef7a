using BenchmarkDotNet.Running;

// BenchmarkDotNet for the kernels: `dotnet run -c Release --project benchmarks/Compiled.Benchmarks.Kernels -- --filter '*'`.
BenchmarkSwitcher.FromAssembly(typeof(Compiled.Benchmarks.Kernels.GemmBenchmarks).Assembly).Run(args);
