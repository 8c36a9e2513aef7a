using System.Globalization;
using System.Numerics.Tensors;
using System.Text.Json;

namespace Compiled;

/// <summary>
/// <c>categorical_crossentropy</c> as tf.keras 2 computes it, for one-hot (or soft) targets. Label smoothing first
/// makes each target <c>t · (1 - s) + s / classes</c>. On probabilities: <c>p = y_pred / sum(y_pred)</c>,
/// <c>p = clip(p, 1e-7, 1 - 1e-7)</c>, <c>loss = -sum(t · log p)</c>. On logits (<c>from_logits</c>, or after a softmax
/// output, whose logits it then starts from): <c>loss = sum(t · (logsumexp(z) - z))</c>, exact and never clipped.
/// </summary>
public sealed class CategoricalCrossentropyLoss : Loss
{
    /// <summary>Keras's <c>CategoricalCrossentropy(from_logits, label_smoothing)</c>.</summary>
    /// <param name="fromLogits">Whether the outputs are logits rather than probabilities; Keras's default false.</param>
    /// <param name="labelSmoothing">How much of each target to spread evenly over the classes, in [0, 1]; Keras's default 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="labelSmoothing"/> is outside [0, 1].</exception>
    public CategoricalCrossentropyLoss(bool fromLogits = false, float labelSmoothing = 0)
    {
        if (!(labelSmoothing is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), $"label_smoothing must be in [0, 1]; got {labelSmoothing.ToString(CultureInfo.InvariantCulture)}.");
        (FromLogits, LabelSmoothing) = (fromLogits, labelSmoothing);
    }

    internal static LossKind Kind => new("categorical_crossentropy", [], "CategoricalCrossentropy", CategoricalCrossentropy,
        config => new CategoricalCrossentropyLoss(KerasLosses.Flag(config, "from_logits", false), (float)KerasLosses.Number(config, "label_smoothing", 0)));

    /// <summary>Whether the outputs are logits rather than probabilities.</summary>
    public bool FromLogits { get; }

    /// <summary>How much of each target is spread evenly over the classes.</summary>
    public float LabelSmoothing { get; }

    /// <inheritdoc/>
    public override string Name => "categorical_crossentropy";

    /// <inheritdoc/>
    public override string KerasClass => "CategoricalCrossentropy";

    /// <summary>Softmax, unless the outputs are logits already.</summary>
    public override Activation? FusedActivation => FromLogits ? null : Activation.Softmax;

    private protected override bool HasDefaultOptions => !FromLogits && LabelSmoothing == 0;

    private protected override void WriteOptions(Utf8JsonWriter writer)
    {
        writer.WriteBoolean("from_logits", FromLogits);
        writer.WriteNumber("label_smoothing", (double)LabelSmoothing);
    }

    /// <inheritdoc/>
    protected override double Rows(ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, Span<float> gradient, int rows, int width, ReadOnlySpan<float> rowWeights)
        => FromLogits
            ? EachRow(new LogitKernel(LabelSmoothing), predicted, expected, gradient, rows, width, rowWeights)
            : EachRow(new ProbabilityKernel(LabelSmoothing), predicted, expected, gradient, rows, width, rowWeights);

    /// <inheritdoc/>
    protected override double LogitRows(ReadOnlySpan<float> logits, ReadOnlySpan<float> activated, ReadOnlySpan<float> expected, Span<float> gradient, int rows, int width, ReadOnlySpan<float> rowWeights)
        => EachLogitRow(new LogitKernel(LabelSmoothing), logits, activated, expected, gradient, rows, width, rowWeights);

    private readonly struct LogitKernel(float smoothing) : IRowLoss, ILogitRowLoss
    {
        public double Row(ReadOnlySpan<float> z, ReadOnlySpan<float> t, Span<float> g)
            => SoftmaxCrossentropy.Row(z, ReadOnlySpan<float>.Empty, t, smoothing, g);

        public double Row(ReadOnlySpan<float> z, ReadOnlySpan<float> softmax, ReadOnlySpan<float> t, Span<float> g)
            => SoftmaxCrossentropy.Row(z, softmax, t, smoothing, g);
    }

    private readonly struct ProbabilityKernel(float smoothing) : IRowLoss
    {
        public double Row(ReadOnlySpan<float> y, ReadOnlySpan<float> t, Span<float> g)
        {
            float sum = TensorPrimitives.Sum(y);
            float keep = 1 - smoothing, spread = smoothing / y.Length;
            // dL/dp_i = -t_i / p_i inside the clip range and 0 where clipped; then through p = y / sum(y):
            // dL/dy_j = (dL/dp_j - Σ_i dL/dp_i · p_i) / sum.
            double loss = 0, weighted = 0;
            for (int i = 0; i < y.Length; i++)
            {
                float p = y[i] / sum;
                float target = t[i] * keep + spread;
                bool clipped = p < Epsilon || p > 1 - Epsilon;
                float pc = Math.Clamp(p, Epsilon, 1 - Epsilon);
                loss -= target * Math.Log(pc);
                if (g.IsEmpty) continue;
                float dp = clipped ? 0f : -target / pc;
                g[i] = dp;
                weighted += dp * p;
            }
            if (!g.IsEmpty)
                for (int i = 0; i < y.Length; i++) g[i] = (float)((g[i] - weighted) / sum);
            return loss;
        }
    }
}
