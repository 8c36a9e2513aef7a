using System.Globalization;
using System.Text.Json;

namespace Compiled;

/// <summary>
/// <c>huber</c>: per row the mean over the last axis of, for each error <c>x = y_pred - y_true</c>,
/// <c>0.5 · x²</c> where <c>|x| ≤ delta</c> and <c>0.5 · delta² + delta · (|x| - delta)</c> elsewhere.
/// </summary>
public sealed class HuberLoss : Loss
{
    /// <summary>Keras's <c>Huber(delta)</c>.</summary>
    /// <param name="delta">Where the loss turns from quadratic to linear; Keras's default 1.0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is not a positive finite number.</exception>
    public HuberLoss(float delta = 1f)
    {
        if (!(delta > 0) || float.IsInfinity(delta))
            throw new ArgumentOutOfRangeException(nameof(delta), $"Huber's delta must be a positive finite number; got {delta.ToString(CultureInfo.InvariantCulture)}.");
        Delta = delta;
    }

    internal static LossKind Kind => new("huber", ["huber_loss"], "Huber", Huber,
        config => new HuberLoss((float)KerasLosses.Number(config, "delta", 1.0)));

    /// <summary>Where the loss turns from quadratic to linear.</summary>
    public float Delta { get; }

    /// <inheritdoc/>
    public override string Name => "huber";

    /// <inheritdoc/>
    public override string KerasClass => "Huber";

    private protected override string KerasInstanceName => "huber_loss";

    private protected override bool HasDefaultOptions => Delta == 1f;

    private protected override void WriteOptions(Utf8JsonWriter writer) => writer.WriteNumber("delta", (double)Delta);

    /// <inheritdoc/>
    protected override double Rows(ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, Span<float> gradient, int rows, int width, ReadOnlySpan<float> rowWeights)
        => EachRow(new MeanOverLastAxis<Element>(new Element(Delta)), predicted, expected, gradient, rows, width, rowWeights);

    private readonly struct Element(float delta) : IElementLoss
    {
        public double Term(float p, float t, out double derivative)
        {
            double x = (double)p - t;
            bool quadratic = Math.Abs(x) <= delta;
            derivative = quadratic ? x : delta * Math.Sign(x);
            return quadratic ? 0.5 * x * x : 0.5 * delta * delta + delta * (Math.Abs(x) - delta);
        }
    }
}
