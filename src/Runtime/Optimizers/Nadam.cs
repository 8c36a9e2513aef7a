using System.Text.Json;
using Compiled.Kernels;

namespace Compiled;

/// <summary>
/// tf.keras 2's <c>Nadam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7)</c>, Adam with Nesterov
/// momentum, following Dozat's momentum schedule <c>μₜ = β₁ · (1 − 0.5 · 0.96^(schedule_decay · t))</c> and its running
/// product <c>Πₜ = μ₁ · … · μₜ</c> (Keras's <c>momentum_cache</c>). With <c>t</c> the number of this update (1 for the
/// first) and the slots <c>m</c>, <c>v</c> starting at 0:
/// <code>
/// m     = β₁ · m + (1 − β₁) · g
/// v     = β₂ · v + (1 − β₂) · g²
/// m_bar = (1 − μₜ) · g / (1 − Πₜ) + μₜ₊₁ · m / (1 − Πₜ · μₜ₊₁)
/// p     = p − lr · m_bar / (√(v / (1 − β₂ᵗ)) + ε)
/// </code>
/// As in Keras, the learning rate does not decay: the <c>decay</c> Keras saves for Nadam is the schedule's.
/// </summary>
public sealed class Nadam : Optimizer
{
    // Keras's base of the momentum schedule, from Dozat's paper.
    private const double ScheduleBase = 0.96;

    private readonly OptimizerSlots _slots;
    // Πₜ for t = _productSteps; recomputed from the start when Iterations moved otherwise (a restored checkpoint),
    // so that a resumed run multiplies the same doubles in the same order as an uninterrupted one.
    private double _momentumProduct = 1;
    private long _productSteps;

    /// <param name="learningRate">Keras's <c>learning_rate</c>; positive.</param>
    /// <param name="beta1">Keras's <c>beta_1</c>, the decay of the running mean of gradients; in [0, 1).</param>
    /// <param name="beta2">Keras's <c>beta_2</c>, the decay of the running mean of squared gradients; in [0, 1).</param>
    /// <param name="epsilon">Keras's <c>epsilon</c>; positive.</param>
    /// <param name="scheduleDecay">Keras's <c>schedule_decay</c> (saved as <c>decay</c>), the pace of the momentum schedule; not negative.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument outside its range; the message names it and the range.</exception>
    public Nadam(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7, double scheduleDecay = 0.004)
    {
        LearningRate = OptimizerArguments.Positive(learningRate, nameof(learningRate), "learning_rate");
        Beta1 = OptimizerArguments.Fraction(beta1, nameof(beta1), "beta_1");
        Beta2 = OptimizerArguments.Fraction(beta2, nameof(beta2), "beta_2");
        Epsilon = OptimizerArguments.Positive(epsilon, nameof(epsilon), "epsilon");
        ScheduleDecay = OptimizerArguments.NotNegative(scheduleDecay, nameof(scheduleDecay), "schedule_decay");
        _slots = new OptimizerSlots(this, 2);
    }

    /// <summary>Keras's <c>beta_1</c>.</summary>
    public double Beta1 { get; }
    /// <summary>Keras's <c>beta_2</c>.</summary>
    public double Beta2 { get; }
    /// <summary>Keras's <c>epsilon</c>.</summary>
    public double Epsilon { get; }
    /// <summary>Keras's <c>schedule_decay</c>.</summary>
    public double ScheduleDecay { get; }

    /// <summary>Keras's <c>momentum_cache</c>: the product of the momentum schedule over the updates applied so far (1 before the first).</summary>
    public double MomentumCache => ProductThrough(Iterations);

    /// <summary>None: as Keras's Nadam, which refuses a schedule, since its momentum schedule already sets the pace.</summary>
    /// <exception cref="NotSupportedException">Setting a schedule.</exception>
    public override LearningRateSchedule? LearningRateSchedule
    {
        get => null;
        init => throw new NotSupportedException($"Nadam does not take a learning-rate schedule ({value?.Name}), as Keras's Nadam does not; give it a constant learningRate.");
    }

    /// <inheritdoc/>
    public override string Name => "Nadam";

    internal static OptimizerKind Kind { get; } = new("Nadam", "nadam", () => new Nadam(), s => new Nadam(
        s.LearningRate(0.001), s.Number("beta_1", 0.9), s.Number("beta_2", 0.999), s.Number("epsilon", 1e-7), s.Number("decay", s.Number("schedule_decay", 0.004))));

    /// <summary><c>m</c>, then <c>v</c>.</summary>
    public override IReadOnlyList<string> SlotNames => s_moments;

    private static readonly string[] s_moments = ["m", "v"];

    /// <inheritdoc/>
    public override ReadOnlySpan<float> GetSlot(int index) => index is 0 or 1 ? _slots[index] : base.GetSlot(index);

    /// <inheritdoc/>
    protected override void RestoreSlots(IReadOnlyList<float[]> slots) => _slots.Restore(slots);

    /// <summary>Keras saves the momentum schedule's product as <c>Nadam/momentum_cache:0</c>, after the iteration count.</summary>
    internal override IReadOnlyList<string> ScalarStateNames => s_momentumCache;

    private static readonly string[] s_momentumCache = ["momentum_cache"];

    internal override double GetScalarState(int index) => index == 0 ? MomentumCache : base.GetScalarState(index);

    /// <inheritdoc/>
    public override void WriteKerasConfig(Utf8JsonWriter writer)
    {
        MomentSettings.Write(writer, this, LearningRate, ScheduleDecay, Beta1, Beta2, Epsilon);
    }

    /// <inheritdoc/>
    public override void Apply(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        _slots.EnsureFor(parameters.Length, gradients.Length);
        long t = Iterations + 1;
        double momentum = MomentumAt(t), nextMomentum = MomentumAt(t + 1);
        double product = ProductThrough(t);
        var step = new NadamStep((float)LearningRate, (float)Beta1, (float)Beta2, (float)Epsilon,
            gradientWeight: (float)((1 - momentum) / (1 - product)),
            momentWeight: (float)(nextMomentum / (1 - product * nextMomentum)),
            varianceCorrection: (float)(1 / (1 - Math.Pow(Beta2, t))));
        FusedUpdate.Apply(step, parameters, gradients, _slots[0], _slots[1], [], SimdPaths.Best);
        Iterations++;
    }

    /// <summary>μₜ, the schedule's momentum at update <paramref name="t"/>.</summary>
    private double MomentumAt(long t) => Beta1 * (1 - 0.5 * Math.Pow(ScheduleBase, ScheduleDecay * t));

    /// <summary>Πₜ through update <paramref name="t"/>, extended from the last one computed, or from the start when <paramref name="t"/> is behind it.</summary>
    private double ProductThrough(long t)
    {
        if (t < _productSteps) (_momentumProduct, _productSteps) = (1, 0);
        for (; _productSteps < t; _productSteps++) _momentumProduct *= MomentumAt(_productSteps + 1);
        return _momentumProduct;
    }
}
