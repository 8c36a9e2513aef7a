namespace Compiled;

/// <summary>
/// Keras's <c>EarlyStopping(monitor='val_loss', min_delta=0, patience=0, mode='auto', baseline=None,
/// restore_best_weights=False, start_from_epoch=0)</c>: stops training once the monitored value has not improved
/// for <c>patience</c> epochs, with tf.keras 2.15's rules (the last Keras 2):
/// <code>
/// improved = current + min_delta &lt; best        # 'min'; current − min_delta &gt; best for 'max'
/// wait += 1
/// if improved: best = current; snapshot weights; wait = 0 unless a baseline is set and not beaten
/// elif wait &gt;= patience and epoch &gt; 0: stop, restoring the best epoch's weights when restore_best_weights
/// </code>
/// With <c>restoreBestWeights</c>, the weights are restored only when this callback stops training: when the
/// epochs run out first, the model keeps the last epoch's weights, exactly as tf.keras 2 does. The snapshot holds
/// <see cref="Model.Parameters"/> and <see cref="Model.NonTrainableParameters"/> (Keras's <c>get_weights()</c>).
/// </summary>
public sealed class EarlyStopping : Callback
{
    private readonly bool _max;
    private readonly double _signedMinDelta;
    private float[] _bestParameters = [];
    private float[] _bestNonTrainable = [];
    private bool _haveBestWeights;

    /// <param name="monitor">The logged value to watch, Keras's <c>monitor</c>.</param>
    /// <param name="minDelta">The least change that counts as an improvement; its sign is ignored, as Keras's <c>abs(min_delta)</c>.</param>
    /// <param name="patience">Epochs without improvement after which training stops; not negative.</param>
    /// <param name="mode">Whether lower or higher is better; <see cref="MonitorMode.Auto"/> means higher for names ending in <c>acc</c>, <c>accuracy</c> or <c>auc</c>, lower otherwise (tf.keras 2.15's rule).</param>
    /// <param name="baseline">A value to beat: until the monitored value improves past it, the patience keeps running out.</param>
    /// <param name="restoreBestWeights">Whether stopping puts back the weights of the best epoch.</param>
    /// <param name="startFromEpoch">Epochs (counted from 0) to let pass before monitoring starts, Keras's <c>start_from_epoch</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative patience or start epoch, or a minDelta or baseline that is NaN.</exception>
    public EarlyStopping(string monitor = "val_loss", double minDelta = 0, int patience = 0, MonitorMode mode = MonitorMode.Auto, double? baseline = null, bool restoreBestWeights = false, int startFromEpoch = 0)
    {
        Monitor = Compiled.Monitor.RequireName(monitor);
        if (double.IsNaN(minDelta)) throw new ArgumentOutOfRangeException(nameof(minDelta), "minDelta must be a number; got NaN.");
        if (baseline is double b && double.IsNaN(b)) throw new ArgumentOutOfRangeException(nameof(baseline), "baseline must be a number or null; got NaN.");
        ArgumentOutOfRangeException.ThrowIfNegative(patience);
        ArgumentOutOfRangeException.ThrowIfNegative(startFromEpoch);
        (MinDelta, Patience, Mode, Baseline, RestoreBestWeights, StartFromEpoch) = (Math.Abs(minDelta), patience, mode, baseline, restoreBestWeights, startFromEpoch);
        _max = Compiled.Monitor.IsMax(mode, monitor.EndsWith("acc", StringComparison.Ordinal) || monitor.EndsWith("accuracy", StringComparison.Ordinal) || monitor.EndsWith("auc", StringComparison.Ordinal));
        _signedMinDelta = _max ? MinDelta : -MinDelta;
    }

    /// <summary>Keras's <c>monitor</c>.</summary>
    public string Monitor { get; }

    /// <summary>Keras's <c>min_delta</c>, not negative.</summary>
    public double MinDelta { get; }

    /// <summary>Keras's <c>patience</c>.</summary>
    public int Patience { get; }

    /// <summary>Keras's <c>mode</c>.</summary>
    public MonitorMode Mode { get; }

    /// <summary>Keras's <c>baseline</c>.</summary>
    public double? Baseline { get; }

    /// <summary>Keras's <c>restore_best_weights</c>.</summary>
    public bool RestoreBestWeights { get; }

    /// <summary>Keras's <c>start_from_epoch</c>.</summary>
    public int StartFromEpoch { get; }

    /// <summary>Epochs since the last improvement, Keras's <c>wait</c>.</summary>
    public int Wait { get; private set; }

    /// <summary>The epoch (from 0) at which this callback stopped training; 0 when it has not, as in Keras.</summary>
    public int StoppedEpoch { get; private set; }

    /// <summary>The best monitored value so far, Keras's <c>best</c>.</summary>
    public double Best { get; private set; }

    /// <summary>The epoch (from 0) of <see cref="Best"/>, Keras's <c>best_epoch</c>.</summary>
    public int BestEpoch { get; private set; }

    /// <inheritdoc/>
    public override void OnTrainBegin(Logs logs)
    {
        Wait = 0;
        StoppedEpoch = 0;
        Best = _max ? double.NegativeInfinity : double.PositiveInfinity;
        BestEpoch = 0;
        _haveBestWeights = false;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, Logs logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        double current = Compiled.Monitor.Value(logs, Monitor, nameof(EarlyStopping));
        if (epoch < StartFromEpoch) return;
        Model model = RequireModel();
        // Keras keeps the first monitored epoch's weights, so that stopping without any improvement restores something.
        if (RestoreBestWeights && !_haveBestWeights) Snapshot(model);
        Wait++;
        if (IsImprovement(current, Best))
        {
            Best = current;
            BestEpoch = epoch;
            if (RestoreBestWeights) Snapshot(model);
            // Only a value that also beats the baseline restarts the patience.
            if (Baseline is not double baseline || IsImprovement(current, baseline)) Wait = 0;
            return;
        }
        if (Wait >= Patience && epoch > 0)
        {
            StoppedEpoch = epoch;
            model.StopTraining = true;
            if (RestoreBestWeights && _haveBestWeights)
            {
                _bestParameters.CopyTo(model.Parameters);
                _bestNonTrainable.CopyTo(model.NonTrainableParameters);
            }
        }
    }

    private bool IsImprovement(double value, double reference)
        => _max ? value - _signedMinDelta > reference : value - _signedMinDelta < reference;

    private void Snapshot(Model model)
    {
        if (_bestParameters.Length != model.Parameters.Length) _bestParameters = new float[model.Parameters.Length];
        if (_bestNonTrainable.Length != model.NonTrainableParameters.Length) _bestNonTrainable = new float[model.NonTrainableParameters.Length];
        model.Parameters.CopyTo(_bestParameters);
        model.NonTrainableParameters.CopyTo(_bestNonTrainable);
        _haveBestWeights = true;
    }
}
