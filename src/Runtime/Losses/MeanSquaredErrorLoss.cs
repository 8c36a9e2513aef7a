using System.Numerics.Tensors;

namespace Compiled;

/// <summary><c>mean_squared_error</c> (<c>mse</c>): per row <c>mean((y_pred - y_true)²)</c> over the last axis.</summary>
public sealed class MeanSquaredErrorLoss : Loss
{
    internal MeanSquaredErrorLoss() { }

    internal static LossKind Kind => LossKind.Plain(MeanSquaredError, "mse");

    /// <inheritdoc/>
    public override string Name => "mean_squared_error";

    /// <inheritdoc/>
    public override string KerasClass => "MeanSquaredError";

    /// <inheritdoc/>
    protected override double Rows(ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, Span<float> gradient, int rows, int width, ReadOnlySpan<float> rowWeights)
        => EachRow(new Kernel(), predicted, expected, gradient, rows, width, rowWeights);

    private readonly struct Kernel : IRowLoss
    {
        public double Row(ReadOnlySpan<float> p, ReadOnlySpan<float> t, Span<float> g)
        {
            if (g.IsEmpty)
            {
                double sum = 0;
                for (int i = 0; i < p.Length; i++)
                {
                    double d = p[i] - t[i];
                    sum += d * d;
                }
                return sum / p.Length;
            }
            // d/dp mean((p - t)²) = 2 (p - t) / width.
            TensorPrimitives.Subtract(p, t, g);
            double loss = (double)TensorPrimitives.SumOfSquares<float>(g) / p.Length;
            TensorPrimitives.Multiply(g, 2f / p.Length, g);
            return loss;
        }
    }
}
