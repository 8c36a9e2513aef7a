using System.Runtime.Intrinsics;
using Compiled.Kernels;

namespace Compiled.Tests.Kernels;

/// <summary><c>COMPILED_SIMD</c> narrows the hand-written kernels' path, and never widens it past the CPU.</summary>
public class SimdPathTests
{
    private static SimdPath Widest => Vector512.IsHardwareAccelerated ? SimdPath.Vector512
        : Vector256.IsHardwareAccelerated ? SimdPath.Vector256
        : SimdPath.Scalar;

    [Theory]
    [InlineData("scalar")]
    [InlineData(" Scalar ")]
    public void Scalar_is_always_honoured(string requested) => Assert.Equal(SimdPath.Scalar, SimdPaths.Choose(requested));

    [Theory]
    [InlineData("256")]
    [InlineData("vector256")]
    public void Vector256_is_honoured_where_the_cpu_has_it(string requested)
        => Assert.Equal(Widest == SimdPath.Scalar ? SimdPath.Scalar : SimdPath.Vector256, SimdPaths.Choose(requested));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("512")]
    [InlineData("fastest")]
    public void Anything_else_takes_the_widest_path_the_cpu_has(string? requested) => Assert.Equal(Widest, SimdPaths.Choose(requested));
}
