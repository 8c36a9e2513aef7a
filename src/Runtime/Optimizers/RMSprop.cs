using System.Text.Json;
using Compiled.Kernels;

namespace Compiled;

/// <summary>
/// tf.keras 2's <c>RMSprop(learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False)</c>, the
/// optimizer of Keras's mnist_mlp example. With the slots <c>rms</c>, <c>momentum</c> and <c>mg</c> starting at 0 and
/// <c>lr_t = lr / (1 + decay · iterations)</c>; without momentum:
/// <code>
/// rms = ρ · rms + (1 − ρ) · g²
/// mg  = ρ · mg + (1 − ρ) · g                         # centered
/// p   = p − lr_t · g / (√(rms − mg²) + ε)            # − mg² when centered
/// </code>
/// with momentum, as TensorFlow's fused kernel does it, ε moves inside the square root:
/// <code>
/// mom = μ · mom + lr_t · g / √(rms − mg² + ε)
/// p   = p − mom
/// </code>
/// </summary>
public sealed class RMSprop : Optimizer
{
    private readonly OptimizerSlots _slots;
    private readonly string[] _slotNames;

    /// <param name="learningRate">Keras's <c>learning_rate</c>; positive.</param>
    /// <param name="rho">Keras's <c>rho</c>, the decay of the running mean of squared gradients; in [0, 1).</param>
    /// <param name="momentum">Keras's <c>momentum</c>; in [0, 1), 0 for none.</param>
    /// <param name="epsilon">Keras's <c>epsilon</c>; positive.</param>
    /// <param name="centered">Whether to divide by the gradients' estimated variance rather than their mean square.</param>
    /// <param name="decay">Keras's legacy time-based decay of the learning rate; not negative.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument outside its range; the message names it and the range.</exception>
    public RMSprop(double learningRate = 0.001, double rho = 0.9, double momentum = 0.0, double epsilon = 1e-7, bool centered = false, double decay = 0.0)
    {
        LearningRate = OptimizerArguments.Positive(learningRate, nameof(learningRate), "learning_rate");
        Rho = OptimizerArguments.Fraction(rho, nameof(rho), "rho");
        Momentum = OptimizerArguments.Fraction(momentum, nameof(momentum), "momentum");
        Epsilon = OptimizerArguments.Positive(epsilon, nameof(epsilon), "epsilon");
        Decay = OptimizerArguments.NotNegative(decay, nameof(decay), "decay");
        Centered = centered;
        // tf.keras creates rms for every variable, then momentum when it is positive, then mg when centered.
        _slotNames = ["rms", .. momentum > 0 ? ["momentum"] : Array.Empty<string>(), .. centered ? ["mg"] : Array.Empty<string>()];
        _slots = new OptimizerSlots(this, _slotNames.Length);
    }

    /// <summary>Keras's <c>rho</c>.</summary>
    public double Rho { get; }
    /// <summary>Keras's <c>momentum</c>.</summary>
    public double Momentum { get; }
    /// <summary>Keras's <c>epsilon</c>.</summary>
    public double Epsilon { get; }
    /// <summary>Keras's <c>centered</c>.</summary>
    public bool Centered { get; }
    /// <summary>Keras's legacy <c>decay</c>.</summary>
    public double Decay { get; }

    /// <summary>The learning rate the next update will use, <c>lr / (1 + decay · iterations)</c>, the schedule's rate at <c>iterations</c> in place of <c>lr</c> when it has one.</summary>
    public double CurrentLearningRate => ScheduledRate(LearningRate) / (1 + Decay * Iterations);

    /// <inheritdoc/>
    public override string Name => "RMSprop";

    internal static OptimizerKind Kind { get; } = new("RMSprop", "rmsprop", () => new RMSprop(), s => new RMSprop(
        s.LearningRate(0.001), s.Number("rho", 0.9), s.Number("momentum", 0), s.Number("epsilon", 1e-7), s.Flag("centered", false), s.Number("decay", 0)) { LearningRateSchedule = s.Schedule() });

    /// <summary><c>rms</c>, then <c>momentum</c> when momentum is positive, then <c>mg</c> when centered.</summary>
    public override IReadOnlyList<string> SlotNames => _slotNames;

    /// <inheritdoc/>
    public override ReadOnlySpan<float> GetSlot(int index) => index >= 0 && index < _slotNames.Length ? _slots[index] : base.GetSlot(index);

    /// <inheritdoc/>
    protected override void RestoreSlots(IReadOnlyList<float[]> slots) => _slots.Restore(slots);

    /// <inheritdoc/>
    public override void WriteKerasConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteLearningRate(writer, LearningRate);
        writer.WritePythonFloat("decay", Decay);
        writer.WritePythonFloat("rho", Rho);
        writer.WritePythonFloat("momentum", Momentum);
        writer.WritePythonFloat("epsilon", Epsilon);
        writer.WriteBoolean("centered", Centered);
    }

    /// <inheritdoc/>
    public override void Apply(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        _slots.EnsureFor(parameters.Length, gradients.Length);
        FusedUpdate.Apply(new RmspropStep((float)CurrentLearningRate, (float)Rho, (float)Momentum, (float)Epsilon, Centered),
            parameters, gradients, _slots[0], _slots[1], _slots[2], SimdPaths.Best);
        Iterations++;
    }
}
