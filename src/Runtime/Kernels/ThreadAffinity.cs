using System.Runtime.InteropServices;

namespace Compiled.Kernels;

/// <summary>
/// Pins threads to cores on Linux. Some schedulers stack a helper thread onto its waker's core for
/// milliseconds at a time (this machine's kernel packs vCPUs: <c>sched_vcpu_pack</c>), which turns two
/// threads into one core's worth of work; pinning the helper and the caller to different cores, as
/// OpenMP runtimes do, prevents it. Everywhere else, and whenever a call fails, nothing is pinned.
/// </summary>
internal static unsafe partial class ThreadAffinity
{
    private static readonly ulong s_allowed = ReadAllowed();

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sched_getaffinity(int pid, nint size, ulong* mask);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sched_setaffinity(int pid, nint size, ulong* mask);

    /// <summary>The calling thread's mask, if this is Linux with at most 64 CPUs.</summary>
    public static bool TryGetCurrent(out ulong mask)
    {
        mask = 0;
        if (s_allowed == 0) return false;
        ulong value;
        if (sched_getaffinity(0, sizeof(ulong), &value) != 0) return false;
        mask = value;
        return true;
    }

    /// <summary>Restricts the calling thread to <paramref name="mask"/>; false when that is not possible here.</summary>
    public static bool TrySetCurrent(ulong mask)
        => s_allowed != 0 && mask != 0 && sched_setaffinity(0, sizeof(ulong), &mask) == 0;

    /// <summary>The mask of the <paramref name="index"/>-th CPU this process may use, or 0 if there is none.</summary>
    public static ulong AllowedCpu(int index)
    {
        ulong remaining = s_allowed;
        for (int i = 0; remaining != 0; i++)
        {
            ulong lowest = remaining & (~remaining + 1);
            if (i == index) return lowest;
            remaining &= remaining - 1;
        }
        return 0;
    }

    private static ulong ReadAllowed()
    {
        if (!OperatingSystem.IsLinux() || Environment.ProcessorCount > 64) return 0;
        try
        {
            ulong mask;
            return sched_getaffinity(0, sizeof(ulong), &mask) == 0 ? mask : 0;
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            return 0;
        }
    }
}
