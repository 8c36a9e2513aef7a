using System.CommandLine;
using Compiled.Benchmarks;

// The kernels issue's runner: one line per workload and thread count, for README's table.
// Benchmarks are not tests: nothing here asserts, and CI does not run it.
Option<string[]> workloads = new("--workload", "-w")
{
    Description = $"Workloads to run ({string.Join(", ", Workloads.Names)}); all by default.",
    AllowMultipleArgumentsPerToken = true,
    DefaultValueFactory = _ => Workloads.Names,
};
Option<int[]> threads = new("--threads", "-t")
{
    Description = "Thread counts to run each workload with.",
    AllowMultipleArgumentsPerToken = true,
    DefaultValueFactory = _ => [1, 2],
};
Option<int> repetitions = new("--repetitions", "-r")
{
    Description = "Timed repetitions per case; the median is reported.",
    DefaultValueFactory = _ => 15,
};
RootCommand root = new("Times Compiled's training steps, inference and matrix multiply.") { workloads, threads, repetitions };
root.SetAction(parsed =>
{
    foreach (string workload in parsed.GetValue(workloads)!)
        foreach (int count in parsed.GetValue(threads)!)
            Workloads.Run(workload, count, parsed.GetValue(repetitions), Console.Out);
    return 0;
});
return root.Parse(args).Invoke();
