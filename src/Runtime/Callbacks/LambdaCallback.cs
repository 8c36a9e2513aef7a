namespace Compiled;

/// <summary>
/// Keras's <c>LambdaCallback(on_epoch_begin, on_epoch_end, on_batch_begin, on_batch_end, on_train_begin,
/// on_train_end)</c>: a callback made of the functions given, for the small jobs that do not deserve a class.
/// <code>
/// new LambdaCallback(onEpochEnd: (epoch, logs) =&gt; Console.WriteLine($"{epoch}: {logs["loss"]}"))
/// </code>
/// </summary>
/// <param name="onEpochBegin">Called with the epoch (from 0) and its logs at each epoch's start.</param>
/// <param name="onEpochEnd">Called with the epoch and its logs at each epoch's end.</param>
/// <param name="onBatchBegin">Called with the batch (from 0 in each epoch) and its logs before each training batch.</param>
/// <param name="onBatchEnd">Called with the batch and its logs after each training batch.</param>
/// <param name="onTrainBegin">Called with the logs at the start of training.</param>
/// <param name="onTrainEnd">Called with the logs at the end of training.</param>
public sealed class LambdaCallback(
    Action<int, Logs>? onEpochBegin = null,
    Action<int, Logs>? onEpochEnd = null,
    Action<int, Logs>? onBatchBegin = null,
    Action<int, Logs>? onBatchEnd = null,
    Action<Logs>? onTrainBegin = null,
    Action<Logs>? onTrainEnd = null) : Callback
{
    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, Logs logs) => onEpochBegin?.Invoke(epoch, logs);

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, Logs logs) => onEpochEnd?.Invoke(epoch, logs);

    /// <inheritdoc/>
    public override void OnTrainBatchBegin(int batch, Logs logs) => onBatchBegin?.Invoke(batch, logs);

    /// <inheritdoc/>
    public override void OnTrainBatchEnd(int batch, Logs logs) => onBatchEnd?.Invoke(batch, logs);

    /// <inheritdoc/>
    public override void OnTrainBegin(Logs logs) => onTrainBegin?.Invoke(logs);

    /// <inheritdoc/>
    public override void OnTrainEnd(Logs logs) => onTrainEnd?.Invoke(logs);
}
