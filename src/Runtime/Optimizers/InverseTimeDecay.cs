namespace Compiled;

/// <summary>
/// tf.keras 2's <c>InverseTimeDecay(initial_learning_rate, decay_steps, decay_rate, staircase=False)</c>:
/// <c>initial_learning_rate / (1 + decay_rate · step / decay_steps)</c>, <c>step / decay_steps</c> rounded down with <c>staircase</c>.
/// </summary>
public sealed class InverseTimeDecay : DecayOverSteps
{
    /// <param name="initialLearningRate">Keras's <c>initial_learning_rate</c>; positive.</param>
    /// <param name="decaySteps">Keras's <c>decay_steps</c>; positive.</param>
    /// <param name="decayRate">Keras's <c>decay_rate</c>; not negative.</param>
    /// <param name="staircase">Whether the rate drops in steps every <paramref name="decaySteps"/> updates rather than smoothly.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument outside its range; the message names it and the range.</exception>
    public InverseTimeDecay(double initialLearningRate, long decaySteps, double decayRate, bool staircase = false)
        : base(initialLearningRate, decaySteps, OptimizerArguments.NotNegative(decayRate, nameof(decayRate), "decay_rate"), staircase)
    {
    }

    /// <inheritdoc/>
    public override string Name => "InverseTimeDecay";

    /// <inheritdoc/>
    public override double Rate(long step) => InitialLearningRate / (1 + DecayRate * Periods(step));
}
