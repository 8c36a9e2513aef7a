using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Compiled;

/// <summary>
/// What every compiled model shares: Keras's <c>compile</c>, <c>fit</c>, <c>evaluate</c>, <c>predict</c>
/// and <c>summary</c> over one contiguous parameter buffer. The generated subclass supplies the
/// straight-line forward and backward passes; this class never looks at layers.
/// </summary>
/// <remarks>Not thread-safe: a model owns the scratch buffers its passes run in.</remarks>
public abstract partial class Model
{
    private const int PredictChunk = 256;

    private readonly float[] _parameters;
    private readonly float[] _nonTrainable;
    private readonly float[] _gradients;
    private readonly int[] _inputShape;
    private readonly int[] _outputShape;
    private readonly int _inputSize;
    private readonly int _outputSize;
    private readonly OutputHead[] _heads;
    private readonly string _dot;
    private readonly SeededRandom _shuffle;
    private int _capacity;
    private Loss[] _losses = [];
    private double[] _lossWeights = [];
    private bool[] _fromLogits = [];
    private Optimizer? _optimizer;
    private Metric[] _metrics = [];
    private float[] _xStage = [];
    private float[] _yStage = [];
    private readonly ulong _trainingSeeds;

    /// <param name="name">The model's name in its summary.</param>
    /// <param name="inputShape">One sample's input shape, without the batch axis.</param>
    /// <param name="outputShape">One sample's output shape, without the batch axis.</param>
    /// <param name="parameterCount">The length of the parameter buffer.</param>
    /// <param name="outputIsSoftmax">Whether the last layer is a softmax over the last axis, so cross-entropy can work from its logits.</param>
    /// <param name="summary">The model's summary in Keras's layout.</param>
    /// <param name="dot">The network as a Graphviz digraph.</param>
    /// <param name="seed">Decides every unseeded initializer, the shuffling in <c>Fit</c> and <see cref="TrainingSeed"/>.</param>
    /// <param name="nonTrainableParameterCount">The length of the non-trainable state buffer (<see cref="NonTrainableParameters"/>); 0 without such state.</param>
    protected Model(string name, int[] inputShape, int[] outputShape, int parameterCount, bool outputIsSoftmax, string summary, string dot, int seed, int nonTrainableParameterCount = 0)
        : this(name, inputShape, [new ModelOutput(name, outputShape, outputIsSoftmax)], parameterCount, summary, dot, seed, nonTrainableParameterCount)
    {
    }

