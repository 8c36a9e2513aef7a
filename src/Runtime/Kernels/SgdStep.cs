using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Compiled.Kernels;

/// <summary>
/// One SGD-with-momentum update in a single pass over parameters, velocity and gradients:
/// <code>
/// v = momentum * v - lr * g
/// p = p + momentum * v - lr * g   # nesterov
/// p = p + v                       # otherwise
/// </code>
/// Four separate TensorPrimitives passes read and write every array several times; on a 100,000-parameter
/// model that is memory-bound (70 µs against 20 µs fused).
/// </summary>
public static class SgdStep
{
    /// <summary>Applies the update in place to <paramref name="parameters"/> and <paramref name="velocity"/>.</summary>
    public static void Apply(Span<float> parameters, Span<float> velocity, ReadOnlySpan<float> gradients, float learningRate, float momentum, bool nesterov)
        => Apply(parameters, velocity, gradients, learningRate, momentum, nesterov, SimdPaths.Best);

    internal static void Apply(Span<float> parameters, Span<float> velocity, ReadOnlySpan<float> gradients, float learningRate, float momentum, bool nesterov, SimdPath path)
    {
        int length = parameters.Length;
        if (velocity.Length != length || gradients.Length != length)
            throw new ArgumentException($"SGD needs as many velocities and gradients as parameters ({length}); got {velocity.Length} and {gradients.Length}.");
        ref float p = ref MemoryMarshal.GetReference(parameters);
        ref float v = ref MemoryMarshal.GetReference(velocity);
        ref float g = ref MemoryMarshal.GetReference(gradients);
        int done = 0;
        if (path == SimdPath.Vector512 && length >= Vector512<float>.Count)
            done = Run<Vector512<float>, Vector512Ops>(ref p, ref v, ref g, length, learningRate, momentum, nesterov);
        else if (path != SimdPath.Scalar && length >= Vector256<float>.Count)
            done = Run<Vector256<float>, Vector256Ops>(ref p, ref v, ref g, length, learningRate, momentum, nesterov);
        // The tail is under one vector; the update is not idempotent, so it cannot overlap the last vector.
        Run<float, ScalarOps>(ref Unsafe.Add(ref p, done), ref Unsafe.Add(ref v, done), ref Unsafe.Add(ref g, done), length - done, learningRate, momentum, nesterov);
    }

    /// <summary>Updates the whole vectors at the start; returns how many elements it did.</summary>
    private static int Run<TVector, TOps>(ref float p, ref float v, ref float g, int length, float learningRate, float momentum, bool nesterov)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
    {
        int width = TOps.Count;
        int end = length - length % width;
        TVector m = TOps.Broadcast(momentum), step = TOps.Broadcast(-learningRate);
        for (int i = 0; i < end; i += width)
        {
            nuint at = (nuint)i;
            TVector gi = TOps.Load(ref g, at);
            TVector scaled = TOps.Multiply(step, gi);
            TVector vi = TOps.MultiplyAdd(m, TOps.Load(ref v, at), scaled);
            TOps.Store(vi, ref v, at);
            TVector pi = TOps.Load(ref p, at);
            TOps.Store(nesterov ? TOps.Add(TOps.MultiplyAdd(m, vi, pi), scaled) : TOps.Add(pi, vi), ref p, at);
        }
        return end;
    }
}
