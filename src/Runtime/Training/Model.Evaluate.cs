namespace Compiled;

public abstract partial class Model
{
    /// <summary>
    /// Keras's <c>evaluate(x, y, batch_size, verbose, sample_weight)</c>: the mean loss and metrics over the samples;
    /// <paramref name="sampleWeight"/> (one weight per sample, or empty) scales each sample's loss, not the metrics.
    /// </summary>
    public Evaluation Evaluate(ReadOnlySpan<float> x, ReadOnlySpan<float> y, int batchSize = 32, int verbose = 1, TextWriter? output = null, ReadOnlySpan<float> sampleWeight = default)
    {
        using CallScope call = EnterCall(nameof(Evaluate));
        (Loss loss, _) = RequireCompiled(nameof(Evaluate));
        int samples = CheckPairs(x, y);
        sampleWeight = SampleWeights(y, samples, sampleWeight, null, Span<float>.Empty);
        if (verbose is < 0 or > 2) throw new ArgumentOutOfRangeException(nameof(verbose), $"verbose must be 0, 1 or 2; got {verbose}.");
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), $"batchSize must be positive; got {batchSize}.");
        if (samples == 0) throw new ArgumentException("Evaluate needs at least one sample; x is empty.", nameof(x));
        int batch = Math.Min(batchSize, samples);
        EnsureCapacity(batch);
        string[] names = LogNames();
        double[] means = new double[names.Length];
        TextWriter writer = output ?? Console.Out;
        ProgressBar bar = new((samples + batch - 1) / batch, verbose, writer, ProgressBar.IsTerminal(writer));
        EvaluateInto(x, y, samples, batch, means, bar, names, sampleWeights: sampleWeight);
        return new Evaluation(names, means);
    }

    /// <summary>The mean loss and metrics over <paramref name="samples"/> samples, in batches, into <paramref name="means"/>.</summary>
    private void EvaluateInto(ReadOnlySpan<float> x, ReadOnlySpan<float> y, int samples, int batch, Span<double> means, ProgressBar? bar, IReadOnlyList<string> names, bool resetMetrics = true, ReadOnlySpan<float> sampleWeights = default)
    {
        if (resetMetrics) ResetMetrics();
        Span<double> sums = stackalloc double[means.Length];
        sums.Clear();
        long rowsSeen = 0;
        double penalty = RegularizationPenalty(); // Keras's evaluate adds model.losses to each batch's loss too
        int steps = (samples + batch - 1) / batch;
        for (int step = 0; step < steps; step++)
        {
            int first = step * batch, n = Math.Min(batch, samples - first);
            ReadOnlySpan<float> yb = y.Slice(first * _targetSize, n * _targetSize);
            ReadOnlySpan<float> wb = sampleWeights.IsEmpty ? sampleWeights : sampleWeights.Slice(first, n);
            Forward(x.Slice(first * _inputSize, n * _inputSize), n);
            foreach (OutputHead head in _heads)
            {
                int rows = n * head.RowsPerSample;
                ReadOnlySpan<float> targets = Targets(yb, head, n);
                ReadOnlySpan<float> predicted = HeadOutput(head.Index).Slice(0, n * head.Size);
                ReadOnlySpan<float> rowWeights = RowWeights(head, wb, n);
                double headLoss = (_fromLogits[head.Index]
                    ? _losses[head.Index].SumFromLogits(HeadLogits(head.Index), targets, rows, head.Width, rowWeights)
                    : _losses[head.Index].Sum(predicted, targets, rows, head.Width, rowWeights)) / head.RowsPerSample;
                AddToLogs(sums, head, headLoss, _lossWeights[head.Index], predicted, targets, rows);
            }
            sums[0] += n * (penalty + ActivityPenalty);
            rowsSeen += n;
            ReadLogs(sums, rowsSeen, means);
            bar?.Update(step + 1, names, means);
        }
    }

    /// <summary>Keras's <c>evaluate</c> on one sample per row, read in place.</summary>
    public Evaluation Evaluate(float[,] x, float[,] y, int batchSize = 32, int verbose = 1, TextWriter? output = null, float[]? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        CheckColumns(x.GetLength(1), _inputSize, "x", "input", _inputShape);
        CheckColumns(y.GetLength(1), _targetSize, "y", "target", TargetShape());
        return Evaluate(AsSpan(x), AsSpan(y), batchSize, verbose, output, sampleWeight);
    }

    /// <summary>Keras's <c>evaluate</c> on one sample per element.</summary>
    public Evaluation Evaluate(float[][] x, float[][] y, int batchSize = 32, int verbose = 1, TextWriter? output = null, float[]? sampleWeight = null)
        => Evaluate(Flatten(x, _inputSize, "x", "input", _inputShape), Flatten(y, _targetSize, "y", "target", TargetShape()), batchSize, verbose, output, sampleWeight);
}
