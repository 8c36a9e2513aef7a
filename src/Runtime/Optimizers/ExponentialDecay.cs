using System.Text.Json;

namespace Compiled;

/// <summary>
/// tf.keras 2's <c>ExponentialDecay(initial_learning_rate, decay_steps, decay_rate, staircase=False)</c>:
/// <c>initial_learning_rate · decay_rate^(step / decay_steps)</c>, the exponent rounded down with <c>staircase</c>.
/// </summary>
public sealed class ExponentialDecay : LearningRateSchedule
{
    /// <param name="initialLearningRate">Keras's <c>initial_learning_rate</c>; positive.</param>
    /// <param name="decaySteps">Keras's <c>decay_steps</c>; positive.</param>
    /// <param name="decayRate">Keras's <c>decay_rate</c>, the factor per <paramref name="decaySteps"/> updates; positive.</param>
    /// <param name="staircase">Whether the rate drops in steps every <paramref name="decaySteps"/> updates rather than smoothly.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument outside its range; the message names it and the range.</exception>
    public ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate, bool staircase = false)
    {
        InitialLearningRate = OptimizerArguments.Positive(initialLearningRate, nameof(initialLearningRate), "initial_learning_rate");
        DecaySteps = decaySteps > 0 ? decaySteps : throw new ArgumentOutOfRangeException(nameof(decaySteps), decaySteps, $"decaySteps (Keras's decay_steps) must be positive; got {decaySteps}.");
        DecayRate = OptimizerArguments.Positive(decayRate, nameof(decayRate), "decay_rate");
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

    /// <inheritdoc/>
    public override string Name => "ExponentialDecay";

    /// <inheritdoc/>
    public override double Rate(long step)
    {
        double p = (double)step / DecaySteps;
        return InitialLearningRate * Math.Pow(DecayRate, Staircase ? Math.Floor(p) : p);
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
