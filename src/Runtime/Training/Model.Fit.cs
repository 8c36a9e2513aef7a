namespace Compiled;

public abstract partial class Model
{
    /// <summary>
    /// Keras's <c>fit(x, y, batch_size, epochs, verbose, shuffle)</c> on samples and targets stored back
    /// to back. Each epoch visits every sample once (the last batch may be smaller), in a new order when
    /// <paramref name="shuffle"/>; the order comes from the model's seed.
    /// </summary>
    /// <param name="x">Inputs, <c>samples × input size</c> values.</param>
    /// <param name="y">Targets, per sample each output's values (one-hot for categorical cross-entropy), or one class index per row for a loss that <see cref="Loss.TakesClassIndices"/>.</param>
    /// <param name="batchSize">Samples per update; Keras's default 32.</param>
    /// <param name="epochs">Passes over the data.</param>
    /// <param name="verbose">0 silent, 1 progress bar, 2 one line per epoch.</param>
    /// <param name="shuffle">Whether to shuffle the samples before each epoch.</param>
    /// <param name="output">Where progress goes; the console by default.</param>
    /// <param name="validationSplit">
    /// Keras's <c>validation_split</c>: the fraction of samples, taken from the end before any shuffling,
    /// held out of training and evaluated after each epoch as <c>val_loss</c> and <c>val_</c> metrics.
    /// </param>
    /// <param name="sampleWeight">Keras's <c>sample_weight</c>: one weight per sample scaling its loss (not the metrics), or empty for all 1.</param>
    /// <param name="classWeight">Keras's <c>class_weight</c>: a weight per class (from 0 up) that multiplies the training samples' weights, or null.</param>
    public History Fit(ReadOnlySpan<float> x, ReadOnlySpan<float> y, int batchSize = 32, int epochs = 1, int verbose = 1, bool shuffle = true, TextWriter? output = null, double validationSplit = 0, ReadOnlySpan<float> sampleWeight = default, IReadOnlyDictionary<int, double>? classWeight = null)
    {
        using CallScope call = EnterCall(nameof(Fit));
        (Loss loss, Optimizer optimizer) = RequireCompiled(nameof(Fit));
        int samples = CheckPairs(x, y);
        ReadOnlySpan<float> weights = SampleWeights(y, samples, sampleWeight, classWeight, classWeight is null ? [] : new float[samples]);
        if (samples == 0) throw new ArgumentException("Fit needs at least one sample; x is empty.", nameof(x));
        if (!(validationSplit >= 0 && validationSplit < 1))
            throw new ArgumentOutOfRangeException(nameof(validationSplit), $"validationSplit must be in [0, 1); got {validationSplit}.");
        int validationSamples = validationSplit > 0 ? samples - (int)(samples * (1 - validationSplit)) : 0;
        if (validationSplit > 0 && (validationSamples == 0 || validationSamples == samples))
            throw new ArgumentException($"validationSplit {validationSplit} of {samples} sample(s) leaves {samples - validationSamples} for training and {validationSamples} for validation; both need at least one.", nameof(validationSplit));
        ReadOnlySpan<float> xValidation = x.Slice((samples - validationSamples) * _inputSize);
        ReadOnlySpan<float> yValidation = y.Slice((samples - validationSamples) * _targetSize);
        ReadOnlySpan<float> wValidation = sampleWeight.IsEmpty ? sampleWeight : sampleWeight.Slice(samples - validationSamples);
        samples -= validationSamples;
        x = x.Slice(0, samples * _inputSize);
        y = y.Slice(0, samples * _targetSize);
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), $"batchSize must be positive; got {batchSize}.");
        if (epochs < 0) throw new ArgumentOutOfRangeException(nameof(epochs), $"epochs must not be negative; got {epochs}.");
        if (verbose is < 0 or > 2) throw new ArgumentOutOfRangeException(nameof(verbose), $"verbose must be 0, 1 or 2; got {verbose}.");

        int batch = Math.Min(batchSize, samples);
        int steps = (samples + batch - 1) / batch;
        EnsureCapacity(batch);
        EnsureStaging(batch);
        int[] order = new int[samples];
        for (int i = 0; i < samples; i++) order[i] = i;
        string[] trainingNames = LogNames();
        string[] names = validationSamples > 0 ? trainingNames.Concat(trainingNames.Select(n => "val_" + n)).ToArray() : trainingNames;
        double[] sums = new double[trainingNames.Length];
        double[] means = new double[names.Length];
        History history = new(names);
        TextWriter writer = output ?? Console.Out;
        bool dynamic = ProgressBar.IsTerminal(writer);
        // Typed as the interface once: choosing between it and names per step must not box a segment each time.
        IReadOnlyList<string> runningNames = new ArraySegment<string>(names, 0, trainingNames.Length);

        for (int epoch = 0; epoch < epochs; epoch++)
        {
            if (verbose > 0) writer.WriteLine($"Epoch {epoch + 1}/{epochs}");
            if (shuffle) Shuffle(order);
            ProgressBar? bar = verbose > 0 ? new(steps, verbose, writer, dynamic) : null;
            Array.Clear(sums);
            long rowsSeen = 0;
            for (int step = 0; step < steps; step++)
            {
                int first = step * batch, n = Math.Min(batch, samples - first);
                Gather(x, order, first, n, _inputSize, _xStage);
                Gather(y, order, first, n, _targetSize, _yStage);
                if (!weights.IsEmpty) Gather(weights, order, first, n, 1, _weightStage);
                TrainStep(_xStage.AsSpan(0, n * _inputSize), _yStage.AsSpan(0, n * _targetSize), n, optimizer, sums, weights.IsEmpty ? default : _weightStage.AsSpan(0, n));
                rowsSeen += n;
                for (int i = 0; i < sums.Length; i++) means[i] = sums[i] / rowsSeen;
                bool last = step == steps - 1;
                if (last && validationSamples > 0)
                    EvaluateInto(xValidation, yValidation, validationSamples, batch, means.AsSpan(trainingNames.Length), null, trainingNames, wValidation);
                bar?.Update(step + 1, last ? names : runningNames, means);
            }
            history.Add(means);
        }
        return history;
    }

    /// <summary>Keras's <c>fit</c> on one sample per row of <paramref name="x"/> and <paramref name="y"/>, read in place.</summary>
    public History Fit(float[,] x, float[,] y, int batchSize = 32, int epochs = 1, int verbose = 1, bool shuffle = true, TextWriter? output = null, double validationSplit = 0, float[]? sampleWeight = null, IReadOnlyDictionary<int, double>? classWeight = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        CheckColumns(x.GetLength(1), _inputSize, "x", "input", _inputShape);
        CheckColumns(y.GetLength(1), _targetSize, "y", "target", TargetShape());
        return Fit(AsSpan(x), AsSpan(y), batchSize, epochs, verbose, shuffle, output, validationSplit, sampleWeight, classWeight);
    }

    /// <summary>Keras's <c>fit</c> on one sample per element of <paramref name="x"/> and <paramref name="y"/> (copied once into one buffer).</summary>
    public History Fit(float[][] x, float[][] y, int batchSize = 32, int epochs = 1, int verbose = 1, bool shuffle = true, TextWriter? output = null, double validationSplit = 0, float[]? sampleWeight = null, IReadOnlyDictionary<int, double>? classWeight = null)
        => Fit(Flatten(x, _inputSize, "x", "input", _inputShape), Flatten(y, _targetSize, "y", "target", TargetShape()), batchSize, epochs, verbose, shuffle, output, validationSplit, sampleWeight, classWeight);

    private void Shuffle(int[] order)
    {
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = _shuffle.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }

    private static void Gather(ReadOnlySpan<float> source, int[] order, int first, int count, int width, float[] destination)
    {
        for (int i = 0; i < count; i++)
            source.Slice(order[first + i] * width, width).CopyTo(destination.AsSpan(i * width, width));
    }
}
