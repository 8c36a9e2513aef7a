using System.Numerics.Tensors;

namespace Compiled.Kernels;

/// <summary>
/// Softmax over the last axis: <c>y = exp(x - max(x)) / sum(exp(x - max(x)))</c> per row;
/// backward <c>dx = y · (dy - sum(dy · y))</c> per row.
/// </summary>
/// <remarks>The maximum is subtracted first (TensorPrimitives.SoftMax does not), so large logits never overflow.</remarks>
public static class Softmax
{
    /// <summary>Softmax of each of <paramref name="rows"/> rows of <paramref name="width"/> values; <paramref name="y"/> may be <paramref name="x"/>.</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, int rows, int width)
    {
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> xr = x.Slice(r * width, width);
            Span<float> yr = y.Slice(r * width, width);
            float max = TensorPrimitives.Max(xr);
            TensorPrimitives.Subtract(xr, max, yr);
            TensorPrimitives.Exp(yr, yr);
            TensorPrimitives.Divide(yr, TensorPrimitives.Sum(yr), yr);
        }
    }

    /// <summary>Gradient through softmax given its output <paramref name="y"/>; <paramref name="dx"/> may be <paramref name="dy"/>.</summary>
    public static void Backward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int rows, int width)
    {
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> yr = y.Slice(r * width, width);
            Span<float> dxr = dx.Slice(r * width, width);
            float dot = TensorPrimitives.Dot(dy.Slice(r * width, width), yr);
            TensorPrimitives.Subtract(dy.Slice(r * width, width), dot, dxr);
            TensorPrimitives.Multiply(dxr, yr, dxr);
        }
    }
}
