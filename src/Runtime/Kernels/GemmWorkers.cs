namespace Compiled.Kernels;

/// <summary>
/// Parked threads that help with large products. A product is cut into bands of C's columns (or rows),
/// and the caller and the workers claim bands from a shared counter until none is left; the caller never
/// waits for a worker that has not started, only for bands already claimed. So a worker that wakes late,
/// costs nothing: the caller simply does more bands itself. Worker <c>i</c> is pinned to the <c>i</c>-th
/// allowed CPU and the caller, for the duration of a shared product, to the first (see
/// <see cref="ThreadAffinity"/>), so that the two never queue on one core.
/// </summary>
/// <remarks>
/// Each element of C is computed inside one band, always in the same order, so results are identical
/// whatever the thread count and whichever thread ran which band. Posting a product allocates nothing.
/// <para>The same workers also run general jobs (<see cref="RunJob"/>): a static function called with a caller-owned
/// state pointer for each of a fixed number of part indices, the parts claimed from the same counter as bands. A part
/// must compute the same thing whichever thread runs it, so results again do not depend on the thread count.</para>
/// </remarks>
internal static unsafe class GemmWorkers
{
    // Workers spin this long after the last product before they sleep: products of a training step come
    // microseconds apart, and waking a sleeping thread can take longer than a whole band. The spin is a
    // plain read loop, without PAUSE: under a hypervisor, PAUSE loops get the vCPU descheduled (seen here:
    // 100 µs before a spinning worker noticed new work, against 1 µs without).
    private static readonly long SpinTicks = System.Diagnostics.Stopwatch.Frequency / 500;

    private static readonly Lock Gate = new();
    // Counted, so that every sleeping worker gets its own wake-up (a shared reset event can lose one).
    private static readonly SemaphoreSlim Wake = new(0);
    private static int s_workerCount;

    // The product being shared: written by the caller before it publishes a new generation.
    private static GemmProblem s_problem;
    private static SimdPath s_path;
    // Or the job being shared (null for a product): called with s_jobState and a part index, parts numbered like bands.
    private static delegate*<void*, int, void> s_job;
    private static void* s_jobState;
    private static bool s_byColumns;
    private static int s_bandWidth;
    private static int s_bands;
    private static int s_total;
    private static int s_nextBand;
    private static int s_helpers;
    private static int s_generation;
    private static int s_open;
    private static int s_busy;
    private static int s_sleepers;
    private static long s_sharedProducts;
    private static long s_sharedJobs;
    private static long s_workerBands;

    /// <summary>How many products have been shared with the workers so far (tests check that a size engages them).</summary>
    internal static long SharedProducts => Interlocked.Read(ref s_sharedProducts);

    /// <summary>How many jobs (<see cref="RunJob"/>) have been shared with the workers so far.</summary>
    internal static long SharedJobs => Interlocked.Read(ref s_sharedJobs);

    /// <summary>How many bands (or job parts) the workers, not the callers, have computed so far.</summary>
    internal static long WorkerBands => Interlocked.Read(ref s_workerBands);

    // Allocation counting, for the allocation tests and the benchmark runner: off by default, when it costs a worker
    // one read of this flag per product.
    private static volatile bool s_countAllocations;
    private static long s_workerAllocatedBytes;
    // The workers' bytes in the product or job now shared, handed to its caller when it closes (Close): other threads
    // (tests running in parallel, two models training at once) share the workers too, and their bytes are not this caller's.
    private static long s_shareAllocatedBytes;
    [ThreadStatic] private static long t_sharedWorkerAllocatedBytes;

    /// <summary>
    /// Whether each worker adds what its own thread allocates while it takes part in a product (read with
    /// <see cref="GC.GetAllocatedBytesForCurrentThread"/> before and after) to <see cref="WorkerAllocatedBytes"/>.
    /// With the caller's own <see cref="GC.GetAllocatedBytesForCurrentThread"/>, that counts exactly what Compiled
    /// allocates on the threads it runs on, unlike the whole process's counters, which also see the test host's threads.
    /// </summary>
    internal static bool CountAllocations
    {
        get => s_countAllocations;
        set => s_countAllocations = value;
    }

    /// <summary>
    /// Managed bytes the worker threads have allocated in products while <see cref="CountAllocations"/> was on.
    /// A product's share is added before <see cref="Run"/> returns (each worker adds it before it reports done).
    /// Waiting between products (the spin and the semaphore) is not counted; it allocates nothing.
    /// </summary>
    internal static long WorkerAllocatedBytes => Interlocked.Read(ref s_workerAllocatedBytes);

