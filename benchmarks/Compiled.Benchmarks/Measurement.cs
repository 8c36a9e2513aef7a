using System.Diagnostics;

namespace Compiled.Benchmarks;

/// <summary>Times an action: warm-up, then the median of several repetitions, each long enough to dwarf the timer.</summary>
public static class Measurement
{
    /// <summary>
    /// Median microseconds per call, and managed bytes allocated per call on every thread of the process (the GEMM
    /// workers included, whose allocations a per-thread count would miss).
    /// </summary>
    public static (double MicrosecondsPerCall, double BytesPerCall) Run(Action call, int repetitions, double secondsPerRepetition = 0.05)
    {
        // Warm-up: JIT, workspace buffers, worker threads; and a rough speed to size the repetitions.
        Stopwatch warm = Stopwatch.StartNew();
        int warmCalls = 0;
        while (warm.Elapsed.TotalSeconds < 0.2 || warmCalls < 10)
        {
            call();
            warmCalls++;
        }
        int calls = Math.Max(1, (int)(secondsPerRepetition / (warm.Elapsed.TotalSeconds / warmCalls)));

        double[] times = new double[repetitions];
        long allocated = 0;
        for (int r = 0; r < repetitions; r++)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < calls; i++) call();
            long end = Stopwatch.GetTimestamp();
            allocated += GC.GetTotalAllocatedBytes(precise: true) - before;
            times[r] = (end - start) * 1e6 / Stopwatch.Frequency / calls;
        }
        Array.Sort(times);
        return (times[repetitions / 2], (double)allocated / ((long)calls * repetitions));
    }
}
