namespace Compiled;

public abstract partial class Model
{
    /// <summary>Keras's <c>evaluate(x, y, batch_size, verbose)</c>: the mean loss and metrics over the samples.</summary>
    public Evaluation Evaluate(ReadOnlySpan<float> x, ReadOnlySpan<float> y, int batchSize = 32, int verbose = 1, TextWriter? output = null)
    {
        using CallScope call = EnterCall(nameof(Evaluate));
        (Loss loss, _) = RequireCompiled(nameof(Evaluate));
        int samples = CheckPairs(x.Length, y.Length);
        if (verbose is < 0 or > 2) throw new ArgumentOutOfRangeException(nameof(verbose), $"verbose must be 0, 1 or 2; got {verbose}.");
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), $"batchSize must be positive; got {batchSize}.");
        if (samples == 0) throw new ArgumentException("Evaluate needs at least one sample; x is empty.", nameof(x));
        int batch = Math.Min(batchSize, samples);
        EnsureCapacity(batch);
        string[] names = LogNames();
        double[] means = new double[names.Length];
        TextWriter writer = output ?? Console.Out;
        ProgressBar bar = new((samples + batch - 1) / batch, verbose, writer, ProgressBar.IsTerminal(writer));
        EvaluateInto(x, y, samples, batch, means, bar, names);
        return new Evaluation(names, means);
    }

    /// <summary>The mean loss and metrics over <paramref name="samples"/> samples, in batches, into <paramref name="means"/>.</summary>
    private void EvaluateInto(ReadOnlySpan<float> x, ReadOnlySpan<float> y, int samples, int batch, Span<double> means, ProgressBar? bar, IReadOnlyList<string> names)
    {
        Span<double> sums = stackalloc double[means.Length];
        sums.Clear();
        long rowsSeen = 0;
        double penalty = RegularizationPenalty(); // Keras's evaluate adds model.losses to each batch's loss too
        int steps = (samples + batch - 1) / batch;
        for (int step = 0; step < steps; step++)
        {
            int first = step * batch, n = Math.Min(batch, samples - first);
            ReadOnlySpan<float> yb = y.Slice(first * _outputSize, n * _outputSize);
            Forward(x.Slice(first * _inputSize, n * _inputSize), n);
            foreach (OutputHead head in _heads)
            {
                int rows = n * head.RowsPerSample;
                ReadOnlySpan<float> targets = Targets(yb, head, n);
                ReadOnlySpan<float> predicted = HeadOutput(head.Index).Slice(0, n * head.Size);
                double headLoss = (_fromLogits[head.Index]
                    ? _losses[head.Index].SumFromSoftmaxLogits(HeadLogits(head.Index), targets, rows, head.Width)
                    : _losses[head.Index].Sum(predicted, targets, rows, head.Width)) / head.RowsPerSample;
                AddToLogs(sums, head, headLoss, _lossWeights[head.Index], predicted, targets, rows);
            }
            sums[0] += n * (penalty + ActivityPenalty);
            rowsSeen += n;
            for (int i = 0; i < sums.Length; i++) means[i] = sums[i] / rowsSeen;
            bar?.Update(step + 1, names, means);
        }
    }

    /// <summary>Keras's <c>evaluate</c> on one sample per row, read in place.</summary>
    public Evaluation Evaluate(float[,] x, float[,] y, int batchSize = 32, int verbose = 1, TextWriter? output = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        CheckColumns(x.GetLength(1), _inputSize, "x", "input", _inputShape);
        CheckColumns(y.GetLength(1), _outputSize, "y", "output", _outputShape);
        return Evaluate(AsSpan(x), AsSpan(y), batchSize, verbose, output);
    }

    /// <summary>Keras's <c>evaluate</c> on one sample per element.</summary>
    public Evaluation Evaluate(float[][] x, float[][] y, int batchSize = 32, int verbose = 1, TextWriter? output = null)
        => Evaluate(Flatten(x, _inputSize, "x", "input", _inputShape), Flatten(y, _outputSize, "y", "output", _outputShape), batchSize, verbose, output);
}
