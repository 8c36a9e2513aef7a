namespace Compiled;

public abstract partial class Model
{
    /// <summary>
    /// Keras's <c>model.stop_training</c>: a callback sets it to end <c>Fit</c> early (after the current batch's hooks
    /// when set from a batch hook, after the current epoch's otherwise). <c>Fit</c> clears it when it starts.
    /// </summary>
    public bool StopTraining { get; set; }

    /// <summary>
    /// Keras's <c>fit(x, y, batch_size, epochs, verbose, callbacks, validation_split, validation_data, shuffle,
    /// initial_epoch)</c> on samples and targets stored back to back. Each epoch visits every sample once (the last
    /// batch may be smaller), in a new order when <paramref name="shuffle"/>; the order comes from the model's seed.
    /// </summary>
    /// <param name="x">Inputs, <c>samples × input size</c> values.</param>
    /// <param name="y">Targets, <c>samples × output size</c> values (one-hot for categorical cross-entropy).</param>
    /// <param name="batchSize">Samples per update; Keras's default 32.</param>
    /// <param name="epochs">The index of the last epoch, counting from 1: with <paramref name="initialEpoch"/> it trains <c>epochs − initialEpoch</c> passes.</param>
    /// <param name="verbose">0 silent, 1 progress bar, 2 one line per epoch.</param>
    /// <param name="shuffle">Whether to shuffle the samples before each epoch.</param>
    /// <param name="output">Where progress goes; the console by default.</param>
    /// <param name="validationSplit">
    /// Keras's <c>validation_split</c>: the fraction of samples, taken from the end before any shuffling,
    /// held out of training and evaluated after each epoch as <c>val_loss</c> and <c>val_</c> metrics.
    /// Ignored when <paramref name="validationData"/> is given, as in Keras.
    /// </param>
    /// <param name="validationData">
    /// Keras's <c>validation_data=(x_val, y_val)</c>: samples and targets laid out as <paramref name="x"/> and
    /// <paramref name="y"/>, evaluated after each epoch as <c>val_loss</c> and the <c>val_</c> metrics.
    /// </param>
    /// <param name="initialEpoch">Keras's <c>initial_epoch</c>: the epoch to resume at, counting from 0; epochs are reported as <c>Epoch 3/10</c> from there.</param>
    /// <param name="callbacks">Keras's <c>callbacks</c>: called in order at each hook (<see cref="Callback"/>).</param>
    /// <param name="sampleWeight">Keras's <c>sample_weight</c>: one weight per sample scaling its loss (not the metrics), or empty for all 1.</param>
    /// <param name="classWeight">Keras's <c>class_weight</c>: a weight per class (from 0 up) that multiplies the training samples' weights, or null.</param>
    /// <returns>The <see cref="History"/> of every epoch's logs.</returns>
    public History Fit(ReadOnlySpan<float> x, ReadOnlySpan<float> y, int batchSize = 32, int epochs = 1, int verbose = 1, bool shuffle = true, TextWriter? output = null, double validationSplit = 0,
        (ReadOnlyMemory<float> X, ReadOnlyMemory<float> Y)? validationData = null, int initialEpoch = 0, IEnumerable<Callback>? callbacks = null,
        ReadOnlySpan<float> sampleWeight = default, IReadOnlyDictionary<int, double>? classWeight = null)
        => validationData is { } data
            ? FitCore(x, y, batchSize, epochs, verbose, shuffle, output, 0, true, data.X.Span, data.Y.Span, initialEpoch, callbacks, sampleWeight, classWeight)
            : FitCore(x, y, batchSize, epochs, verbose, shuffle, output, validationSplit, false, default, default, initialEpoch, callbacks, sampleWeight, classWeight);

    /// <summary>Keras's <c>fit</c> on one sample per row of <paramref name="x"/> and <paramref name="y"/>, read in place.</summary>
    /// <inheritdoc cref="Fit(ReadOnlySpan{float}, ReadOnlySpan{float}, int, int, int, bool, TextWriter?, double, ValueTuple{ReadOnlyMemory{float}, ReadOnlyMemory{float}}?, int, IEnumerable{Callback}?, ReadOnlySpan{float}, IReadOnlyDictionary{int, double}?)"/>
    public History Fit(float[,] x, float[,] y, int batchSize = 32, int epochs = 1, int verbose = 1, bool shuffle = true, TextWriter? output = null, double validationSplit = 0,
        (float[,] X, float[,] Y)? validationData = null, int initialEpoch = 0, IEnumerable<Callback>? callbacks = null,
        float[]? sampleWeight = null, IReadOnlyDictionary<int, double>? classWeight = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        CheckColumns(x.GetLength(1), _inputSize, "x", "input", _inputShape);
        CheckColumns(y.GetLength(1), _targetSize, "y", "target", TargetShape());
        if (validationData is not { } data)
            return FitCore(AsSpan(x), AsSpan(y), batchSize, epochs, verbose, shuffle, output, validationSplit, false, default, default, initialEpoch, callbacks, sampleWeight, classWeight);
        if (data.X is null || data.Y is null)
            throw new ArgumentException($"{Name}: validationData needs both arrays; its {(data.X is null ? "X" : "Y")} is null.", nameof(validationData));
        CheckColumns(data.X.GetLength(1), _inputSize, "validationData.X", "input", _inputShape);
        CheckColumns(data.Y.GetLength(1), _targetSize, "validationData.Y", "target", TargetShape());
        return FitCore(AsSpan(x), AsSpan(y), batchSize, epochs, verbose, shuffle, output, 0, true, AsSpan(data.X), AsSpan(data.Y), initialEpoch, callbacks, sampleWeight, classWeight);
    }

