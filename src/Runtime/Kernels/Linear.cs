namespace Compiled.Kernels;

/// <summary>Identity activation: <c>y = x</c>; <c>dx = dy</c>.</summary>
public static class Linear
{
    /// <summary><c>y = x</c>; a no-op when both are the same memory.</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y)
    {
        if (!x.Overlaps(y, out int offset) || offset != 0) x.CopyTo(y);
    }

    /// <summary><c>dx = dy</c>.</summary>
    public static void Backward(ReadOnlySpan<float> dy, Span<float> dx) => Forward(dy, dx);
}
