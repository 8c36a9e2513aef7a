using System.Numerics.Tensors;

namespace Compiled.Kernels;

/// <summary>Rectified linear unit: <c>y = max(x, 0)</c>; <c>dx = dy</c> where <c>y &gt; 0</c>, else 0.</summary>
public static class Relu
{
    /// <summary><c>y = max(x, 0)</c>, element-wise; <paramref name="y"/> may be <paramref name="x"/>.</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Max(x, 0f, y);

    /// <summary>Turns <paramref name="dy"/> into <c>dx</c> in <paramref name="dx"/> (which may be <paramref name="dy"/>), given the forward output <paramref name="y"/>.</summary>
    public static void Backward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx) => Backward(y, dy, dx, SimdPaths.Best);

    internal static void Backward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, SimdPath path)
        => GradientDriver.Apply<ReluGradient>(y, dy, dx, path);
}
