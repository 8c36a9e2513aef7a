namespace Compiled;

public abstract partial class Model
{
    // Each output's own copy of every metric, output after output (compile order within one): the state Keras keeps
    // in its compiled metrics, reset at the start of each epoch, evaluation and TrainOnBatch/TestOnBatch.
    private Metric[] _outputMetrics = [];

    /// <summary>Keras's log names: <c>loss</c> and the metrics; with several outputs also each output's loss, and metrics prefixed by the output's name.</summary>
    private string[] LogNames()
    {
        List<string> names = ["loss"];
        if (_heads.Length == 1)
        {
            names.AddRange(_metrics.Select(m => m.Name));
            return names.ToArray();
        }
        names.AddRange(_heads.Select(h => h.Output.Name + "_loss"));
        foreach (OutputHead head in _heads) names.AddRange(_metrics.Select(m => head.Output.Name + "_" + m.Name));
        return names.ToArray();
    }

    /// <summary>Each output's metrics, as Keras builds them on the first batch: copies, with <c>accuracy</c> resolved by the output's width and loss.</summary>
    private Metric[] MetricsForOutputs()
        => _heads.SelectMany(h => _metrics.Select(m => m.ForOutput(h.Width, _losses[h.Index].TakesClassIndices))).ToArray();

    /// <summary>Empties every output's metrics, Keras's <c>reset_metrics()</c>.</summary>
    private void ResetMetrics()
    {
        _batchLogsCurrent = false;
        foreach (Metric metric in _outputMetrics) metric.ResetState();
    }

    /// <summary>Adds one output's loss to the loss sums (<c>loss</c>, then per output <c>name_loss</c>) and its batch to its metrics.</summary>
    private void AddToLogs(Span<double> sums, OutputHead head, double headLoss, double weight, ReadOnlySpan<float> predicted, ReadOnlySpan<float> targets, int rows)
    {
        sums[0] += weight * headLoss;
        if (_heads.Length > 1) sums[1 + head.Index] += headLoss;
        for (int i = 0; i < _metrics.Length; i++)
            _outputMetrics[head.Index * _metrics.Length + i].UpdateState(predicted, targets, rows, head.Width);
    }

    /// <summary>
    /// The logs so far, in <see cref="LogNames"/> order: the losses are their sums over the samples seen, the metrics
    /// their results over the batches since the last reset (an epoch's AUC over the epoch, accuracies per sample).
    /// </summary>
    private void ReadLogs(ReadOnlySpan<double> sums, long samplesSeen, Span<double> means)
    {
        for (int i = 0; i < LossLogCount; i++) means[i] = sums[i] / samplesSeen;
        for (int i = 0; i < _outputMetrics.Length; i++) means[LossLogCount + i] = _outputMetrics[i].Result();
    }
}
