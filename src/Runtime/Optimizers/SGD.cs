using System.Numerics.Tensors;
using System.Text.Json;

namespace Compiled;

/// <summary>
/// Keras 2's <c>SGD(lr=0.01, momentum=0.0, decay=0.0, nesterov=False)</c>. With <c>t</c> the number of
/// updates already applied and the velocity <c>v</c> starting at 0:
/// <code>
/// lr_t = lr / (1 + decay * t)
/// v    = momentum * v - lr_t * g
/// p    = p + momentum * v - lr_t * g   # nesterov
/// p    = p + v                         # otherwise
/// </code>
/// </summary>
public sealed class SGD : Optimizer
{
    private float[] _velocity = [];

    /// <param name="lr">Learning rate; positive.</param>
    /// <param name="momentum">Momentum in <c>[0, 1)</c>; 0 is plain gradient descent.</param>
    /// <param name="decay">Keras 2's legacy time-based decay of the learning rate; not negative.</param>
    /// <param name="nesterov">Whether to apply Nesterov momentum.</param>
    public SGD(double lr = 0.01, double momentum = 0.0, double decay = 0.0, bool nesterov = false)
    {
        if (!(lr > 0)) throw new ArgumentOutOfRangeException(nameof(lr), $"lr must be positive; got {lr}.");
        if (!(momentum >= 0 && momentum < 1)) throw new ArgumentOutOfRangeException(nameof(momentum), $"momentum must be in [0, 1); got {momentum}.");
        if (!(decay >= 0)) throw new ArgumentOutOfRangeException(nameof(decay), $"decay must be non-negative; got {decay}.");
        (LearningRate, Momentum, Decay, Nesterov) = (lr, momentum, decay, nesterov);
    }

    /// <summary>Momentum.</summary>
    public double Momentum { get; }
    /// <summary>Legacy time-based decay.</summary>
    public double Decay { get; }
    /// <summary>Whether Nesterov momentum is applied.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc/>
    public override string Name => "SGD";

    /// <summary>SGD's Keras names, and how a file's settings make one (<c>lr</c> before tf.keras 2, <c>learning_rate</c> since).</summary>
    internal static OptimizerKind Kind { get; } = new("SGD", "sgd", () => new SGD(), s => new SGD(
        s.LearningRate(0.01), s.Number("momentum", 0), s.Number("decay", 0), s.Flag("nesterov", false)) { LearningRateSchedule = s.Schedule() });

    /// <summary>The velocity, one value per parameter (empty until the first update, and without momentum).</summary>
    public ReadOnlySpan<float> Velocity => _velocity;

    /// <summary>The learning rate the next update will use, <c>lr / (1 + decay * iterations)</c>, the schedule's rate at <c>iterations</c> in place of <c>lr</c> when it has one.</summary>
    public double CurrentLearningRate => ScheduledRate(LearningRate) / (1 + Decay * Iterations);

    /// <summary>
    /// Puts back the state a checkpoint saved: the number of updates applied (which sets the decayed learning
    /// rate) and the velocity, so that training resumes exactly where it stopped, as Keras's <c>load_model</c>
    /// restores <c>optimizer.iterations</c> and the momentum slots.
    /// </summary>
    /// <param name="iterations">Updates already applied; not negative.</param>
    /// <param name="velocity">One value per parameter, or empty when the optimizer has no momentum (or has not updated yet).</param>
    /// <exception cref="ArgumentException">A velocity given without momentum, or a negative iteration count.</exception>
    public void RestoreState(long iterations, ReadOnlySpan<float> velocity)
    {
        if (iterations < 0) throw new ArgumentOutOfRangeException(nameof(iterations), $"iterations must not be negative; got {iterations}.");
        if (Momentum == 0 && !velocity.IsEmpty)
            throw new ArgumentException($"This SGD has no momentum, so it keeps no velocity; got {velocity.Length} velocity values.", nameof(velocity));
        _velocity = velocity.ToArray();
        Iterations = iterations;
    }

    /// <summary>With momentum, one slot: the velocity, which Keras calls <c>momentum</c>; without, none.</summary>
    public override IReadOnlyList<string> SlotNames => Momentum == 0 ? [] : s_momentumSlot;

    private static readonly string[] s_momentumSlot = ["momentum"];

    /// <inheritdoc/>
    public override ReadOnlySpan<float> GetSlot(int index)
        => index == 0 && Momentum != 0 ? _velocity : base.GetSlot(index);

    /// <inheritdoc/>
    protected override void RestoreSlots(IReadOnlyList<float[]> slots)
    {
        ArgumentNullException.ThrowIfNull(slots);
        _velocity = slots.Count == 0 ? [] : slots[0].ToArray();
    }

    /// <inheritdoc/>
    public override void WriteKerasConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteLearningRate(writer, LearningRate);
        writer.WritePythonFloat("decay", Decay);
        writer.WritePythonFloat("momentum", Momentum);
        writer.WriteBoolean("nesterov", Nesterov);
    }

    /// <inheritdoc/>
    public override void Apply(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        if (gradients.Length != parameters.Length)
            throw new ArgumentException($"Got {gradients.Length} gradients for {parameters.Length} parameters.", nameof(gradients));
        float step = -(float)CurrentLearningRate;
        if (Momentum == 0)
        {
            TensorPrimitives.MultiplyAdd(gradients, step, parameters, parameters);
        }
        else
        {
            if (_velocity.Length != parameters.Length)
            {
                if (Iterations != 0)
                    throw new InvalidOperationException($"This SGD holds momentum for {_velocity.Length} parameters and cannot update {parameters.Length}; give each model its own optimizer.");
                _velocity = new float[parameters.Length];
            }
            Kernels.SgdStep.Apply(parameters, _velocity, gradients, (float)CurrentLearningRate, (float)Momentum, Nesterov);
        }
        Iterations++;
    }
}