    /// <summary>
    /// The part of <see cref="WorkerAllocatedBytes"/> the workers allocated in products and jobs the current thread shared
    /// with them: what a measurement on this thread should count, whatever other threads run on the workers meanwhile.
    /// </summary>
    internal static long WorkerAllocatedBytesForCurrentThread => t_sharedWorkerAllocatedBytes;

    /// <summary>Runs <paramref name="problem"/> on up to <paramref name="threads"/> threads, the caller's included.</summary>
    public static void Run(in GemmProblem problem, SimdPath path, int threads)
    {
        int vectorWidth = path switch { SimdPath.Vector512 => 16, SimdPath.Vector256 => 8, _ => 1 };
        // A B packed in advance is laid out by whole panels from column 0: its products are shared by rows.
        // Stacked segments are rows of other operands: such a product is shared by columns.
        bool byColumns = (problem.N >= problem.M || problem.StackedCount > 0) && problem.PackedB == null;
        int unit = byColumns ? 2 * vectorWidth : GemmPacked.MR;
        int total = byColumns ? problem.N : problem.M;
        int units = (total + unit - 1) / unit;
        // A few bands per thread, so that a late helper still finds work, but wide enough to keep packing cheap.
        int bands = Math.Min(units, 4 * threads);
        // Another thread already shares the workers (two models training at once), or this thread runs a part of a job
        // (the gate is reentrant, and the job's state must not be overwritten): run alone rather than wait.
        if (threads <= 1 || bands <= 1 || Gate.IsHeldByCurrentThread || !Gate.TryEnter())
        {
            GemmPacked.Run(problem, path);
            return;
        }
        try
        {
            (s_problem, s_path, s_byColumns, s_total, s_bands) = (problem, path, byColumns, total, bands);
            s_bandWidth = (units + bands - 1) / bands * unit;
            s_bands = (total + s_bandWidth - 1) / s_bandWidth;
            s_job = null;
            s_jobState = null;
            Interlocked.Increment(ref s_sharedProducts);
            Share(threads);
        }
        finally
        {
            Close();
        }
    }

    /// <summary>
    /// Calls <c>job(state, part)</c> once for every <c>part</c> in <c>[0, parts)</c>, on up to <paramref name="threads"/>
    /// threads, the caller's included; returns once every part is done. Parts are claimed in increasing order from a
    /// shared counter, so which thread runs which part varies: a part must compute the same thing on any thread and touch
    /// nothing another part touches. <paramref name="state"/> (typically a struct on the caller's stack) stays valid
    /// throughout, since this waits for every part. Allocates nothing. When the workers are busy with another caller's
    /// product or job, or one thread is asked for, the caller runs every part itself, in order.
    /// </summary>
    /// <remarks>
    /// A part that throws on the caller's thread propagates after the parts already claimed by workers finish;
    /// on a worker it ends the process (<see cref="Environment.FailFast(string, Exception)"/>), as a failing band does.
    /// Parts may run products and jobs of their own: those run on the part's thread alone, whichever thread it is.
    /// </remarks>
    internal static void RunJob(delegate*<void*, int, void> job, void* state, int parts, int threads)
    {
        if (parts <= 0) return;
        threads = Math.Min(threads, parts);
        if (threads <= 1 || Gate.IsHeldByCurrentThread || !Gate.TryEnter())
        {
            for (int part = 0; part < parts; part++) job(state, part);
            return;
        }
        try
        {
            s_job = job;
            s_jobState = state;
            s_bands = parts;
            Interlocked.Increment(ref s_sharedJobs);
            Share(threads);
        }
        finally
        {
            Close();
        }
    }

    /// <summary>Under the gate, with the product or job written: wakes <paramref name="threads"/> - 1 workers and claims bands with them.</summary>
    private static void Share(int threads)
    {
        EnsureWorkers(threads - 1);
        // Only the first threads - 1 workers join: a lowered MaxThreads takes effect although more exist.
        s_helpers = threads - 1;
        Volatile.Write(ref s_nextBand, 0);
        Volatile.Write(ref s_open, 1);
        Interlocked.Increment(ref s_generation);
        int sleepers = Volatile.Read(ref s_sleepers);
        if (sleepers > 0) Wake.Release(sleepers);

        bool pinned = ThreadAffinity.TryGetCurrent(out ulong callerMask) && ThreadAffinity.TrySetCurrent(ThreadAffinity.AllowedCpu(0));
        try
        {
            RunBands();
        }
        finally
        {
            if (pinned) ThreadAffinity.TrySetCurrent(callerMask);
        }
    }

