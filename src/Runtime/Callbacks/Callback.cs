namespace Compiled;

/// <summary>
/// Keras's <c>keras.callbacks.Callback</c>: hooks <c>Fit</c> calls at the start and end of training, of each epoch
/// and of each training batch. Override the hooks you need; the others do nothing.
/// <code>
/// model.Fit(x, y, epochs: 50, validationData: (xVal, yVal),
///     callbacks: [new EarlyStopping(patience: 3, restoreBestWeights: true)]);
/// </code>
/// The order of one <c>Fit</c> is Keras's: <see cref="OnTrainBegin"/>; per epoch <see cref="OnEpochBegin"/>, per batch
/// <see cref="OnTrainBatchBegin"/> and <see cref="OnTrainBatchEnd"/>, then validation, then <see cref="OnEpochEnd"/>;
/// finally <see cref="OnTrainEnd"/>. Callbacks run in the order given, before the model's <see cref="History"/>
/// and the progress bar, so values a callback adds to the epoch's logs (<c>lr</c>) are recorded and shown.
/// Setting <see cref="Model.StopTraining"/> ends training after the current batch's hooks (from a batch hook) or
/// after the current epoch (from an epoch hook), as Keras's <c>model.stop_training = True</c> does.
/// </summary>
/// <remarks>
/// A <see cref="Logs"/> given to a hook is a view valid during that call only: <c>Fit</c> reuses it so that the
/// batch hooks allocate nothing. Copy the values a callback keeps.
/// </remarks>
public abstract class Callback
{
    /// <summary>The model being trained, Keras's <c>self.model</c>: set by <c>Fit</c> before <see cref="OnTrainBegin"/>.</summary>
    public Model? Model { get; set; }

    /// <summary>Keras's <c>on_train_begin(logs)</c>, before the first epoch; <paramref name="logs"/> is empty.</summary>
    public virtual void OnTrainBegin(Logs logs)
    {
    }

    /// <summary>Keras's <c>on_train_end(logs)</c>, after the last epoch; <paramref name="logs"/> holds the last epoch's values (empty when no epoch ran).</summary>
    public virtual void OnTrainEnd(Logs logs)
    {
    }

    /// <summary>Keras's <c>on_epoch_begin(epoch, logs)</c>; <paramref name="epoch"/> counts from 0 (from <c>initialEpoch</c>), <paramref name="logs"/> is empty.</summary>
    public virtual void OnEpochBegin(int epoch, Logs logs)
    {
    }

    /// <summary>
    /// Keras's <c>on_epoch_end(epoch, logs)</c>: <paramref name="logs"/> holds the epoch's mean <c>loss</c> and
    /// metrics and, with validation data, <c>val_loss</c> and the <c>val_</c> metrics.
    /// </summary>
    public virtual void OnEpochEnd(int epoch, Logs logs)
    {
    }

    /// <summary>Keras's <c>on_train_batch_begin(batch, logs)</c>; <paramref name="batch"/> counts from 0 in each epoch, <paramref name="logs"/> is empty.</summary>
    public virtual void OnTrainBatchBegin(int batch, Logs logs)
    {
    }

    /// <summary>Keras's <c>on_train_batch_end(batch, logs)</c>: <paramref name="logs"/> holds the running means of <c>loss</c> and the metrics over the epoch's batches so far.</summary>
    public virtual void OnTrainBatchEnd(int batch, Logs logs)
    {
    }

    /// <summary>The model this callback is attached to; a clear error when it is used outside <c>Fit</c>.</summary>
    protected Model RequireModel()
        => Model ?? throw new InvalidOperationException($"{GetType().Name} is not attached to a model; Fit sets Callback.Model before training begins (set it yourself to call the hooks directly).");
}
