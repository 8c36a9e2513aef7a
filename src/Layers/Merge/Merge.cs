using System.Numerics.Tensors;

namespace Compiled.Kernels;

/// <summary>
/// The element-wise merge layers (Add, Subtract, Multiply, Average, Maximum) and the gradient
/// bookkeeping a graph needs where one node feeds several others.
/// </summary>
public static class Merge
{
    /// <summary><c>z = x + y</c>; <paramref name="z"/> may be either input.</summary>
    public static void Add(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> z) => TensorPrimitives.Add(x, y, z);

    /// <summary><c>z = x - y</c>; <paramref name="z"/> may be either input.</summary>
    public static void Subtract(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> z) => TensorPrimitives.Subtract(x, y, z);

    /// <summary><c>z = x · y</c>; <paramref name="z"/> may be either input.</summary>
    public static void Multiply(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> z) => TensorPrimitives.Multiply(x, y, z);

    /// <summary><c>z = max(x, y)</c>; <paramref name="z"/> may be either input.</summary>
    public static void Maximum(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> z) => TensorPrimitives.Max(x, y, z);

    /// <summary><c>z = x · factor</c>; <paramref name="z"/> may be <paramref name="x"/>.</summary>
    public static void Scale(ReadOnlySpan<float> x, float factor, Span<float> z) => TensorPrimitives.Multiply(x, factor, z);

    /// <summary><c>z = -x</c>; <paramref name="z"/> may be <paramref name="x"/>.</summary>
    public static void Negate(ReadOnlySpan<float> x, Span<float> z) => TensorPrimitives.Negate(x, z);

    /// <summary>
    /// <c>gradient += contribution</c>: how a node that feeds several layers sums what each sends back.
    /// </summary>
    public static void Accumulate(ReadOnlySpan<float> contribution, Span<float> gradient) => TensorPrimitives.Add(gradient, contribution, gradient);

    /// <summary>
    /// One input's share of a Maximum's gradient. Call it for the inputs in order with
    /// <paramref name="unclaimed"/> starting as the output's gradient: an element's gradient goes to the first
    /// input equal to the maximum and is then cleared, so ties are broken the way TensorFlow breaks them.
    /// </summary>
    /// <param name="x">This input's values.</param>
    /// <param name="maximum">The Maximum's output.</param>
    /// <param name="unclaimed">The gradient not yet given to an earlier input; cleared where this input takes it.</param>
    /// <param name="dx">This input's gradient.</param>
    public static void MaximumBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> maximum, Span<float> unclaimed, Span<float> dx)
    {
        if (maximum.Length != x.Length || unclaimed.Length != x.Length || dx.Length != x.Length)
            throw new ArgumentException($"MaximumBackward needs spans of one length; got x {x.Length}, maximum {maximum.Length}, unclaimed {unclaimed.Length}, dx {dx.Length}.");
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] == maximum[i])
            {
                dx[i] = unclaimed[i];
                unclaimed[i] = 0;
            }
            else
            {
                dx[i] = 0;
            }
        }
    }
}