    /// <summary>
    /// Even if the caller's bands failed: closes the product to late joiners and waits for the bands workers have
    /// claimed, before the caller's fixed block unpins A, B and C (or its job state goes out of scope); then leaves the gate.
    /// </summary>
    private static void Close()
    {
        Interlocked.Exchange(ref s_open, 0);
        for (int spins = 0; Volatile.Read(ref s_busy) > 0; spins++)
        {
            if ((spins & 63) == 63) Thread.Yield();
        }
        // Every worker of this share has added its bytes (before its decrement of s_busy): they are this caller's.
        if (Volatile.Read(ref s_shareAllocatedBytes) != 0) t_sharedWorkerAllocatedBytes += Interlocked.Exchange(ref s_shareAllocatedBytes, 0);
        Gate.Exit();
    }

    /// <summary>Claims and computes bands of the current product (or parts of the current job) until none is left; returns how many it computed.</summary>
    private static int RunBands()
    {
        delegate*<void*, int, void> job = s_job;
        if (job != null)
        {
            void* state = s_jobState;
            for (int done = 0; ; done++)
            {
                int part = Interlocked.Increment(ref s_nextBand) - 1;
                if (part >= s_bands) return done;
                job(state, part);
            }
        }
        GemmProblem problem = s_problem;
        for (int done = 0; ; done++)
        {
            int band = Interlocked.Increment(ref s_nextBand) - 1;
            if (band >= s_bands) return done;
            int first = band * s_bandWidth, end = Math.Min(first + s_bandWidth, s_total);
            GemmPacked.Run(s_byColumns ? problem.Columns(first, end) : problem.Rows(first, end), s_path);
        }
    }

    private static void EnsureWorkers(int count)
    {
        while (s_workerCount < count)
        {
            int index = ++s_workerCount;
            Thread thread = new(() => WorkerLoop(index)) { IsBackground = true, Name = $"Compiled GEMM worker {index}" };
            thread.Start();
        }
    }

    private static void WorkerLoop(int index)
    {
        ThreadAffinity.TrySetCurrent(ThreadAffinity.AllowedCpu(index));
        int seen = Volatile.Read(ref s_generation);
        while (true)
        {
            seen = AwaitGeneration(seen);
            Interlocked.Increment(ref s_busy);
            bool countAllocations = s_countAllocations;
            long allocatedBefore = countAllocations ? GC.GetAllocatedBytesForCurrentThread() : 0;
            // Join only the product that woke us, only while it is still open, and only if it wants this many helpers.
            if (Volatile.Read(ref s_generation) == seen && Volatile.Read(ref s_open) == 1 && index <= Volatile.Read(ref s_helpers))
            {
                try
                {
                    Interlocked.Add(ref s_workerBands, RunBands());
                }
                catch (Exception exception)
                {
                    // Kernels and job parts do not throw on valid sizes; a failure here is a bug, and must not pass silently.
                    Environment.FailFast("A Compiled GEMM worker failed.", exception);
                }
            }
            // Before the decrement, which the caller waits for: once Run returns, this product's bytes are counted.
            if (countAllocations)
            {
                long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
                Interlocked.Add(ref s_workerAllocatedBytes, allocated);
                Interlocked.Add(ref s_shareAllocatedBytes, allocated);
            }
            Interlocked.Decrement(ref s_busy);
        }
    }

    private static int AwaitGeneration(int seen)
    {
        long spinUntil = System.Diagnostics.Stopwatch.GetTimestamp() + SpinTicks;
        while (true)
        {
            int generation = Volatile.Read(ref s_generation);
            if (generation != seen) return generation;
            if (System.Diagnostics.Stopwatch.GetTimestamp() < spinUntil)
            {
                for (int i = 0; i < 64 && Volatile.Read(ref s_generation) == seen; i++)
                {
                }
                // Give the core away if anything else wants it: the caller's own work between products may
                // have been scheduled here.
                Thread.Yield();
                continue;
            }
            Interlocked.Increment(ref s_sleepers);
            // A product may have been posted between the check above and announcing sleep: look once more.
            // A release meant for a sleeper that then did not sleep only causes one spurious wake-up later.
            if (Volatile.Read(ref s_generation) == seen) Wake.Wait();
            Interlocked.Decrement(ref s_sleepers);
            spinUntil = System.Diagnostics.Stopwatch.GetTimestamp() + SpinTicks;
        }
    }
}
