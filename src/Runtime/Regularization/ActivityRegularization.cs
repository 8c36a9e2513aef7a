namespace Compiled.Kernels;

/// <summary>
/// Keras's <c>activity_regularizer</c>, for the generated passes: the penalty of a layer's output, divided by the batch
/// size as tf.keras 2's <c>Layer._handle_activity_regularization</c> divides it, and its gradient added to the output's
/// gradient before the layer's own backward step. Only layers that set one call these.
/// </summary>
public static class ActivityRegularization
{
    /// <summary>The layer's activity regularizer, which the generator only asks for when the layer has one.</summary>
    private static Regularizer Of(LayerInfo layer)
        => layer.Regularizers.TryGetValue("activity_regularizer", out Regularizer? regularizer) ? regularizer
            : throw new InvalidOperationException($"Layer {layer.Name} has no activity_regularizer.");

    /// <summary><c>regularizer(output) / batch</c>, the loss Keras adds for the layer's output.</summary>
    public static double Penalty(LayerInfo layer, ReadOnlySpan<float> output, int batch)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return Of(layer).Penalty(output) / batch;
    }

    /// <summary>Adds the penalty's gradient with respect to the output, <c>(l1·sign(y) + 2·l2·y) / batch</c>, to <paramref name="outputGradient"/>.</summary>
    public static void AddGradient(LayerInfo layer, ReadOnlySpan<float> output, Span<float> outputGradient, int batch)
    {
        ArgumentNullException.ThrowIfNull(layer);
        Of(layer).AddGradient(output, outputGradient, 1f / batch);
    }

    /// <summary>
    /// For an output that is a softmax of logits whose gradient the loss wrote directly (the fused cross-entropy): adds
    /// the penalty's gradient carried back through the softmax, <c>y ⊙ (a − Σ y·a)</c> per row of
    /// <paramref name="width"/>, where <c>a</c> is the penalty's gradient with respect to <c>y</c>.
    /// </summary>
    public static void AddGradientThroughSoftmax(LayerInfo layer, ReadOnlySpan<float> output, Span<float> logitsGradient, int width, int batch)
    {
        ArgumentNullException.ThrowIfNull(layer);
        Regularizer regularizer = Of(layer);
        float l1 = regularizer.L1 / batch, twiceL2 = 2 * regularizer.L2 / batch;
        for (int row = 0; row + width <= output.Length; row += width)
        {
            ReadOnlySpan<float> y = output.Slice(row, width);
            double dot = 0;
            for (int j = 0; j < width; j++) dot += y[j] * (l1 * MathF.Sign(y[j]) + twiceL2 * y[j]);
            for (int j = 0; j < width; j++)
                logitsGradient[row + j] += y[j] * (float)(l1 * MathF.Sign(y[j]) + twiceL2 * y[j] - dot);
        }
    }
}