    /// <summary>A model with one or more outputs; a sample's targets (and predictions) are the outputs' values one after another.</summary>
    /// <param name="name">The model's name in its summary.</param>
    /// <param name="inputShape">One sample's input shape, without the batch axis (several inputs: their total size).</param>
    /// <param name="outputs">The outputs in order: each one's layer name, shape and whether it ends in a softmax.</param>
    /// <param name="parameterCount">The length of the parameter buffer.</param>
    /// <param name="summary">The model's summary in Keras's layout.</param>
    /// <param name="dot">The network as a Graphviz digraph.</param>
    /// <param name="seed">Decides every unseeded initializer, the shuffling in <c>Fit</c> and <see cref="TrainingSeed"/>.</param>
    /// <param name="nonTrainableParameterCount">The length of the non-trainable state buffer (<see cref="NonTrainableParameters"/>); 0 without such state.</param>
    protected Model(string name, int[] inputShape, ModelOutput[] outputs, int parameterCount, string summary, string dot, int seed, int nonTrainableParameterCount = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nonTrainableParameterCount);
        ArgumentNullException.ThrowIfNull(outputs);
        if (outputs.Length == 0) throw new ArgumentException("A model needs at least one output.", nameof(outputs));
        Name = name;
        _inputShape = inputShape;
        _inputSize = Product(inputShape);
        _heads = new OutputHead[outputs.Length];
        int offset = 0;
        for (int h = 0; h < outputs.Length; h++)
        {
            _heads[h] = new OutputHead(outputs[h], h, offset);
            offset += _heads[h].Size;
        }
        Outputs = Array.AsReadOnly(outputs.ToArray());
        _outputSize = offset;
        _outputShape = outputs.Length == 1 ? outputs[0].Shape.ToArray() : [offset];
        _parameters = new float[parameterCount];
        _nonTrainable = new float[nonTrainableParameterCount];
        _gradients = new float[parameterCount];
        SummaryText = summary;
        _dot = dot;
        Seed = seed;
        _shuffle = new SeededRandom(SeededRandom.Mix((ulong)(uint)seed, 0x5A0FF1EUL));
        _trainingSeeds = SeededRandom.Mix((ulong)(uint)seed, 0xD50F0D7UL);
    }

    /// <summary>A seed for a model built without one: different on every run, as Keras's unseeded initializers are.</summary>
    protected static int RandomSeed() => Random.Shared.Next();

    /// <summary>The model's name, Keras's <c>model.name</c>.</summary>
    public string Name { get; }

    /// <summary>The seed this instance was built with.</summary>
    public int Seed { get; }

    /// <summary>One sample's input shape, without the batch axis.</summary>
    public ReadOnlySpan<int> InputShape => _inputShape;

    /// <summary>One sample's output shape, without the batch axis.</summary>
    public ReadOnlySpan<int> OutputShape => _outputShape;

    /// <summary>Every trainable parameter, layer after layer, in one contiguous buffer.</summary>
    public Span<float> Parameters => _parameters;

    /// <summary>
    /// The layers' non-trainable state, layer after layer, in one contiguous buffer: BatchNormalization's
    /// <c>moving_mean</c> and <c>moving_variance</c>. The optimizer never touches it; only the layers' own forward
    /// passes during training change it. Saved and loaded with the weights. Empty for most models.
    /// </summary>
    public Span<float> NonTrainableParameters => _nonTrainable;

    /// <summary>
    /// The values of one of the model's variables (one of an <see cref="Architecture"/> layer's
    /// <see cref="LayerInfo.Variables"/>): a slice of <see cref="Parameters"/> when it is trainable, of
    /// <see cref="NonTrainableParameters"/> otherwise.
    /// </summary>
    /// <exception cref="ArgumentException">The variable lies outside its buffer, so belongs to another model.</exception>
    public Span<float> WeightsOf(LayerVariable variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        float[] buffer = variable.Trainable ? _parameters : _nonTrainable;
        if (variable.Offset + (long)variable.Length > buffer.Length)
            throw new ArgumentException($"{Name}: the variable {variable} ends past the {buffer.Length} values of its buffer; it belongs to another model.", nameof(variable));
        return buffer.AsSpan(variable.Offset, variable.Length);
    }

    /// <summary>
    /// True while <c>Fit</c> and <c>TrainOnBatch</c> run a training batch's forward and backward passes, false in
    /// <c>Predict</c> and <c>Evaluate</c> (also for <c>Fit</c>'s validation): Keras's <c>training</c> argument, which
    /// Dropout and BatchNormalization read from the generated passes.
    /// </summary>
    public bool Training { get; private set; }

    /// <summary>The training batches run so far (each <c>TrainOnBatch</c> and each step of <c>Fit</c>); the current one's number while <see cref="Training"/>.</summary>
    public long TrainingStep { get; private set; }

    /// <summary>
    /// A seed for the current training batch's randomness (Dropout's masks): different for every batch, and the
    /// same for the same <see cref="Seed"/> and <see cref="TrainingStep"/>, so a seeded model trains reproducibly.
    /// A layer mixes in its own salt: <c>SeededRandom.Mix(TrainingSeed, layerIndex)</c>.
    /// </summary>
    protected ulong TrainingSeed => SeededRandom.Mix(_trainingSeeds, (ulong)TrainingStep);

    /// <summary>The gradient of the last training batch's mean loss, laid out as <see cref="Parameters"/>.</summary>
    public ReadOnlySpan<float> Gradients => _gradients;

    /// <summary>The loss given to <c>Compile</c>, or null before it.</summary>
    public Loss? Loss => _losses.Length == 0 ? null : _losses[0];

    /// <summary>Each output's loss, in output order; empty before <c>Compile</c>.</summary>
    public IReadOnlyList<Loss> Losses => _losses;

    /// <summary>Each output's weight in the total loss, Keras's <c>loss_weights</c>; all 1 unless given.</summary>
    public IReadOnlyList<double> LossWeights => _lossWeights;

    /// <summary>The optimizer given to <c>Compile</c>, or null before it.</summary>
    public Optimizer? Optimizer => _optimizer;

    /// <summary>The metrics given to <c>Compile</c>.</summary>
    public IReadOnlyList<Metric> Metrics => _metrics;

    /// <summary>The summary in Keras's layout, fixed at build time.</summary>
    public string SummaryText { get; }

    /// <summary>
    /// The network as a Graphviz digraph, in the spirit of Keras's <c>plot_model(show_shapes=True)</c>:
    /// one box per layer with its type and shapes. <c>dot -Tpng model.dot -o model.png</c> draws it.
    /// </summary>
    public string ToDot() => _dot;

    /// <summary>Prints the summary, Keras's <c>model.summary()</c>.</summary>
    public void Summary(TextWriter? writer = null) => (writer ?? Console.Out).Write(SummaryText);

    /// <summary>The layers in order, as the generator saw them: for exporters that rebuild the network elsewhere.</summary>
    public abstract IReadOnlyList<LayerInfo> Architecture { get; }

    /// <summary>The parameter buffer, for the generated layer views.</summary>
    protected float[] ParameterArray => _parameters;

    /// <summary>The non-trainable state buffer, for the generated passes (<see cref="NonTrainableParameters"/>).</summary>
    protected float[] NonTrainableParameterArray => _nonTrainable;

    /// <summary>The gradient buffer, for the generated backward pass.</summary>
    protected float[] GradientArray => _gradients;

    // ---- The generated passes -------------------------------------------------------------

    /// <summary>Allocates every activation and gradient buffer for batches of up to <paramref name="batch"/> samples.</summary>
    protected abstract void AllocateWorkspace(int batch);

    /// <summary>Runs the layers on <paramref name="batch"/> samples of <paramref name="input"/>, leaving the result in <see cref="Output"/>.</summary>
    protected abstract void Forward(ReadOnlySpan<float> input, int batch);

    /// <summary>
    /// Back-propagates from <see cref="OutputGradient"/> (or from <see cref="LogitsGradient"/> when
    /// <paramref name="fromLogits"/>) into <see cref="GradientArray"/>.
    /// </summary>
    protected abstract void Backward(ReadOnlySpan<float> input, int batch, bool fromLogits);

    /// <summary>The last layer's output buffer.</summary>
    protected abstract Span<float> Output { get; }

    /// <summary>The gradient of the loss with respect to <see cref="Output"/>.</summary>
    protected abstract Span<float> OutputGradient { get; }

    /// <summary>The input of the final softmax, when the model ends in one.</summary>
    protected virtual Span<float> Logits => Span<float>.Empty;

    /// <summary>The gradient with respect to <see cref="Logits"/>.</summary>
    protected virtual Span<float> LogitsGradient => Span<float>.Empty;

    /// <summary>Output <paramref name="head"/>'s buffer; a model with several outputs overrides the four head members.</summary>
    protected virtual Span<float> HeadOutput(int head) => Output;

    /// <summary>The gradient of the loss with respect to <see cref="HeadOutput"/>.</summary>
    protected virtual Span<float> HeadOutputGradient(int head) => OutputGradient;

    /// <summary>The input of output <paramref name="head"/>'s final softmax, when it ends in one.</summary>
    protected virtual Span<float> HeadLogits(int head) => Logits;

    /// <summary>The gradient with respect to <see cref="HeadLogits"/>.</summary>
    protected virtual Span<float> HeadLogitsGradient(int head) => LogitsGradient;

    /// <summary>
    /// A functional model's input layers, in the order a sample lays their values out (Keras's
    /// <c>Model(inputs=[...])</c>); empty for a Sequential model, whose one input has no layer of its own.
    /// </summary>
    public virtual IReadOnlyList<string> InputLayerNames => [];

    /// <summary>The model's outputs: their names, shapes and where each sits in a sample's targets.</summary>
    public IReadOnlyList<ModelOutput> Outputs { get; }

    // ---- compile --------------------------------------------------------------------------

    /// <summary>Keras's <c>compile(loss, optimizer, metrics)</c>.</summary>
    public void Compile(Loss loss, Optimizer optimizer, params Metric[] metrics)
    {
        ArgumentNullException.ThrowIfNull(loss);
        Compile(Enumerable.Repeat(loss, _heads.Length).ToArray(), optimizer, null, metrics);
    }

    /// <summary>
    /// Keras's <c>compile(loss=[...], loss_weights=[...], ...)</c> for a model with several outputs: one loss per
    /// output, in output order, and optionally each output's weight in the total loss (which is what training
    /// minimises; each output's own loss is logged unweighted as <c>name_loss</c>).
    /// </summary>
    public void Compile(Loss[] losses, Optimizer optimizer, double[]? lossWeights = null, params Metric[] metrics)
    {
        ArgumentNullException.ThrowIfNull(losses);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(metrics);
        int missing = Array.IndexOf(metrics, null);
        if (missing >= 0)
            throw new ArgumentException($"metrics[{missing}] is null; give Metric values (Metric.CategoricalAccuracy, Metric.BinaryAccuracy) or leave the metric out.", nameof(metrics));
        if (losses.Length != _heads.Length || losses.Any(l => l is null))
            throw new ArgumentException($"{Name} has {_heads.Length} output(s) ({string.Join(", ", _heads.Select(h => h.Output.Name))}); give one loss for each, not {losses.Length}{(losses.Any(l => l is null) ? " with nulls" : "")}.", nameof(losses));
        double[] weights = lossWeights ?? Enumerable.Repeat(1.0, _heads.Length).ToArray();
        if (weights.Length != _heads.Length || weights.Any(w => !(w >= 0) || double.IsInfinity(w)))
            throw new ArgumentException($"{Name} needs one finite, non-negative loss weight per output ({_heads.Length}); got [{string.Join(", ", weights)}].", nameof(lossWeights));
        optimizer.BindTo(this);
        (_losses, _lossWeights, _optimizer, _metrics) = (losses.ToArray(), weights.ToArray(), optimizer, metrics.ToArray());
        // The loss starts from an output's logits when that output ends in a softmax and its loss fuses with one.
        _fromLogits = _heads.Select(h => h.IsSoftmax && _losses[h.Index].FusesWithSoftmax).ToArray();
    }

    /// <summary>
    /// Whether the loss of output <paramref name="head"/> has written the gradient of its logits itself, so the
    /// generated backward pass skips that output's softmax; set by <c>Compile</c>.
    /// </summary>
    protected bool HeadFromLogits(int head) => _fromLogits[head];

    /// <summary>Keras's <c>compile</c> with names: <c>Compile("categorical_crossentropy", new SGD(lr: 0.1), "categorical_accuracy")</c>.</summary>
    public void Compile(string loss, Optimizer optimizer, params string[] metrics)
        => Compile(Compiled.Loss.FromName(loss), optimizer, metrics.Select(Metric.FromName).ToArray());

    /// <summary>Keras's <c>compile</c> with names only: <c>Compile("mse", "sgd")</c>.</summary>
    public void Compile(string loss, string optimizer, params string[] metrics)
        => Compile(loss, Compiled.Optimizer.FromName(optimizer), metrics);

    // ---- predict --------------------------------------------------------------------------

    /// <summary>
    /// Predicts for one or more samples stored back to back in <paramref name="x"/>, writing their
    /// outputs back to back into <paramref name="y"/>; allocates nothing once warmed up.
    /// </summary>
    public void Predict(ReadOnlySpan<float> x, Span<float> y)
    {
        using CallScope call = EnterCall(nameof(Predict));
        int samples = SampleCount(x.Length, _inputSize, "x", "input", _inputShape);
        if (y.Length != samples * _outputSize)
            throw new ArgumentException($"{Name}: {samples} sample(s) give {samples * _outputSize} output values ({_outputSize} each, output shape {Shape(_outputShape)}), but y holds {y.Length}.", nameof(y));
        int chunk = Math.Min(samples, Math.Max(_capacity, PredictChunk));
        EnsureCapacity(chunk);
        for (int start = 0; start < samples; start += chunk)
        {
            int n = Math.Min(chunk, samples - start);
            Forward(x.Slice(start * _inputSize, n * _inputSize), n);
            Span<float> chunkOutputs = y.Slice(start * _outputSize, n * _outputSize);
            if (_heads.Length == 1)
                HeadOutput(0).Slice(0, n * _outputSize).CopyTo(chunkOutputs);
            else
                foreach (OutputHead head in _heads)
                    Kernels.Concatenation.Write(HeadOutput(head.Index).Slice(0, n * head.Size), chunkOutputs, n, head.Size, _outputSize, head.Offset);
        }
    }

    /// <summary>Predicts for samples stored back to back; returns their outputs back to back.</summary>
    public float[] Predict(ReadOnlySpan<float> x)
    {
        float[] y = new float[SampleCount(x.Length, _inputSize, "x", "input", _inputShape) * _outputSize];
        Predict(x, y);
        return y;
    }

    /// <summary>Predicts for each row of <paramref name="x"/> (one sample per row), reading it in place.</summary>
    public float[,] Predict(float[,] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        CheckColumns(x.GetLength(1), _inputSize, "x", "input", _inputShape);
        float[,] y = new float[x.GetLength(0), _outputSize];
        Predict(AsSpan(x), AsSpan(y));
        return y;
    }

    /// <summary>Predicts for each sample of <paramref name="x"/>.</summary>
    public float[][] Predict(float[][] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        float[] flat = Flatten(x, _inputSize, "x", "input", _inputShape);
        float[] y = Predict(flat);
        float[][] rows = new float[x.Length][];
        for (int i = 0; i < rows.Length; i++) rows[i] = y.AsSpan(i * _outputSize, _outputSize).ToArray();
        return rows;
    }

    // ---- fit --------------------------------------------------------------------------------

    /// <summary>
    /// Keras's <c>fit(x, y, batch_size, epochs, verbose, shuffle)</c> on samples and targets stored back
    /// to back. Each epoch visits every sample once (the last batch may be smaller), in a new order when
    /// <paramref name="shuffle"/>; the order comes from the model's seed.
    /// </summary>
    /// <param name="x">Inputs, <c>samples × input size</c> values.</param>
    /// <param name="y">Targets, <c>samples × output size</c> values (one-hot for categorical cross-entropy).</param>
    /// <param name="batchSize">Samples per update; Keras's default 32.</param>
    /// <param name="epochs">Passes over the data.</param>
    /// <param name="verbose">0 silent, 1 progress bar, 2 one line per epoch.</param>
    /// <param name="shuffle">Whether to shuffle the samples before each epoch.</param>
    /// <param name="output">Where progress goes; the console by default.</param>
    /// <param name="validationSplit">
    /// Keras's <c>validation_split</c>: the fraction of samples, taken from the end before any shuffling,
    /// held out of training and evaluated after each epoch as <c>val_loss</c> and <c>val_</c> metrics.
    /// </param>
    public History Fit(ReadOnlySpan<float> x, ReadOnlySpan<float> y, int batchSize = 32, int epochs = 1, int verbose = 1, bool shuffle = true, TextWriter? output = null, double validationSplit = 0)
    {
        using CallScope call = EnterCall(nameof(Fit));
        (Loss loss, Optimizer optimizer) = RequireCompiled(nameof(Fit));
        int samples = CheckPairs(x.Length, y.Length);
        if (samples == 0) throw new ArgumentException("Fit needs at least one sample; x is empty.", nameof(x));
        if (!(validationSplit >= 0 && validationSplit < 1))
            throw new ArgumentOutOfRangeException(nameof(validationSplit), $"validationSplit must be in [0, 1); got {validationSplit}.");
        int validationSamples = validationSplit > 0 ? samples - (int)(samples * (1 - validationSplit)) : 0;
        if (validationSplit > 0 && (validationSamples == 0 || validationSamples == samples))
            throw new ArgumentException($"validationSplit {validationSplit} of {samples} sample(s) leaves {samples - validationSamples} for training and {validationSamples} for validation; both need at least one.", nameof(validationSplit));
        ReadOnlySpan<float> xValidation = x.Slice((samples - validationSamples) * _inputSize);
        ReadOnlySpan<float> yValidation = y.Slice((samples - validationSamples) * _outputSize);
        samples -= validationSamples;
        x = x.Slice(0, samples * _inputSize);
        y = y.Slice(0, samples * _outputSize);
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
                Gather(y, order, first, n, _outputSize, _yStage);
                TrainStep(_xStage.AsSpan(0, n * _inputSize), _yStage.AsSpan(0, n * _outputSize), n, optimizer, sums);
                rowsSeen += n;
                for (int i = 0; i < sums.Length; i++) means[i] = sums[i] / rowsSeen;
                bool last = step == steps - 1;
                if (last && validationSamples > 0)
                    EvaluateInto(xValidation, yValidation, validationSamples, batch, means.AsSpan(trainingNames.Length), null, trainingNames);
                bar?.Update(step + 1, last ? names : runningNames, means);
            }
            history.Add(means);
        }
        return history;
    }

    /// <summary>Keras's <c>fit</c> on one sample per row of <paramref name="x"/> and <paramref name="y"/>, read in place.</summary>
    public History Fit(float[,] x, float[,] y, int batchSize = 32, int epochs = 1, int verbose = 1, bool shuffle = true, TextWriter? output = null, double validationSplit = 0)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        CheckColumns(x.GetLength(1), _inputSize, "x", "input", _inputShape);
        CheckColumns(y.GetLength(1), _outputSize, "y", "output", _outputShape);
        return Fit(AsSpan(x), AsSpan(y), batchSize, epochs, verbose, shuffle, output, validationSplit);
    }

    /// <summary>Keras's <c>fit</c> on one sample per element of <paramref name="x"/> and <paramref name="y"/> (copied once into one buffer).</summary>
    public History Fit(float[][] x, float[][] y, int batchSize = 32, int epochs = 1, int verbose = 1, bool shuffle = true, TextWriter? output = null, double validationSplit = 0)
        => Fit(Flatten(x, _inputSize, "x", "input", _inputShape), Flatten(y, _outputSize, "y", "output", _outputShape), batchSize, epochs, verbose, shuffle, output, validationSplit);

    /// <summary>Keras's <c>train_on_batch</c>: one update on the samples given; returns the batch's mean loss (with several outputs, the weighted sum of their losses; <c>Evaluate</c> gives each one).</summary>
    public double TrainOnBatch(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        using CallScope call = EnterCall(nameof(TrainOnBatch));
        (Loss loss, Optimizer optimizer) = RequireCompiled(nameof(TrainOnBatch));
        int samples = CheckPairs(x.Length, y.Length);
        if (samples == 0) throw new ArgumentException("TrainOnBatch needs at least one sample; x is empty.", nameof(x));
        EnsureCapacity(samples);
        Span<double> sums = stackalloc double[LogCount];
        sums.Clear();
        TrainStep(x, y, samples, optimizer, sums);
        return sums[0] / samples;
    }

    private void TrainStep(ReadOnlySpan<float> x, ReadOnlySpan<float> y, int batch, Optimizer optimizer, Span<double> sums)
    {
        TrainingStep++;
        Training = true;
        try
        {
            TrainPasses(x, y, batch, optimizer, sums);
        }
        finally
        {
            Training = false;
        }
    }

    private void TrainPasses(ReadOnlySpan<float> x, ReadOnlySpan<float> y, int batch, Optimizer optimizer, Span<double> sums)
    {
        Forward(x, batch);
        foreach (OutputHead head in _heads)
        {
            ReadOnlySpan<float> targets = Targets(y, head, batch);
            int rows = batch * head.RowsPerSample;
            ReadOnlySpan<float> predicted = HeadOutput(head.Index).Slice(0, batch * head.Size);
            bool fromLogits = _fromLogits[head.Index];
            Span<float> gradient = (fromLogits ? HeadLogitsGradient(head.Index) : HeadOutputGradient(head.Index)).Slice(0, batch * head.Size);
            // Keras sums the outputs' losses, each a mean over its rows; sums are per sample until divided by the samples seen.
            double headLoss = (fromLogits
                ? _losses[head.Index].ComputeFromSoftmaxLogits(HeadLogits(head.Index), predicted, targets, gradient, rows, head.Width)
                : _losses[head.Index].Compute(predicted, targets, gradient, rows, head.Width)) / head.RowsPerSample;
            double weight = _lossWeights[head.Index];
            if (weight != 1) TensorPrimitives.Multiply(gradient, (float)weight, gradient);
            AddToLogs(sums, head, headLoss, weight, predicted, targets, rows);
        }
        // The generated pass reads the flag of a single output from here, and several outputs' flags from HeadFromLogits.
        Backward(x, batch, _fromLogits[0]);
        optimizer.Apply(_parameters, _gradients);
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

    /// <summary>One output's targets for a batch: in place with one output, else copied out of each sample's targets.</summary>
    private ReadOnlySpan<float> Targets(ReadOnlySpan<float> y, OutputHead head, int batch)
    {
        if (_heads.Length == 1) return y.Slice(0, batch * head.Size);
        Span<float> targets = head.Staging.AsSpan(0, batch * head.Size);
        Kernels.Concatenation.Read(y.Slice(0, batch * _outputSize), targets, batch, head.Size, _outputSize, head.Offset);
        return targets;
    }

    // ---- evaluate ---------------------------------------------------------------------------

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

    // ---- helpers ----------------------------------------------------------------------------

    private void EnsureCapacity(int batch)
    {
        if (batch <= _capacity) return;
        AllocateWorkspace(batch);
        if (_heads.Length > 1)
            foreach (OutputHead head in _heads) head.Staging = new float[batch * head.Size];
        _capacity = batch;
    }

    private int LogCount => 1 + (_heads.Length == 1 ? 0 : _heads.Length) + _heads.Length * _metrics.Length;

    private void EnsureStaging(int batch)
    {
        if (_xStage.Length < batch * _inputSize) _xStage = new float[batch * _inputSize];
        if (_yStage.Length < batch * _outputSize) _yStage = new float[batch * _outputSize];
    }

    private (Loss, Optimizer) RequireCompiled(string caller)
        => _losses.Length == 0 || _optimizer is null
            ? throw new InvalidOperationException($"{Name}: call Compile(loss, optimizer, metrics) before {caller}, as in Keras.")
            : (_losses[0], _optimizer);

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

    private int CheckPairs(int xLength, int yLength)
    {
        int samples = SampleCount(xLength, _inputSize, "x", "input", _inputShape);
        int targets = SampleCount(yLength, _outputSize, "y", "output", _outputShape);
        if (samples != targets)
            throw new ArgumentException($"{Name}: x holds {samples} sample(s) but y holds {targets} target(s); they must match.", "y");
        return samples;
    }

    private int SampleCount(int length, int size, string argument, string what, int[] shape)
    {
        if (length % size != 0)
            throw new ArgumentException($"{Name}: {argument} holds {length} values, not a whole number of samples of {size} {what} values each ({what} shape {Shape(shape)}).", argument);
        return length / size;
    }

    private void CheckColumns(int columns, int size, string argument, string what, int[] shape)
    {
        if (columns != size)
            throw new ArgumentException($"{Name}: expected {size} {what} values per sample ({what} shape {Shape(shape)}); {argument} has {columns} per row.", argument);
    }

    private float[] Flatten(float[][] rows, int size, string argument, string what, int[] shape)
    {
        ArgumentNullException.ThrowIfNull(rows, argument);
        float[] flat = new float[rows.Length * size];
        for (int i = 0; i < rows.Length; i++)
        {
            float[] row = rows[i] ?? throw new ArgumentException($"{Name}: {argument}[{i}] is null.", argument);
            if (row.Length != size)
                throw new ArgumentException($"{Name}: expected {size} {what} values per sample ({what} shape {Shape(shape)}); {argument}[{i}] has {row.Length}.", argument);
            row.CopyTo(flat, i * size);
        }
        return flat;
    }

    private static Span<float> AsSpan(float[,] array)
        => MemoryMarshal.CreateSpan(ref Unsafe.As<byte, float>(ref MemoryMarshal.GetArrayDataReference(array)), array.Length);

    private static int Product(int[] shape)
    {
        int product = 1;
        foreach (int d in shape) product *= d;
        return product;
    }

    /// <summary>A shape as Keras prints it, with <c>None</c> for the batch axis.</summary>
    public static string Shape(ReadOnlySpan<int> shape) => "(None, " + string.Join(", ", shape.ToArray()) + ")";

    /// <summary>One output as the training loop sees it: where it sits in a sample's targets and how its rows are laid out.</summary>
    private sealed class OutputHead(ModelOutput output, int index, int offset)
    {
        public ModelOutput Output { get; } = output;
        public int Index { get; } = index;
        public int Offset { get; } = offset;
        public int Size { get; } = Product(output.Shape.ToArray());
        public int Width { get; } = output.Shape[^1];
        public int RowsPerSample => Size / Width;
        public bool IsSoftmax => Output.IsSoftmax;
        /// <summary>This output's targets for one batch, when they must be copied out of the samples' joined targets.</summary>
        public float[] Staging { get; set; } = [];
    }
}