    /// <summary>Keras's <c>fit</c> on one sample per element of <paramref name="x"/> and <paramref name="y"/> (copied once into one buffer).</summary>
    /// <inheritdoc cref="Fit(ReadOnlySpan{float}, ReadOnlySpan{float}, int, int, int, bool, TextWriter?, double, ValueTuple{ReadOnlyMemory{float}, ReadOnlyMemory{float}}?, int, IEnumerable{Callback}?, ReadOnlySpan{float}, IReadOnlyDictionary{int, double}?)"/>
    public History Fit(float[][] x, float[][] y, int batchSize = 32, int epochs = 1, int verbose = 1, bool shuffle = true, TextWriter? output = null, double validationSplit = 0,
        (float[][] X, float[][] Y)? validationData = null, int initialEpoch = 0, IEnumerable<Callback>? callbacks = null,
        float[]? sampleWeight = null, IReadOnlyDictionary<int, double>? classWeight = null)
    {
        float[] xs = Flatten(x, _inputSize, "x", "input", _inputShape), ys = Flatten(y, _targetSize, "y", "target", TargetShape());
        if (validationData is not { } data)
            return FitCore(xs, ys, batchSize, epochs, verbose, shuffle, output, validationSplit, false, default, default, initialEpoch, callbacks, sampleWeight, classWeight);
        return FitCore(xs, ys, batchSize, epochs, verbose, shuffle, output, 0, true,
            Flatten(data.X, _inputSize, "validationData.X", "input", _inputShape), Flatten(data.Y, _targetSize, "validationData.Y", "target", TargetShape()), initialEpoch, callbacks,
            sampleWeight, classWeight);
    }

