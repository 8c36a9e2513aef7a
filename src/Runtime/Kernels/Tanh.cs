using System.Numerics.Tensors;

namespace Compiled.Kernels;

/// <summary>Hyperbolic tangent: <c>y = tanh(x)</c>; <c>dx = dy · (1 - y²)</c>.</summary>
public static class Tanh
{
    /// <summary><c>y = tanh(x)</c>, element-wise.</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Tanh(x, y);

    /// <summary><c>dx = dy · (1 - y²)</c> given the forward output <paramref name="y"/>; <paramref name="dx"/> may be <paramref name="dy"/>.</summary>
    public static void Backward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx) => Backward(y, dy, dx, SimdPaths.Best);

    internal static void Backward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, SimdPath path)
        => GradientDriver.Apply<TanhGradient>(y, dy, dx, path);
}
