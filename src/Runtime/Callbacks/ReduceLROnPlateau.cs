namespace Compiled;

/// <summary>
/// Keras's <c>ReduceLROnPlateau(monitor='val_loss', factor=0.1, patience=10, mode='auto', min_delta=1e-4,
/// cooldown=0, min_lr=0)</c>: multiplies the optimizer's learning rate by <c>factor</c> once the monitored value
/// has not improved for <c>patience</c> epochs, then waits <c>cooldown</c> epochs before counting again. As in
/// tf.keras 2, at every epoch's end:
/// <code>
/// logs['lr'] = lr
/// if cooldown_counter &gt; 0: cooldown_counter -= 1; wait = 0
/// if current &lt; best − min_delta: best = current; wait = 0          # 'min'; current &gt; best + min_delta for 'max'
/// elif cooldown_counter == 0:
///     wait += 1
///     if wait &gt;= patience and lr &gt; float32(min_lr): lr = max(lr · factor, min_lr); cooldown_counter = cooldown; wait = 0
/// </code>
/// The rate is <see cref="Optimizer.LearningRate"/>; an optimizer with a <see cref="LearningRateSchedule"/> is refused.
/// </summary>
public sealed class ReduceLROnPlateau : Callback
{
    private readonly bool _max;
    private int _cooldownCounter;

    /// <param name="monitor">The logged value to watch.</param>
    /// <param name="factor">What the rate is multiplied by; in (0, 1), as Keras requires <c>factor &lt; 1</c>.</param>
    /// <param name="patience">Epochs without improvement before the rate is reduced; not negative.</param>
    /// <param name="mode">Whether lower or higher is better; <see cref="MonitorMode.Auto"/> means higher when the name contains <c>acc</c> (Keras's rule for this callback).</param>
    /// <param name="minDelta">The least change that counts as an improvement.</param>
    /// <param name="cooldown">Epochs after a reduction during which no improvement is awaited; not negative.</param>
    /// <param name="minLr">The rate is never reduced below this; not negative.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument outside its range; the message names it.</exception>
    public ReduceLROnPlateau(string monitor = "val_loss", double factor = 0.1, int patience = 10, MonitorMode mode = MonitorMode.Auto, double minDelta = 1e-4, int cooldown = 0, double minLr = 0)
    {
        Monitor = Compiled.Monitor.RequireName(monitor);
        if (!(factor > 0 && factor < 1)) throw new ArgumentOutOfRangeException(nameof(factor), factor, $"ReduceLROnPlateau does not support a factor >= 1.0 (Keras's rule) or <= 0; got {factor}.");
        ArgumentOutOfRangeException.ThrowIfNegative(patience);
        ArgumentOutOfRangeException.ThrowIfNegative(cooldown);
        if (!(minLr >= 0)) throw new ArgumentOutOfRangeException(nameof(minLr), minLr, $"minLr must be 0 or more; got {minLr}.");
        if (double.IsNaN(minDelta)) throw new ArgumentOutOfRangeException(nameof(minDelta), "minDelta must be a number; got NaN.");
        (Factor, Patience, Mode, MinDelta, Cooldown, MinLr) = (factor, patience, mode, minDelta, cooldown, minLr);
        _max = Compiled.Monitor.IsMax(mode, monitor.Contains("acc", StringComparison.Ordinal));
    }

    /// <summary>Keras's <c>monitor</c>.</summary>
    public string Monitor { get; }

    /// <summary>Keras's <c>factor</c>.</summary>
    public double Factor { get; }

    /// <summary>Keras's <c>patience</c>.</summary>
    public int Patience { get; }

    /// <summary>Keras's <c>mode</c>.</summary>
    public MonitorMode Mode { get; }

    /// <summary>Keras's <c>min_delta</c>.</summary>
    public double MinDelta { get; }

    /// <summary>Keras's <c>cooldown</c>.</summary>
    public int Cooldown { get; }

    /// <summary>Keras's <c>min_lr</c>.</summary>
    public double MinLr { get; }

    /// <summary>The best monitored value so far.</summary>
    public double Best { get; private set; }

    /// <summary>Epochs counted without improvement, Keras's <c>wait</c>.</summary>
    public int Wait { get; private set; }

    /// <inheritdoc/>
    public override void OnTrainBegin(Logs logs)
    {
        LearningRates.Adjustable(RequireModel(), nameof(ReduceLROnPlateau));
        Best = _max ? double.NegativeInfinity : double.PositiveInfinity;
        _cooldownCounter = 0;
        Wait = 0;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, Logs logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        Optimizer optimizer = LearningRates.Adjustable(RequireModel(), nameof(ReduceLROnPlateau));
        logs.Set("lr", optimizer.LearningRate);
        double current = Compiled.Monitor.Value(logs, Monitor, nameof(ReduceLROnPlateau));
        if (_cooldownCounter > 0)
        {
            _cooldownCounter--;
            Wait = 0;
        }
        if (_max ? current > Best + MinDelta : current < Best - MinDelta)
        {
            Best = current;
            Wait = 0;
        }
        else if (_cooldownCounter == 0)
        {
            Wait++;
            if (Wait >= Patience)
            {
                double old = optimizer.LearningRate;
                // Keras compares the float32 rate with min_lr as a float32.
                if ((float)old > (float)MinLr)
                {
                    optimizer.LearningRate = Math.Max(old * Factor, MinLr);
                    _cooldownCounter = Cooldown;
                    Wait = 0;
                }
            }
        }
    }
}
