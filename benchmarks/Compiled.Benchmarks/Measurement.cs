using System.Diagnostics;

namespace Compiled.Benchmarks;

/// <summary>Times an action: warm-up, then the median of several repetitions, each long enough to dwarf the timer.</summary>
public static class Measurement
{
    /// <summary>
    /// Median microseconds per call, and managed bytes allocated per call. With <paramref name="workerAllocatedBytes"/>
    /// (Compiled's GEMM workers count their own), the bytes are exactly those of the calling thread and of those
    /// workers, so nothing else in the process (a runtime's background threads) adds to them; without it, a peer whose
    /// threads cannot count themselves is measured with the whole process's counter, every thread included.
    /// </summary>
    /// <param name="call">The work measured.</param>
    /// <param name="repetitions">Timed repetitions; the median is reported.</param>
    /// <param name="secondsPerRepetition">Roughly how long each repetition runs.</param>
    /// <param name="workerAllocatedBytes">A running total of what the call's helper threads allocated, if they count it.</param>
    public static (double MicrosecondsPerCall, double BytesPerCall) Run(Action call, int repetitions, double secondsPerRepetition = 0.05, Func<long>? workerAllocatedBytes = null)
    {
        Func<long> allocatedBytes = workerAllocatedBytes is null
            ? () => GC.GetTotalAllocatedBytes(precise: true)
            : () => GC.GetAllocatedBytesForCurrentThread() + workerAllocatedBytes();
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
            long before = allocatedBytes();
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < calls; i++) call();
            long end = Stopwatch.GetTimestamp();
            allocated += allocatedBytes() - before;
            times[r] = (end - start) * 1e6 / Stopwatch.Frequency / calls;
        }
        Array.Sort(times);
        return (times[repetitions / 2], (double)allocated / ((long)calls * repetitions));
    }
}
