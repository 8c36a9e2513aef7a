using System.Numerics.Tensors;

namespace Compiled;

/// <summary><c>mean_squared_error</c>: per row <c>mean((y_pred - y_true)²)</c> over the last axis.</summary>
public sealed class MeanSquaredErrorLoss : Loss
{
    internal MeanSquaredErrorLoss() { }

    /// <inheritdoc/>
    public override string Name => "mean_squared_error";

    /// <inheritdoc/>
    public override double Compute(ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, Span<float> gradient, int rows, int width)
    {
        int n = rows * width;
        Span<float> g = gradient.Slice(0, n);
        TensorPrimitives.Subtract(predicted.Slice(0, n), expected.Slice(0, n), g);
        double total = (double)TensorPrimitives.SumOfSquares<float>(g) / width;
        TensorPrimitives.Multiply(g, 2f / n, g);
        return total;
    }

    /// <inheritdoc/>
    public override double Sum(ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, int rows, int width)
    {
        double total = 0;
        for (int i = 0; i < rows * width; i++)
        {
            double d = predicted[i] - expected[i];
            total += d * d;
        }
        return total / width;
    }
}
