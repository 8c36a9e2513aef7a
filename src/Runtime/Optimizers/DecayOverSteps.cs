using System.Text.Json;

namespace Compiled;

/// <summary>
/// What tf.keras 2's <c>ExponentialDecay</c> and <c>InverseTimeDecay</c> share: an initial rate decayed by <c>decay_rate</c>
/// over periods of <c>decay_steps</c> updates, whole periods only with <c>staircase</c>, and the same saved settings.
/// </summary>
public abstract class DecayOverSteps : LearningRateSchedule
{
    /// <summary>Checks and keeps the settings; <paramref name="decayRate"/> is checked by the schedule, whose range differs.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A rate or step count that is not positive; the message names it.</exception>
    private protected DecayOverSteps(double initialLearningRate, long decaySteps, double decayRate, bool staircase)
    {
        InitialLearningRate = OptimizerArguments.Positive(initialLearningRate, nameof(initialLearningRate), "initial_learning_rate");
        DecaySteps = decaySteps > 0 ? decaySteps : throw new ArgumentOutOfRangeException(nameof(decaySteps), decaySteps, $"decaySteps (Keras's decay_steps) must be positive; got {decaySteps}.");
        DecayRate = decayRate;
        Staircase = staircase;
    }

    /// <summary>Keras's <c>initial_learning_rate</c>.</summary>
    public double InitialLearningRate { get; }
    /// <summary>Keras's <c>decay_steps</c>.</summary>
    public long DecaySteps { get; }
    /// <summary>Keras's <c>decay_rate</c>.</summary>
    public double DecayRate { get; }
    /// <summary>Keras's <c>staircase</c>.</summary>
    public bool Staircase { get; }

    /// <summary>The decay periods elapsed after <paramref name="step"/> updates: <c>step / decay_steps</c>, rounded down with <see cref="Staircase"/>.</summary>
    private protected double Periods(long step)
    {
        double periods = (double)step / DecaySteps;
        return Staircase ? Math.Floor(periods) : periods;
    }

    /// <inheritdoc/>
    public override void WriteKerasConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePythonFloat("initial_learning_rate", InitialLearningRate);
        writer.WriteNumber("decay_steps", DecaySteps);
        writer.WritePythonFloat("decay_rate", DecayRate);
        writer.WriteBoolean("staircase", Staircase);
        writer.WriteNull("name");
    }
}
