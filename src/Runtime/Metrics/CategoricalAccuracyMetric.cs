using System.Numerics.Tensors;

namespace Compiled;

/// <summary><c>categorical_accuracy</c>: per row 1.0 when <c>argmax(y_true) == argmax(y_pred)</c>, else 0.0.</summary>
public sealed class CategoricalAccuracyMetric : Metric
{
    internal CategoricalAccuracyMetric() { }

    /// <inheritdoc/>
    public override string Name => "categorical_accuracy";

    /// <inheritdoc/>
    public override double Sum(ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, int rows, int width)
    {
        int hits = 0;
        for (int r = 0; r < rows; r++)
            if (TensorPrimitives.IndexOfMax(predicted.Slice(r * width, width)) == TensorPrimitives.IndexOfMax(expected.Slice(r * width, width)))
                hits++;
        return hits;
    }
}
