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
    private int _targetSize;
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
    /// <param name="finalActivation">The activation the last layer ends in when its logits are at hand (<see cref="ModelOutput.FinalActivation"/>).</param>
    /// <param name="summary">The model's summary in Keras's layout.</param>
    /// <param name="dot">The network as a Graphviz digraph.</param>
    /// <param name="seed">Decides every unseeded initializer, the shuffling in <c>Fit</c> and <see cref="TrainingSeed"/>.</param>
    /// <param name="nonTrainableParameterCount">The length of the non-trainable state buffer (<see cref="NonTrainableParameters"/>); 0 without such state.</param>
    protected Model(string name, int[] inputShape, int[] outputShape, int parameterCount, Activation finalActivation, string summary, string dot, int seed, int nonTrainableParameterCount = 0)
        : this(name, inputShape, [new ModelOutput(name, outputShape, finalActivation)], parameterCount, summary, dot, seed, nonTrainableParameterCount)
    {
    }

    /// <summary>A model with one or more outputs; a sample's targets (and predictions) are the outputs' values one after another.</summary>
    /// <param name="name">The model's name in its summary.</param>
    /// <param name="inputShape">One sample's input shape, without the batch axis (several inputs: their total size).</param>
    /// <param name="outputs">The outputs in order: each one's layer name, shape and final activation.</param>
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
        _targetSize = offset;
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

    /// <summary>
    /// Called by <see cref="AllocateWorkspace"/> before it allocates: fails, naming the layer, when a batch of
    /// <paramref name="batch"/> samples needs more values in one buffer than a .NET array holds, rather than let the
    /// length overflow.
    /// </summary>
    /// <param name="batch">The batch the buffers are being sized for.</param>
    /// <param name="valuesPerSample">The largest buffer's values per sample.</param>
    /// <param name="layer">The layer that owns that buffer.</param>
    /// <exception cref="InvalidOperationException">The largest buffer would exceed <see cref="Array.MaxLength"/>.</exception>
    protected void RequireBatchFits(int batch, long valuesPerSample, string layer)
    {
        if ((long)batch * valuesPerSample <= Array.MaxLength) return;
        throw new InvalidOperationException(
            $"{Name}: a batch of {batch} sample(s) needs {(long)batch * valuesPerSample:N0} values in one buffer of layer '{layer}' ({valuesPerSample:N0} per sample), " +
            $"more than the {Array.MaxLength:N0} a .NET array holds; use batches of at most {Array.MaxLength / valuesPerSample} sample(s).");
    }

    /// <summary>
    /// The first <paramref name="length"/> values of <paramref name="buffer"/>: in the generated passes, the part of a buffer
    /// the batch at hand fills (buffers are sized for the largest batch seen).
    /// </summary>
    /// <param name="buffer">A buffer of the workspace.</param>
    /// <param name="length">The batch times the buffer's values per sample.</param>
    protected static Span<float> BatchOf(float[] buffer, int length) => new(buffer, 0, length);

    // The generated AllocateWorkspace allocates a layer's buffers of one length (its output, its gradient, its activation's)
    // with one call rather than one line each: a model of 20 layers is 60 fewer lines for the compiler to read.

    /// <summary>Allocates a buffer of <paramref name="length"/> values, for <see cref="AllocateWorkspace"/>.</summary>
    /// <param name="length">The values the buffer holds.</param>
    /// <param name="buffer">The new buffer.</param>
    protected static void Allocate(int length, out float[] buffer) => buffer = new float[length];

    /// <summary>Allocates two buffers of <paramref name="length"/> values each, for <see cref="AllocateWorkspace"/>.</summary>
    /// <param name="length">The values each buffer holds.</param>
    /// <param name="first">The first new buffer.</param>
    /// <param name="second">The second new buffer.</param>
    protected static void Allocate(int length, out float[] first, out float[] second)
    {
        first = new float[length];
        second = new float[length];
    }

    /// <summary>Allocates three buffers of <paramref name="length"/> values each, for <see cref="AllocateWorkspace"/>.</summary>
    /// <param name="length">The values each buffer holds.</param>
    /// <param name="first">The first new buffer.</param>
    /// <param name="second">The second new buffer.</param>
    /// <param name="third">The third new buffer.</param>
    protected static void Allocate(int length, out float[] first, out float[] second, out float[] third)
    {
        Allocate(length, out first, out second);
        third = new float[length];
    }

    /// <summary>Allocates four buffers of <paramref name="length"/> values each, for <see cref="AllocateWorkspace"/>.</summary>
    /// <param name="length">The values each buffer holds.</param>
    /// <param name="first">The first new buffer.</param>
    /// <param name="second">The second new buffer.</param>
    /// <param name="third">The third new buffer.</param>
    /// <param name="fourth">The fourth new buffer.</param>
    protected static void Allocate(int length, out float[] first, out float[] second, out float[] third, out float[] fourth)
    {
        Allocate(length, out first, out second, out third);
        fourth = new float[length];
    }

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

    /// <summary>The input of the final activation the loss may start from (<see cref="ModelOutput.FinalActivation"/>), when there is one.</summary>
    protected virtual Span<float> Logits => Span<float>.Empty;

    /// <summary>The gradient with respect to <see cref="Logits"/>.</summary>
    protected virtual Span<float> LogitsGradient => Span<float>.Empty;

    /// <summary>Output <paramref name="head"/>'s buffer; a model with several outputs overrides the four head members.</summary>
    protected virtual Span<float> HeadOutput(int head) => Output;

    /// <summary>The gradient of the loss with respect to <see cref="HeadOutput"/>.</summary>
    protected virtual Span<float> HeadOutputGradient(int head) => OutputGradient;

    /// <summary>The input of output <paramref name="head"/>'s final activation, when the loss may start from it.</summary>
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
}
