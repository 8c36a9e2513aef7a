using System.Globalization;
using System.Text.Json;

namespace Compiled;

/// <summary>
/// <c>sparse_categorical_crossentropy</c> as tf.keras 2 computes it, for targets that are one class index per row
/// (<c>0 … classes - 1</c>, as whole numbers in the float targets) rather than one-hot rows. On probabilities:
/// <c>loss = -log(clip(p[y], 1e-7, 1 - 1e-7)) + log(sum(clip(p, 1e-7, 1 - 1e-7)))</c> (Keras takes the log of the
/// clipped probabilities as logits). On logits (<c>from_logits</c>, or after a softmax output, whose logits it then
/// starts from): <c>loss = logsumexp(z) - z[y]</c>, exact.
/// </summary>
public sealed class SparseCategoricalCrossentropyLoss : Loss
{
    /// <summary>Keras's <c>SparseCategoricalCrossentropy(from_logits)</c>.</summary>
    /// <param name="fromLogits">Whether the outputs are logits rather than probabilities; Keras's default false.</param>
    public SparseCategoricalCrossentropyLoss(bool fromLogits = false) => FromLogits = fromLogits;

    internal static LossKind Kind => new("sparse_categorical_crossentropy", [], "SparseCategoricalCrossentropy", SparseCategoricalCrossentropy,
        config => new SparseCategoricalCrossentropyLoss(KerasLosses.Flag(config, "from_logits", false)));

    /// <summary>Whether the outputs are logits rather than probabilities.</summary>
    public bool FromLogits { get; }

    /// <inheritdoc/>
    public override string Name => "sparse_categorical_crossentropy";

    /// <inheritdoc/>
    public override string KerasClass => "SparseCategoricalCrossentropy";

    /// <summary>True: one class index per row.</summary>
    public override bool TakesClassIndices => true;

    /// <summary>Softmax, unless the outputs are logits already.</summary>
    public override Activation? FusedActivation => FromLogits ? null : Activation.Softmax;

    private protected override bool HasDefaultOptions => !FromLogits;

    private protected override void WriteOptions(Utf8JsonWriter writer) => writer.WriteBoolean("from_logits", FromLogits);

    /// <summary>The class index a target holds for rows of <paramref name="classes"/> classes.</summary>
    /// <exception cref="ArgumentException">Not a whole number in <c>[0, classes)</c>.</exception>
    internal static int ClassIndex(float target, int classes)
        => target >= 0 && target < classes && target == MathF.Floor(target) ? (int)target
            : throw new ArgumentException($"sparse_categorical_crossentropy: the target {target.ToString(CultureInfo.InvariantCulture)} is not a class index; expected a whole number from 0 to {classes - 1}.");

    /// <inheritdoc/>
    protected override double Rows(ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, Span<float> gradient, int rows, int width, ReadOnlySpan<float> rowWeights)
        => FromLogits
            ? EachRow(new LogitKernel(), predicted, expected, gradient, rows, width, rowWeights)
            : EachRow(new ProbabilityKernel(), predicted, expected, gradient, rows, width, rowWeights);

    /// <inheritdoc/>
    protected override double LogitRows(ReadOnlySpan<float> logits, ReadOnlySpan<float> activated, ReadOnlySpan<float> expected, Span<float> gradient, int rows, int width, ReadOnlySpan<float> rowWeights)
        => EachLogitRow(new LogitKernel(), logits, activated, expected, gradient, rows, width, rowWeights);

    private readonly struct LogitKernel : IRowLoss, ILogitRowLoss
    {
        public double Row(ReadOnlySpan<float> z, ReadOnlySpan<float> t, Span<float> g)
            => SoftmaxCrossentropy.SparseRow(z, ReadOnlySpan<float>.Empty, ClassIndex(t[0], z.Length), g);

        public double Row(ReadOnlySpan<float> z, ReadOnlySpan<float> softmax, ReadOnlySpan<float> t, Span<float> g)
            => SoftmaxCrossentropy.SparseRow(z, softmax, ClassIndex(t[0], z.Length), g);
    }

    private readonly struct ProbabilityKernel : IRowLoss
    {
        public double Row(ReadOnlySpan<float> p, ReadOnlySpan<float> t, Span<float> g)
        {
            int label = ClassIndex(t[0], p.Length);
            double clippedSum = 0;
            for (int i = 0; i < p.Length; i++) clippedSum += Math.Clamp(p[i], Epsilon, 1 - Epsilon);
            float target = Math.Clamp(p[label], Epsilon, 1 - Epsilon);
            if (!g.IsEmpty)
            {
                // d/dp_i [log Σ clip(p) - log clip(p_y)] = (1 / Σ clip(p) - [i = y] / clip(p_y)) inside the clip range, else 0.
                for (int i = 0; i < p.Length; i++)
                {
                    bool clipped = p[i] < Epsilon || p[i] > 1 - Epsilon;
                    g[i] = clipped ? 0f : (float)(1 / clippedSum - (i == label ? 1.0 / target : 0));
                }
            }
            return Math.Log(clippedSum) - Math.Log(target);
        }
    }
}
