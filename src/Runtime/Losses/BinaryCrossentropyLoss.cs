using System.Globalization;
using System.Text.Json;

namespace Compiled;

/// <summary>
/// <c>binary_crossentropy</c> as tf.keras 2 computes it, per row the mean over the last axis of each output's
/// cross-entropy against a target in [0, 1]. Label smoothing first makes each target <c>t · (1 - s) + 0.5 · s</c>. On
/// probabilities: <c>p = clip(y_pred, 1e-7, 1 - 1e-7)</c>, <c>-(t · log(p + 1e-7) + (1 - t) · log(1 - p + 1e-7))</c>.
/// On logits (<c>from_logits</c>, or after a sigmoid output, whose logits it then starts from):
/// <c>max(z, 0) - z · t + log(1 + exp(-|z|))</c>, exact and never clipped.
/// </summary>
public sealed class BinaryCrossentropyLoss : Loss
{
    /// <summary>Keras's <c>BinaryCrossentropy(from_logits, label_smoothing)</c>.</summary>
    /// <param name="fromLogits">Whether the outputs are logits rather than probabilities; Keras's default false.</param>
    /// <param name="labelSmoothing">How far to pull each target towards 0.5, in [0, 1]; Keras's default 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="labelSmoothing"/> is outside [0, 1].</exception>
    public BinaryCrossentropyLoss(bool fromLogits = false, float labelSmoothing = 0)
    {
        if (!(labelSmoothing is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), $"label_smoothing must be in [0, 1]; got {labelSmoothing.ToString(CultureInfo.InvariantCulture)}.");
        (FromLogits, LabelSmoothing) = (fromLogits, labelSmoothing);
    }

    internal static LossKind Kind => new("binary_crossentropy", ["bce"], "BinaryCrossentropy", BinaryCrossentropy,
        config => new BinaryCrossentropyLoss(KerasLosses.Flag(config, "from_logits", false), (float)KerasLosses.Number(config, "label_smoothing", 0)));

    /// <summary>Whether the outputs are logits rather than probabilities.</summary>
    public bool FromLogits { get; }

    /// <summary>How far each target is pulled towards 0.5.</summary>
    public float LabelSmoothing { get; }

    /// <inheritdoc/>
    public override string Name => "binary_crossentropy";

    /// <inheritdoc/>
    public override string KerasClass => "BinaryCrossentropy";

    /// <summary>Sigmoid, unless the outputs are logits already.</summary>
    public override Activation? FusedActivation => FromLogits ? null : Activation.Sigmoid;

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
        public double Row(ReadOnlySpan<float> z, ReadOnlySpan<float> t, Span<float> g) => Row(z, ReadOnlySpan<float>.Empty, t, g);

        public double Row(ReadOnlySpan<float> z, ReadOnlySpan<float> sigmoid, ReadOnlySpan<float> t, Span<float> g)
        {
            double sum = 0;
            for (int i = 0; i < z.Length; i++)
            {
                double x = z[i], target = t[i] * (1 - smoothing) + 0.5f * smoothing;
                sum += Math.Max(x, 0) - x * target + Math.Log(1 + Math.Exp(-Math.Abs(x)));
                if (g.IsEmpty) continue;
                double s = sigmoid.IsEmpty ? 1 / (1 + Math.Exp(-x)) : sigmoid[i];
                g[i] = (float)((s - target) / z.Length);
            }
            return sum / z.Length;
        }
    }

    private readonly struct ProbabilityKernel(float smoothing) : IRowLoss
    {
        public double Row(ReadOnlySpan<float> p, ReadOnlySpan<float> t, Span<float> g)
        {
            double sum = 0;
            for (int i = 0; i < p.Length; i++)
            {
                double target = t[i] * (1 - smoothing) + 0.5f * smoothing;
                float pc = Math.Clamp(p[i], Epsilon, 1 - Epsilon);
                double up = (double)pc + Epsilon, down = 1.0 - pc + Epsilon;
                sum -= target * Math.Log(up) + (1 - target) * Math.Log(down);
                if (g.IsEmpty) continue;
                bool clipped = p[i] < Epsilon || p[i] > 1 - Epsilon;
                g[i] = clipped ? 0f : (float)((-target / up + (1 - target) / down) / p.Length);
            }
            return sum / p.Length;
        }
    }
}
