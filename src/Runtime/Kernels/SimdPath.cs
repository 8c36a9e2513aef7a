using System.Runtime.Intrinsics;

namespace Compiled.Kernels;

/// <summary>The instruction-set path a hand-written kernel takes.</summary>
/// <remarks>
/// Kernels pick <see cref="SimdPaths.Best"/> by default; tests pass each path explicitly so that every path is
/// proven to agree with the others, whatever CPU the tests happen to run on.
/// </remarks>
internal enum SimdPath
{
    Scalar,
    Vector256,
    Vector512,
}

internal static class SimdPaths
{
    /// <summary>The widest path this CPU accelerates, unless <c>COMPILED_SIMD</c> (scalar, 256, 512) narrows it.</summary>
    public static readonly SimdPath Best = Choose(Environment.GetEnvironmentVariable("COMPILED_SIMD"));

    internal static SimdPath Choose(string? requested)
    {
        SimdPath widest = Vector512.IsHardwareAccelerated ? SimdPath.Vector512
            : Vector256.IsHardwareAccelerated ? SimdPath.Vector256
            : SimdPath.Scalar;
        SimdPath wanted = requested?.Trim().ToLowerInvariant() switch
        {
            "scalar" => SimdPath.Scalar,
            "256" or "vector256" => SimdPath.Vector256,
            _ => widest,
        };
        return wanted < widest ? wanted : widest;
    }

    /// <summary>Whether this CPU can run <paramref name="path"/>; tests skip the paths it cannot.</summary>
    public static bool IsSupported(SimdPath path) => path switch
    {
        SimdPath.Vector512 => Vector512.IsHardwareAccelerated,
        SimdPath.Vector256 => Vector256.IsHardwareAccelerated,
        _ => true,
    };
}
