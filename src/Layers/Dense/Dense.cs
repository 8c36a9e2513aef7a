using System.Runtime.Intrinsics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Numerics.Tensors;

namespace Compiled.Kernels;

/// <summary>
/// Fully connected layer on the last axis: <c>y = x · kernel + bias</c> with <c>x</c> of shape
/// <c>(rows, inputs)</c>, <c>kernel</c> of shape <c>(inputs, units)</c> as Keras stores it, <c>bias</c> of
/// shape <c>(units)</c> (empty when the layer has none).
/// </summary>
public static class Dense
{
    /// <summary><c>y = x · kernel + bias</c>.</summary>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias, Span<float> y, int rows, int inputs, int units)
    {
        y = y.Slice(0, rows * units);
        if (bias.IsEmpty)
            y.Clear();
        else
            for (int r = 0; r < rows; r++) bias.CopyTo(y.Slice(r * units, units));
        Gemm.MultiplyAdd(x, kernel, y, rows, inputs, units);
    }

    /// <summary>
    /// From <c>dy</c>: <c>dKernel = xᵀ · dy</c>, <c>dBias = Σrows dy</c> and <c>dx = dy · kernelᵀ</c>, each
    /// overwritten; an empty <paramref name="dBias"/> or <paramref name="dx"/> is skipped (the first layer
    /// needs no input gradient).
    /// </summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> dy,
        Span<float> dKernel, Span<float> dBias, Span<float> dx, int rows, int inputs, int units)
        => Backward(x, kernel, dy, dKernel, dBias, dx, rows, inputs, units, accumulate: false);

    /// <summary>
    /// As <see cref="Backward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, Span{float}, int, int, int)"/>;
    /// with <paramref name="accumulate"/> the input gradient is added to <paramref name="dx"/> rather than written over it,
    /// for a node that feeds several layers.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> dy,
        Span<float> dKernel, Span<float> dBias, Span<float> dx, int rows, int inputs, int units, bool accumulate)
    {
        dKernel = dKernel.Slice(0, inputs * units);
        dKernel.Clear();
        Gemm.MultiplyAddTransposedA(x, dy, dKernel, inputs, rows, units);
        if (!dBias.IsEmpty)
        {
            ColumnSums(dy, dBias.Slice(0, units), rows, units, SimdPaths.Best);
        }
        if (!dx.IsEmpty)
        {
            dx = dx.Slice(0, rows * inputs);
            if (!accumulate) dx.Clear();
            Gemm.MultiplyAddTransposedB(dy, kernel, dx, rows, units, inputs);
        }
    }

    /// <summary>
    /// <c>sums[j] = Σ_r values[r, j]</c>: each vector of columns is summed down the rows in a register, rows in
    /// order, so every path adds in the same order and gives the same bits. A call per row would cost more than
    /// the additions on the narrow layers of small networks.
    /// </summary>
    internal static void ColumnSums(ReadOnlySpan<float> values, Span<float> sums, int rows, int width, SimdPath path)
    {
        if (values.Length < (long)rows * width || sums.Length < width)
            throw new ArgumentException($"ColumnSums of {rows}x{width} needs {(long)rows * width} values and {width} sums; got {values.Length} and {sums.Length}.");
        if (width == 0) return;
        ref float from = ref MemoryMarshal.GetReference(values);
        ref float to = ref MemoryMarshal.GetReference(sums);
        if (path == SimdPath.Vector512 && width >= Vector512<float>.Count)
            ColumnSums<Vector512<float>, Vector512Ops>(ref from, ref to, rows, width);
        else if (path != SimdPath.Scalar && width >= Vector256<float>.Count)
            ColumnSums<Vector256<float>, Vector256Ops>(ref from, ref to, rows, width);
        else
            ColumnSums<float, ScalarOps>(ref from, ref to, rows, width);
    }

    private static void ColumnSums<TVector, TOps>(ref float values, ref float sums, int rows, int width)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
    {
        int count = TOps.Count;
        for (int column = 0; column < width; column += count)
        {
            // The last vector of columns overlaps the one before rather than leaving a scalar tail; it recomputes
            // those columns with the same additions in the same order, so they come out the same.
            nuint start = (nuint)Math.Min(column, width - count);
            TVector sum = TOps.Zero;
            for (int r = 0; r < rows; r++) sum = TOps.Add(sum, TOps.Load(ref values, (nuint)r * (nuint)width + start));
            TOps.Store(sum, ref sums, start);
        }
    }
}
