using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Compiled.Kernels;

/// <summary>
/// An element-wise backward rule <c>dx = f(y, dy)</c> written once for every vector width; <c>y</c> is
/// the forward output, which is all ReLU, sigmoid and tanh need to know their derivative.
/// </summary>
internal interface IGradientOperator
{
    static abstract TVector Invoke<TVector, TOps>(TVector y, TVector dy)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>;
}

/// <summary>ReLU: <c>dx = dy</c> where <c>y &gt; 0</c>, else 0.</summary>
internal readonly struct ReluGradient : IGradientOperator
{
    public static TVector Invoke<TVector, TOps>(TVector y, TVector dy)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector> => TOps.WherePositive(y, dy);
}

/// <summary>Sigmoid: <c>dx = dy · y · (1 - y)</c>, written as <c>dy · (y - y²)</c>.</summary>
internal readonly struct SigmoidGradient : IGradientOperator
{
    public static TVector Invoke<TVector, TOps>(TVector y, TVector dy)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector> => TOps.Multiply(dy, TOps.Subtract(y, TOps.Multiply(y, y)));
}

/// <summary>Tanh: <c>dx = dy · (1 - y²)</c>, written as <c>dy - dy · y · y</c>.</summary>
internal readonly struct TanhGradient : IGradientOperator
{
    public static TVector Invoke<TVector, TOps>(TVector y, TVector dy)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector> => TOps.Subtract(dy, TOps.Multiply(TOps.Multiply(dy, y), y));
}

/// <summary>Keras 2's hard sigmoid: <c>dx = dy · 0.2</c> where <c>0 &lt; y &lt; 1</c>, else 0 (<see cref="HardSigmoidFunction"/>'s derivative).</summary>
internal readonly struct HardSigmoidGradient : IGradientOperator
{
    public static TVector Invoke<TVector, TOps>(TVector y, TVector dy)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector> => TOps.Multiply(dy, HardSigmoidFunction.Derivative<TVector, TOps>(y));
}

/// <summary>Runs an <see cref="IGradientOperator"/> over the length of <c>y</c>; <c>destination</c> may be <c>dy</c> itself.</summary>
internal static class GradientDriver
{
    public static void Apply<TOperator>(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> destination, SimdPath path)
        where TOperator : struct, IGradientOperator
    {
        int length = y.Length;
        if (dy.Length < length || destination.Length < length)
            throw new ArgumentException($"Gradient spans disagree: y has {y.Length}, dy has {dy.Length}, destination has {destination.Length} values.");
        if (length == 0) return; // Run reads and writes the last element, which an empty span does not have
        ref float ry = ref MemoryMarshal.GetReference(y);
        ref float rdy = ref MemoryMarshal.GetReference(dy);
        ref float rd = ref MemoryMarshal.GetReference(destination);
        if (path == SimdPath.Vector512 && length >= Vector512<float>.Count)
            Run<Vector512<float>, Vector512Ops, TOperator>(ref ry, ref rdy, ref rd, length);
        else if (path != SimdPath.Scalar && length >= Vector256<float>.Count)
            Run<Vector256<float>, Vector256Ops, TOperator>(ref ry, ref rdy, ref rd, length);
        else
            Run<float, ScalarOps, TOperator>(ref ry, ref rdy, ref rd, length);
    }

    /// <summary>
    /// The last, possibly overlapping, vector is computed before anything is written, so an in-place
    /// call (<c>destination</c> = <c>dy</c>) still reads only original values; there is no scalar tail.
    /// </summary>
    private static void Run<TVector, TOps, TOperator>(ref float y, ref float dy, ref float destination, int length)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
        where TOperator : struct, IGradientOperator
    {
        int width = TOps.Count;
        nuint lastOffset = (nuint)(length - width);
        TVector last = TOperator.Invoke<TVector, TOps>(TOps.Load(ref y, lastOffset), TOps.Load(ref dy, lastOffset));
        for (nuint i = 0; i < lastOffset; i += (nuint)width)
            TOps.Store(TOperator.Invoke<TVector, TOps>(TOps.Load(ref y, i), TOps.Load(ref dy, i)), ref destination, i);
        TOps.Store(last, ref destination, lastOffset);
    }
}
