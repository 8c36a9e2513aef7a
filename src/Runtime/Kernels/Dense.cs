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
            ColumnSums(dy, dBias.Slice(0, units), rows, units);
        }
        if (!dx.IsEmpty)
        {
            dx = dx.Slice(0, rows * inputs);
            if (!accumulate) dx.Clear();
            Gemm.MultiplyAddTransposedB(dy, kernel, dx, rows, units, inputs);
        }
    }

    /// <summary><c>sums[j] = Σ_r values[r, j]</c>; narrow rows in a plain loop, where a call per row would dominate.</summary>
    private static void ColumnSums(ReadOnlySpan<float> values, Span<float> sums, int rows, int width)
    {
        sums.Clear();
        if (width >= Softmax.SmallWidth)
        {
            for (int r = 0; r < rows; r++) TensorPrimitives.Add(sums, values.Slice(r * width, width), sums);
            return;
        }
        ref float from = ref MemoryMarshal.GetReference(values.Slice(0, rows * width));
        ref float to = ref MemoryMarshal.GetReference(sums);
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < width; j++) Unsafe.Add(ref to, j) += Unsafe.Add(ref from, r * width + j);
    }
}
