namespace Compiled.Kernels;

/// <summary>Keras 2's hard sigmoid: <c>y = clip(0.2·x + 0.5, 0, 1)</c>; <c>dx = 0.2 · dy</c> where <c>0 &lt; y &lt; 1</c>, else 0.</summary>
public static class HardSigmoid
{
    /// <summary><c>y = clip(0.2·x + 0.5, 0, 1)</c>, element-wise; <paramref name="y"/> may be <paramref name="x"/>.</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y) => Forward(x, y, SimdPaths.Best);

    internal static void Forward(ReadOnlySpan<float> x, Span<float> y, SimdPath path) => ActivationDriver.Apply<HardSigmoidFunction>(x, y, path);

    /// <summary><c>dx = 0.2 · dy</c> where the forward output <paramref name="y"/> is strictly inside (0, 1); <paramref name="dx"/> may be <paramref name="dy"/>.</summary>
    public static void Backward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx) => Backward(y, dy, dx, SimdPaths.Best);

    internal static void Backward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, SimdPath path)
        => GradientDriver.Apply<HardSigmoidGradient>(y, dy, dx, path);
}
