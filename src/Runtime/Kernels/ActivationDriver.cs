using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Compiled.Kernels;

/// <summary>Maps an <see cref="IActivationFunction"/> over a span; <c>y</c> may be <c>x</c> itself.</summary>
internal static class ActivationDriver
{
    public static void Apply<TFunction>(ReadOnlySpan<float> x, Span<float> y, SimdPath path)
        where TFunction : struct, IActivationFunction
    {
        int length = x.Length;
        if (y.Length < length)
            throw new ArgumentException($"The output holds {y.Length} values; the input has {length}.", nameof(y));
        if (length == 0) return;
        ref float rx = ref MemoryMarshal.GetReference(x);
        ref float ry = ref MemoryMarshal.GetReference(y);
        if (path == SimdPath.Vector512 && length >= Vector512<float>.Count)
            Run<Vector512<float>, Vector512Ops, TFunction>(ref rx, ref ry, length);
        else if (path != SimdPath.Scalar && length >= Vector256<float>.Count)
            Run<Vector256<float>, Vector256Ops, TFunction>(ref rx, ref ry, length);
        else
            Run<float, ScalarOps, TFunction>(ref rx, ref ry, length);
    }

    /// <summary>The last, possibly overlapping, vector is computed before anything is written, so an in-place call reads only inputs.</summary>
    private static void Run<TVector, TOps, TFunction>(ref float x, ref float y, int length)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
        where TFunction : struct, IActivationFunction
    {
        int width = TOps.Count;
        nuint lastOffset = (nuint)(length - width);
        TVector last = TFunction.Apply<TVector, TOps>(TOps.Load(ref x, lastOffset));
        for (nuint i = 0; i < lastOffset; i += (nuint)width)
            TOps.Store(TFunction.Apply<TVector, TOps>(TOps.Load(ref x, i)), ref y, i);
        TOps.Store(last, ref y, lastOffset);
    }
}
