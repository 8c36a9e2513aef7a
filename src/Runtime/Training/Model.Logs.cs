namespace Compiled;

public abstract partial class Model
{
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

    /// <summary>Adds one output's loss and metric sums to the logs: <c>loss</c>, then per output <c>name_loss</c>, then the metrics.</summary>
    private void AddToLogs(Span<double> sums, OutputHead head, double headLoss, double weight, ReadOnlySpan<float> predicted, ReadOnlySpan<float> targets, int rows)
    {
        sums[0] += weight * headLoss;
        int many = _heads.Length == 1 ? 0 : 1;
        if (many == 1) sums[1 + head.Index] += headLoss;
        int metricsStart = 1 + many * _heads.Length + head.Index * _metrics.Length;
        for (int i = 0; i < _metrics.Length; i++)
            sums[metricsStart + i] += _metrics[i].Sum(predicted, targets, rows, head.Width) / head.RowsPerSample;
    }
}
