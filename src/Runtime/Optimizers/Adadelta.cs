using System.Text.Json;
using Compiled.Kernels;

namespace Compiled;

/// <summary>
/// tf.keras 2's <c>Adadelta(learning_rate=0.001, rho=0.95, epsilon=1e-7)</c> (Keras's mnist_cnn example passes
/// <c>learning_rate=1.0</c>, the rate of the Adadelta paper). With the slots <c>accum_grad</c> and <c>accum_var</c>
/// starting at 0 and <c>lr_t = lr / (1 + decay · iterations)</c>:
/// <code>
/// accum_grad = ρ · accum_grad + (1 − ρ) · g²
/// update     = √(accum_var + ε) / √(accum_grad + ε) · g
/// accum_var  = ρ · accum_var + (1 − ρ) · update²
/// p          = p − lr_t · update
/// </code>
/// </summary>
public sealed class Adadelta : Optimizer
{
    private readonly OptimizerSlots _slots;

    /// <param name="learningRate">Keras's <c>learning_rate</c>; positive.</param>
    /// <param name="rho">Keras's <c>rho</c>, the decay of both running means; in [0, 1).</param>
    /// <param name="epsilon">Keras's <c>epsilon</c>; positive.</param>
    /// <param name="decay">Keras's legacy time-based decay of the learning rate; not negative.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument outside its range; the message names it and the range.</exception>
    public Adadelta(double learningRate = 0.001, double rho = 0.95, double epsilon = 1e-7, double decay = 0.0)
    {
        LearningRate = OptimizerArguments.Positive(learningRate, nameof(learningRate), "learning_rate");
        Rho = OptimizerArguments.Fraction(rho, nameof(rho), "rho");
        Epsilon = OptimizerArguments.Positive(epsilon, nameof(epsilon), "epsilon");
        Decay = OptimizerArguments.NotNegative(decay, nameof(decay), "decay");
        _slots = new OptimizerSlots(this, 2);
    }

    /// <summary>Keras's <c>rho</c>.</summary>
    public double Rho { get; }
    /// <summary>Keras's <c>epsilon</c>.</summary>
    public double Epsilon { get; }
    /// <summary>Keras's legacy <c>decay</c>.</summary>
    public double Decay { get; }

    /// <summary>The learning rate the next update will use, <c>lr / (1 + decay · iterations)</c>, the schedule's rate at <c>iterations</c> in place of <c>lr</c> when it has one.</summary>
    public double CurrentLearningRate => ScheduledRate(LearningRate) / (1 + Decay * Iterations);

    /// <inheritdoc/>
    public override string Name => "Adadelta";

    internal static OptimizerKind Kind { get; } = new("Adadelta", "adadelta", () => new Adadelta(), s => new Adadelta(
        s.LearningRate(0.001), s.Number("rho", 0.95), s.Number("epsilon", 1e-7), s.Number("decay", 0)) { LearningRateSchedule = s.Schedule() });

    /// <summary><c>accum_grad</c>, then <c>accum_var</c>.</summary>
    public override IReadOnlyList<string> SlotNames => s_accumulators;

    private static readonly string[] s_accumulators = ["accum_grad", "accum_var"];

    /// <inheritdoc/>
    public override ReadOnlySpan<float> GetSlot(int index) => index is 0 or 1 ? _slots[index] : base.GetSlot(index);

    /// <inheritdoc/>
    protected override void RestoreSlots(IReadOnlyList<float[]> slots) => _slots.Restore(slots);

    /// <inheritdoc/>
    public override void WriteKerasConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteLearningRate(writer, LearningRate);
        writer.WritePythonFloat("decay", Decay);
        writer.WritePythonFloat("rho", Rho);
        writer.WritePythonFloat("epsilon", Epsilon);
    }

    /// <inheritdoc/>
    public override void Apply(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        _slots.EnsureFor(parameters.Length, gradients.Length);
        FusedUpdate.Apply(new AdadeltaStep((float)CurrentLearningRate, (float)Rho, (float)Epsilon), parameters, gradients, _slots[0], _slots[1], [], SimdPaths.Best);
        Iterations++;
    }
}
