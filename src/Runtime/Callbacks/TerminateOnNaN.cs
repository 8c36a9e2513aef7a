namespace Compiled;

/// <summary>
/// Keras's <c>TerminateOnNaN()</c>: stops training after the first batch whose running loss is NaN or infinite,
/// writing <c>Batch 12: Invalid loss, terminating training</c> to the console (or the writer given).
/// </summary>
/// <param name="output">Where the message goes; the console by default.</param>
public sealed class TerminateOnNaN(TextWriter? output = null) : Callback
{
    /// <inheritdoc/>
    public override void OnTrainBatchEnd(int batch, Logs logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        if (logs.TryGetValue("loss", out double loss) && !double.IsFinite(loss))
        {
            (output ?? Console.Out).WriteLine($"Batch {batch}: Invalid loss, terminating training");
            RequireModel().StopTraining = true;
        }
    }
}