    private History FitCore(ReadOnlySpan<float> x, ReadOnlySpan<float> y, int batchSize, int epochs, int verbose, bool shuffle, TextWriter? output, double validationSplit,
        bool hasValidationData, ReadOnlySpan<float> xValidation, ReadOnlySpan<float> yValidation, int initialEpoch, IEnumerable<Callback>? callbacks,
        ReadOnlySpan<float> sampleWeight, IReadOnlyDictionary<int, double>? classWeight)
    {
        using CallScope call = EnterCall(nameof(Fit));
        (Loss loss, Optimizer optimizer) = RequireCompiled(nameof(Fit));
        int samples = CheckPairs(x, y);
        ReadOnlySpan<float> weights = SampleWeights(y, samples, sampleWeight, classWeight, classWeight is null ? [] : new float[samples]);
        if (samples == 0) throw new ArgumentException("Fit needs at least one sample; x is empty.", nameof(x));
        if (!(validationSplit >= 0 && validationSplit < 1))
            throw new ArgumentOutOfRangeException(nameof(validationSplit), $"validationSplit must be in [0, 1); got {validationSplit}.");
        int validationSamples;
        // Keras weights validation_data's samples only when the tuple gives weights of its own; validation_split's share the given sample weights (never the class weights).
        ReadOnlySpan<float> wValidation = default;
        if (hasValidationData)
        {
            validationSamples = CheckValidationData(xValidation, yValidation);
        }
        else
        {
            validationSamples = validationSplit > 0 ? samples - (int)(samples * (1 - validationSplit)) : 0;
            if (validationSplit > 0 && (validationSamples == 0 || validationSamples == samples))
                throw new ArgumentException($"validationSplit {validationSplit} of {samples} sample(s) leaves {samples - validationSamples} for training and {validationSamples} for validation; both need at least one.", nameof(validationSplit));
            xValidation = x.Slice((samples - validationSamples) * _inputSize);
            yValidation = y.Slice((samples - validationSamples) * _targetSize);
            wValidation = sampleWeight.IsEmpty ? sampleWeight : sampleWeight.Slice(samples - validationSamples);
            samples -= validationSamples;
            x = x.Slice(0, samples * _inputSize);
            y = y.Slice(0, samples * _targetSize);
        }
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), $"batchSize must be positive; got {batchSize}.");
        if (epochs < 0) throw new ArgumentOutOfRangeException(nameof(epochs), $"epochs must not be negative; got {epochs}.");
        if (initialEpoch < 0) throw new ArgumentOutOfRangeException(nameof(initialEpoch), $"initialEpoch must not be negative; got {initialEpoch}.");
        if (verbose is < 0 or > 2) throw new ArgumentOutOfRangeException(nameof(verbose), $"verbose must be 0, 1 or 2; got {verbose}.");

        int batch = Math.Min(batchSize, samples);
        int steps = (samples + batch - 1) / batch;
        EnsureCapacity(Math.Max(batch, Math.Min(batchSize, validationSamples)));
        EnsureStaging(batch);
        int[] order = new int[samples];
        for (int i = 0; i < samples; i++) order[i] = i;
        string[] trainingNames = LogNames();
        string[] names = validationSamples > 0 ? trainingNames.Concat(trainingNames.Select(n => "val_" + n)).ToArray() : trainingNames;
        double[] sums = new double[trainingNames.Length];
        double[] means = new double[names.Length];
        History history = new(names);
        CallbackList hooks = new(callbacks, this, history);
        // The batch hooks see the running means in place: refilled each step, never copied or allocated.
        Logs batchLogs = new(trainingNames, means, trainingNames.Length);
        Logs epochLogs = new();
        Logs trainingLogs = Logs.Empty;
        TextWriter writer = output ?? Console.Out;
        bool dynamic = ProgressBar.IsTerminal(writer);
        // Typed as the interface once: choosing between it and names per step must not box a segment each time.
        IReadOnlyList<string> runningNames = new ArraySegment<string>(names, 0, trainingNames.Length);

        StopTraining = false;
        hooks.OnTrainBegin(Logs.Empty);
        for (int epoch = initialEpoch; epoch < epochs; epoch++)
        {
            hooks.OnEpochBegin(epoch, Logs.Empty);
            if (verbose > 0) writer.WriteLine($"Epoch {epoch + 1}/{epochs}");
            if (shuffle) Shuffle(order);
            ProgressBar? bar = verbose > 0 ? new(steps, verbose, writer, dynamic) : null;
            Array.Clear(sums);
            ResetMetrics();
            long rowsSeen = 0;
            for (int step = 0; step < steps; step++)
            {
                hooks.OnTrainBatchBegin(step, Logs.Empty);
                int first = step * batch, n = Math.Min(batch, samples - first);
                Gather(x, order, first, n, _inputSize, _xStage);
                Gather(y, order, first, n, _targetSize, _yStage);
                if (!weights.IsEmpty) Gather(weights, order, first, n, 1, _weightStage);
                TrainStep(_xStage.AsSpan(0, n * _inputSize), _yStage.AsSpan(0, n * _targetSize), n, optimizer, sums, weights.IsEmpty ? default : _weightStage.AsSpan(0, n));
                rowsSeen += n;
                ReadLogs(sums, rowsSeen, means);
                // The epoch's last line waits for the validation values and the callbacks' additions.
                if (step < steps - 1) bar?.Update(step + 1, runningNames, means);
                hooks.OnTrainBatchEnd(step, batchLogs);
                if (StopTraining) break;
            }
            if (validationSamples > 0)
                EvaluateInto(xValidation, yValidation, validationSamples, Math.Min(batchSize, validationSamples), means.AsSpan(trainingNames.Length), null, trainingNames, sampleWeights: wValidation);
            epochLogs.Load(names, means);
            hooks.OnEpochEnd(epoch, epochLogs);
            bar?.Update(steps, epochLogs.NameSegment, epochLogs.ValueSpan);
            trainingLogs = epochLogs;
            if (StopTraining) break;
        }
        hooks.OnTrainEnd(trainingLogs);
        return history;
    }

    /// <summary>The number of validation samples, once their inputs and targets are whole samples and as many.</summary>
    private int CheckValidationData(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        int samples = SampleCount(x.Length, _inputSize, "validationData.X", "input", _inputShape);
        int targets = SampleCount(y.Length, _targetSize, "validationData.Y", "target", TargetShape());
        if (samples != targets)
            throw new ArgumentException($"{Name}: validationData.X holds {samples} sample(s) but validationData.Y holds {targets} target(s); they must match.", "validationData");
        if (samples == 0)
            throw new ArgumentException($"{Name}: validationData holds no samples; give at least one, or leave validationData out.", "validationData");
        CheckClassIndices(y, samples);
        return samples;
    }

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
