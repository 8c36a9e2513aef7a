namespace Compiled;

/// <summary>
/// tf.keras 2's <c>ExponentialDecay(initial_learning_rate, decay_steps, decay_rate, staircase=False)</c>:
/// <c>initial_learning_rate · decay_rate^(step / decay_steps)</c>, the exponent rounded down with <c>staircase</c>.
/// </summary>
public sealed class ExponentialDecay : DecayOverSteps
{
    /// <param name="initialLearningRate">Keras's <c>initial_learning_rate</c>; positive.</param>
    /// <param name="decaySteps">Keras's <c>decay_steps</c>; positive.</param>
    /// <param name="decayRate">Keras's <c>decay_rate</c>, the factor per <paramref name="decaySteps"/> updates; positive.</param>
    /// <param name="staircase">Whether the rate drops in steps every <paramref name="decaySteps"/> updates rather than smoothly.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument outside its range; the message names it and the range.</exception>
    public ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate, bool staircase = false)
        : base(initialLearningRate, decaySteps, OptimizerArguments.Positive(decayRate, nameof(decayRate), "decay_rate"), staircase)
    {
    }

    /// <inheritdoc/>
    public override string Name => "ExponentialDecay";

    /// <inheritdoc/>
    public override double Rate(long step) => InitialLearningRate * Math.Pow(DecayRate, Periods(step));
}
