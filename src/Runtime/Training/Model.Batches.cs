namespace Compiled;

public abstract partial class Model
{
    private BatchLogBuffer _batchLogs = new(["loss"]);
    // Whether the metrics hold only batch calls' batches since a reset, so that the next batch call may add to them;
    // any reset (Fit's epochs, Evaluate, a batch call's own reset) clears it.
    private bool _batchLogsCurrent;

    /// <summary>
    /// Keras's <c>test_on_batch(x, y, sample_weight, reset_metrics=True)</c>: the loss and metrics of the samples given, as one batch,
    /// without training. The logs cover every batch call since the last one that reset; with
    /// <paramref name="resetMetrics"/> false this call does not reset after reading them, so the next
    /// <c>TrainOnBatch</c> or <c>TestOnBatch</c> adds to them, as Keras's <c>reset_metrics=False</c>. Allocates nothing
    /// once warmed up.
    /// </summary>
    /// <exception cref="InvalidOperationException">The model is not compiled.</exception>
    /// <exception cref="ArgumentException">No samples, or x and y that do not hold the same number of samples.</exception>
    public BatchLogs TestOnBatch(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> sampleWeight = default, bool resetMetrics = true)
    {
        using CallScope call = EnterCall(nameof(TestOnBatch));
        RequireCompiled(nameof(TestOnBatch));
        int samples = CheckPairs(x, y);
        if (samples == 0) throw new ArgumentException("TestOnBatch needs at least one sample; x is empty.", nameof(x));
        EnsureCapacity(samples);
        BatchLogBuffer logs = BeginBatchLogs();
        // One evaluation step writes the batch's mean losses into the values; the running sums take them back.
        EvaluateInto(x, y, samples, samples, logs.Values, null, logs.Names, resetMetrics: false, SampleWeights(y, samples, sampleWeight, null, []));
        for (int i = 0; i < LossLogCount; i++) logs.Sums[i] += logs.Values[i] * samples;
        return EndBatchLogs(samples, resetMetrics);
    }

    /// <summary>
    /// Keras's <c>predict_on_batch(x)</c>: the outputs of the samples given, in one forward pass, written back to back
    /// into <paramref name="y"/>. Allocates nothing once warmed up to the batch's size.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> is not whole samples, or <paramref name="y"/> is not the size of their outputs.</exception>
    public void PredictOnBatch(ReadOnlySpan<float> x, Span<float> y)
    {
        using CallScope call = EnterCall(nameof(PredictOnBatch));
        // Room for the whole batch first, so that Predict runs it as one chunk.
        EnsureCapacity(Math.Max(1, SampleCount(x.Length, _inputSize, "x", "input", _inputShape)));
        Predict(x, y);
    }

    /// <summary>Keras's <c>predict_on_batch(x)</c>: the outputs of the samples given, in one forward pass, back to back.</summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> is not whole samples.</exception>
    public float[] PredictOnBatch(ReadOnlySpan<float> x)
    {
        float[] y = new float[SampleCount(x.Length, _inputSize, "x", "input", _inputShape) * _outputSize];
        PredictOnBatch(x, y);
        return y;
    }

    /// <summary>How many of the logs are losses: <c>loss</c>, and with several outputs each one's.</summary>
    private int LossLogCount => _heads.Length == 1 ? 1 : 1 + _heads.Length;

    /// <summary>
    /// The batch logs for a new TrainOnBatch or TestOnBatch: emptied with the metrics unless the previous batch call
    /// kept them (and nothing reset them since); earlier results become stale.
    /// </summary>
    private BatchLogBuffer BeginBatchLogs()
    {
        BatchLogBuffer logs = _batchLogs;
        logs.Version++;
        if (!_batchLogsCurrent)
        {
            Array.Clear(logs.Sums);
            logs.Samples = 0;
            ResetMetrics();
        }
        // Kept only once the call ends well: a batch that throws midway (bad targets) leaves no half-counted state.
        _batchLogsCurrent = false;
        return logs;
    }

    /// <summary>Counts the batch's samples, reads the logs over every batch since the last reset, then resets when <paramref name="reset"/>, as Keras's <c>train_on_batch</c> does after its step.</summary>
    private BatchLogs EndBatchLogs(int samples, bool reset)
    {
        BatchLogBuffer logs = _batchLogs;
        logs.Samples += samples;
        ReadLogs(logs.Sums, logs.Samples, logs.Values);
        if (reset) ResetMetrics();
        else _batchLogsCurrent = true;
        return new BatchLogs(logs);
    }

    /// <summary>Sets up the per-output metrics and the batch logs for what <c>Compile</c> was given.</summary>
    private void CompileMetrics()
    {
        _outputMetrics = MetricsForOutputs();
        _batchLogs = new BatchLogBuffer(LogNames()) { Version = _batchLogs.Version + 1 };
    }
}
