using System.Text.Json;
using Compiled.Kernels;

namespace Compiled;

/// <summary>
/// tf.keras 2's <c>Adagrad(learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7)</c>. With the slot
/// <c>accumulator</c> starting at <c>initial_accumulator_value</c> and <c>lr_t = lr / (1 + decay · iterations)</c>:
/// <code>
/// accumulator = accumulator + g²
/// p           = p − lr_t · g / (√accumulator + ε)
/// </code>
/// </summary>
public sealed class Adagrad : Optimizer
{
    private readonly OptimizerSlots _slots;

    /// <param name="learningRate">Keras's <c>learning_rate</c>; positive.</param>
    /// <param name="initialAccumulatorValue">Keras's <c>initial_accumulator_value</c>, every accumulator's starting value; not negative.</param>
    /// <param name="epsilon">Keras's <c>epsilon</c>; positive.</param>
    /// <param name="decay">Keras's legacy time-based decay of the learning rate; not negative.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument outside its range; the message names it and the range.</exception>
    public Adagrad(double learningRate = 0.001, double initialAccumulatorValue = 0.1, double epsilon = 1e-7, double decay = 0.0)
    {
        LearningRate = OptimizerArguments.Positive(learningRate, nameof(learningRate), "learning_rate");
        InitialAccumulatorValue = OptimizerArguments.NotNegative(initialAccumulatorValue, nameof(initialAccumulatorValue), "initial_accumulator_value");
        Epsilon = OptimizerArguments.Positive(epsilon, nameof(epsilon), "epsilon");
        Decay = OptimizerArguments.NotNegative(decay, nameof(decay), "decay");
        _slots = new OptimizerSlots(this, 1, (float)initialAccumulatorValue);
    }

    /// <summary>Keras's <c>initial_accumulator_value</c>.</summary>
    public double InitialAccumulatorValue { get; }
    /// <summary>Keras's <c>epsilon</c>.</summary>
    public double Epsilon { get; }
    /// <summary>Keras's legacy <c>decay</c>.</summary>
    public double Decay { get; }

    /// <summary>The learning rate the next update will use, <c>lr / (1 + decay · iterations)</c>, the schedule's rate at <c>iterations</c> in place of <c>lr</c> when it has one.</summary>
    public double CurrentLearningRate => ScheduledRate(LearningRate) / (1 + Decay * Iterations);

    /// <inheritdoc/>
    public override string Name => "Adagrad";

    internal static OptimizerKind Kind { get; } = new("Adagrad", "adagrad", () => new Adagrad(), s => new Adagrad(
        s.LearningRate(0.001), s.Number("initial_accumulator_value", 0.1), s.Number("epsilon", 1e-7), s.Number("decay", 0)) { LearningRateSchedule = s.Schedule() });

    /// <summary>One slot, <c>accumulator</c>.</summary>
    public override IReadOnlyList<string> SlotNames => s_accumulator;

    private static readonly string[] s_accumulator = ["accumulator"];

    /// <inheritdoc/>
    public override ReadOnlySpan<float> GetSlot(int index) => index == 0 ? _slots[0] : base.GetSlot(index);

    internal override float InitialSlotValue(int index) => _slots.InitialValue(index);

    /// <inheritdoc/>
    protected override void RestoreSlots(IReadOnlyList<float[]> slots) => _slots.Restore(slots);

    /// <inheritdoc/>
    public override void WriteKerasConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteLearningRate(writer, LearningRate);
        writer.WritePythonFloat("decay", Decay);
        writer.WritePythonFloat("initial_accumulator_value", InitialAccumulatorValue);
        writer.WritePythonFloat("epsilon", Epsilon);
    }

    /// <inheritdoc/>
    public override void Apply(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        _slots.EnsureFor(parameters.Length, gradients.Length);
        FusedUpdate.Apply(new AdagradStep((float)CurrentLearningRate, (float)Epsilon), parameters, gradients, _slots[0], [], [], SimdPaths.Best);
        Iterations++;
    }
}
