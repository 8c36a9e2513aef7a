using System.Numerics.Tensors;

namespace Compiled.Kernels;

/// <summary>Logistic sigmoid: <c>y = 1 / (1 + exp(-x))</c>; <c>dx = dy · y · (1 - y)</c>.</summary>
public static class Sigmoid
{
    /// <summary><c>y = 1 / (1 + exp(-x))</c>, element-wise.</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y)
    {
        // TensorPrimitives.Sigmoid rejects empty input, unlike its siblings; an empty batch is no error here.
        if (!x.IsEmpty) TensorPrimitives.Sigmoid(x, y);
    }

    /// <summary><c>dx = dy · y · (1 - y)</c> given the forward output <paramref name="y"/>; <paramref name="dx"/> may be <paramref name="dy"/>.</summary>
    public static void Backward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx) => Backward(y, dy, dx, SimdPaths.Best);

    internal static void Backward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, SimdPath path)
        => GradientDriver.Apply<SigmoidGradient>(y, dy, dx, path);
}
