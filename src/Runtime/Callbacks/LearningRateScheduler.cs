namespace Compiled;

/// <summary>
/// Keras's <c>LearningRateScheduler(schedule)</c>: at the start of every epoch sets the optimizer's learning rate
/// to <c>schedule(epoch, lr)</c>, the epoch counted from 0 and <c>lr</c> the current rate, and logs the rate as
/// <c>lr</c> at the epoch's end.
/// <code>
/// new LearningRateScheduler((epoch, lr) =&gt; epoch &lt; 10 ? lr : lr * Math.Exp(-0.1))
/// </code>
/// The rate is <see cref="Optimizer.LearningRate"/>; an optimizer with a <see cref="LearningRateSchedule"/> is refused.
/// </summary>
public sealed class LearningRateScheduler : Callback
{
    private readonly Func<int, double, double> _schedule;

    /// <param name="schedule">The epoch (from 0) and the current rate to the new rate, a positive finite number.</param>
    public LearningRateScheduler(Func<int, double, double> schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        _schedule = schedule;
    }

    /// <param name="schedule">The epoch (from 0) to the rate, a positive finite number (Keras's one-argument schedule).</param>
    public LearningRateScheduler(Func<int, double> schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        _schedule = (epoch, _) => schedule(epoch);
    }

    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, Logs logs)
    {
        Optimizer optimizer = LearningRates.Adjustable(RequireModel(), nameof(LearningRateScheduler));
        double rate = _schedule(epoch, optimizer.LearningRate);
        if (!(rate > 0 && double.IsFinite(rate)))
            throw new InvalidOperationException($"The schedule gave the learning rate {rate} for epoch {epoch}; it must return a positive finite number.");
        optimizer.LearningRate = rate;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, Logs logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        logs.Set("lr", LearningRates.Adjustable(RequireModel(), nameof(LearningRateScheduler)).LearningRate);
    }
}
