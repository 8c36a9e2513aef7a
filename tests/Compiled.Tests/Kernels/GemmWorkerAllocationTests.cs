using Compiled.Kernels;

namespace Compiled.Tests.Kernels;

/// <summary>
/// What the GEMM workers allocate is counted for the thread that shared the work with them
/// (<see cref="GemmWorkers.WorkerAllocatedBytesForCurrentThread"/>), not for whichever thread measures meanwhile: tests run
/// in parallel, and a measurement must see its own work's bytes alone, so that it fails only when that work allocates.
/// </summary>
public unsafe class GemmWorkerAllocationTests
{
    private const int Parts = 64, Runs = 20, ArrayLength = 1000;

    // Keeps every part's array reachable, so that the allocation cannot be elided or placed on the stack.
    private static byte[]? s_kept;

    private static void AllocatingPart(void* state, int part) => s_kept = new byte[ArrayLength];

    [Fact]
    public void Bytes_a_job_allocates_on_the_workers_are_counted_for_its_own_caller_alone()
    {
        GemmWorkers.CountAllocations = true;
        long arrayBytes = BytesOfOneArray();
        GemmWorkers.RunJob(&AllocatingPart, null, Parts, 2); // the workers exist from here on

        // Two threads give the workers allocating jobs at the same time; each thread's bytes (its own, and the workers'
        // in its shares) must be exactly its own jobs' arrays, whichever thread ran which part and whoever held the workers.
        long otherThreadBytes = 0;
        using Barrier start = new(2);
        Thread other = new(() =>
        {
            start.SignalAndWait();
            otherThreadBytes = BytesOfJobs();
        });
        other.Start();
        start.SignalAndWait();
        long thisThreadBytes = BytesOfJobs();
        other.Join();

        Assert.Equal(Runs * Parts * arrayBytes, thisThreadBytes);
        Assert.Equal(Runs * Parts * arrayBytes, otherThreadBytes);
    }

    /// <summary>Runs the allocating job <see cref="Runs"/> times on two threads; returns the bytes counted for the calling thread.</summary>
    private static long BytesOfJobs()
    {
        long own = GC.GetAllocatedBytesForCurrentThread(), workers = GemmWorkers.WorkerAllocatedBytesForCurrentThread;
        for (int run = 0; run < Runs; run++) GemmWorkers.RunJob(&AllocatingPart, null, Parts, 2);
        return GC.GetAllocatedBytesForCurrentThread() - own + GemmWorkers.WorkerAllocatedBytesForCurrentThread - workers;
    }

    private static long BytesOfOneArray()
    {
        AllocatingPart(null, 0);
        long before = GC.GetAllocatedBytesForCurrentThread();
        AllocatingPart(null, 0);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
