using System.Text.Json;
using Compiled.Kernels;

namespace Compiled;

/// <summary>
/// tf.keras 2's <c>Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False)</c>. With
/// <c>t</c> the number of this update (1 for the first) and the slots <c>m</c>, <c>v</c> (and <c>vhat</c>) starting at 0:
/// <code>
/// lr_t = lr / (1 + decay · (t − 1)) · √(1 − β₂ᵗ) / (1 − β₁ᵗ)
/// m    = β₁ · m + (1 − β₁) · g
/// v    = β₂ · v + (1 − β₂) · g²
/// vhat = max(vhat, v)                       # amsgrad
/// p    = p − lr_t · m / (√v + ε)            # √vhat with amsgrad
/// </code>
/// ε is added to the uncorrected √v, as TensorFlow's fused kernel adds it: the "epsilon hat" of the Adam paper.
/// </summary>
public sealed class Adam : Optimizer
{
    private readonly OptimizerSlots _slots;

    /// <param name="learningRate">Keras's <c>learning_rate</c>; positive.</param>
    /// <param name="beta1">Keras's <c>beta_1</c>, the decay of the running mean of gradients; in [0, 1).</param>
    /// <param name="beta2">Keras's <c>beta_2</c>, the decay of the running mean of squared gradients; in [0, 1).</param>
    /// <param name="epsilon">Keras's <c>epsilon</c>, added to the square root of <c>v</c>; positive.</param>
    /// <param name="amsgrad">Whether to divide by the largest <c>v</c> seen so far (AMSGrad) rather than the current one.</param>
    /// <param name="decay">Keras's legacy time-based decay of the learning rate, <c>lr / (1 + decay · iterations)</c>; not negative.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument outside its range; the message names it and the range.</exception>
    public Adam(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7, bool amsgrad = false, double decay = 0.0)
    {
        LearningRate = OptimizerArguments.Positive(learningRate, nameof(learningRate), "learning_rate");
        Beta1 = OptimizerArguments.Fraction(beta1, nameof(beta1), "beta_1");
        Beta2 = OptimizerArguments.Fraction(beta2, nameof(beta2), "beta_2");
        Epsilon = OptimizerArguments.Positive(epsilon, nameof(epsilon), "epsilon");
        Decay = OptimizerArguments.NotNegative(decay, nameof(decay), "decay");
        Amsgrad = amsgrad;
        _slots = new OptimizerSlots(this, amsgrad ? 3 : 2);
    }

    /// <summary>Keras's <c>beta_1</c>.</summary>
    public double Beta1 { get; }
    /// <summary>Keras's <c>beta_2</c>.</summary>
    public double Beta2 { get; }
    /// <summary>Keras's <c>epsilon</c>.</summary>
    public double Epsilon { get; }
    /// <summary>Keras's <c>amsgrad</c>.</summary>
    public bool Amsgrad { get; }
    /// <summary>Keras's legacy <c>decay</c>.</summary>
    public double Decay { get; }

    /// <summary>The learning rate the next update starts from before bias correction, <c>lr / (1 + decay · iterations)</c>, the schedule's rate at <c>iterations</c> in place of <c>lr</c> when it has one.</summary>
    public double CurrentLearningRate => ScheduledRate(LearningRate) / (1 + Decay * Iterations);

    /// <inheritdoc/>
    public override string Name => "Adam";

    internal static OptimizerKind Kind { get; } = new("Adam", "adam", () => new Adam(), s => new Adam(
        s.LearningRate(0.001), s.Number("beta_1", 0.9), s.Number("beta_2", 0.999), s.Number("epsilon", 1e-7), s.Flag("amsgrad", false), s.Number("decay", 0)) { LearningRateSchedule = s.Schedule() });

    /// <summary><c>m</c> and <c>v</c>, and <c>vhat</c> with amsgrad, in the order tf.keras creates them.</summary>
    public override IReadOnlyList<string> SlotNames => Amsgrad ? s_withVhat : s_moments;

    private static readonly string[] s_moments = ["m", "v"], s_withVhat = ["m", "v", "vhat"];

    /// <inheritdoc/>
    public override ReadOnlySpan<float> GetSlot(int index) => index >= 0 && index < SlotNames.Count ? _slots[index] : base.GetSlot(index);

    /// <inheritdoc/>
    protected override void RestoreSlots(IReadOnlyList<float[]> slots) => _slots.Restore(slots);

    /// <inheritdoc/>
    public override void WriteKerasConfig(Utf8JsonWriter writer)
    {
        MomentSettings.Write(writer, this, LearningRate, Decay, Beta1, Beta2, Epsilon);
        writer.WriteBoolean("amsgrad", Amsgrad);
    }

    /// <inheritdoc/>
    public override void Apply(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        _slots.EnsureFor(parameters.Length, gradients.Length);
        long t = Iterations + 1;
        double stepSize = CurrentLearningRate * Math.Sqrt(1 - Math.Pow(Beta2, t)) / (1 - Math.Pow(Beta1, t));
        FusedUpdate.Apply(new AdamStep((float)stepSize, (float)Beta1, (float)Beta2, (float)Epsilon, Amsgrad),
            parameters, gradients, _slots[0], _slots[1], _slots[2], SimdPaths.Best);
        Iterations++;
    }
}
