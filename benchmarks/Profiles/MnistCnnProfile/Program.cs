using System.Diagnostics;
using Compiled;
using Compiled.Kernels;

// Where mnist_cnn_train's step goes: every kernel call of the generated Forward and Backward of the
// benchmark's network, made exactly as the generated code makes it, on the model's own buffers, each timed
// alone; then the whole TrainOnBatch, whose remainder is the loss and call overhead. Median of every section
// over the rounds. Last, for scale, conv2's three products as single whole-batch GEMMs on prebuilt patches.
// Not a benchmark the README quotes; a diagnostic for choosing optimisation work. When the generator changes
// what it emits for this network, ProfiledCnn.Profile must follow (compare with the model's .g.cs, e.g. built
// with -p:EmitCompilerGeneratedFiles=true).
//
//   dotnet run -c Release --project benchmarks/Profiles/MnistCnnProfile [threads=1] [rounds=25]
int threads = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1;
int rounds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 25;
const int Batch = 128;
Gemm.MaxThreads = threads;
ProfiledCnn model = new(seed: 1);
SeededRandom random = new(7);
float[] x = new float[Batch * ProfiledCnn.InputSize];
for (int i = 0; i < x.Length; i++) x[i] = (float)random.NextGaussian();
float[] y = new float[Batch * ProfiledCnn.OutputSize];
for (int i = 0; i < Batch; i++) y[i * ProfiledCnn.OutputSize + random.NextInt(ProfiledCnn.OutputSize)] = 1;
SGD sgd = new(lr: 0.01, momentum: 0.9, nesterov: true);
model.Compile(Loss.CategoricalCrossentropy, sgd);
for (int i = 0; i < 10; i++) model.TrainOnBatch(x, y);

Dictionary<string, List<double>> times = [];
List<string> order = [];
void Add(string name, double ms)
{
    if (!times.TryGetValue(name, out List<double>? list))
    {
        times[name] = list = [];
        order.Add(name);
    }
    list.Add(ms);
}
for (int r = 0; r < rounds; r++)
{
    long start = Stopwatch.GetTimestamp();
    model.TrainOnBatch(x, y);
    Add(ProfiledCnn.WholeStep, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    model.Profile(x, Batch, Add, sgd);
}
double whole = Median(times[ProfiledCnn.WholeStep]);
double sum = 0;
Console.WriteLine($"threads={threads} batch={Batch} rounds={rounds} (median ms; GFLOP/s where the section multiplies)");
foreach (string name in order)
{
    double ms = Median(times[name]);
    bool part = name != ProfiledCnn.WholeStep && !name.StartsWith(' ');
    if (part) sum += ms;
    double gmac = ProfiledCnn.MultiplyAdds.GetValueOrDefault(name);
    string rate = gmac > 0 ? $"{2 * gmac / ms * 1e3,7:0.0} GFLOP/s" : "";
    Console.WriteLine($"{name,-56} {ms,9:0.000} ms {(part ? $"{100 * ms / whole,5:0.0}%" : "      ")} {rate}");
}
Console.WriteLine($"{"sum of the sections",-56} {sum,9:0.000} ms {100 * sum / whole,5:0.0}%");
Console.WriteLine($"{"whole step at 9.16 GFLOP",-56} {"",9}    {"",5}  {2 * ProfiledCnn.StepMultiplyAdds / whole * 1e3,7:0.0} GFLOP/s");
GemmReference(threads);

// conv2's products as single whole-batch GEMMs on prebuilt patches, and a plain im2col of the batch.
static void GemmReference(int threads)
{
    const int Pixels = Batch * 24 * 24, Depth = 3 * 3 * 32, Filters = 64;
    SeededRandom random = new(3);
    float[] cols = new float[Pixels * Depth], kernel = new float[Depth * Filters], dy = new float[Pixels * Filters];
    float[] result = new float[Pixels * Filters], dKernel = new float[Depth * Filters], dCols = new float[Pixels * Depth];
    float[] image = new float[Batch * 26 * 26 * 32];
    for (int i = 0; i < image.Length; i++) image[i] = (float)random.NextDouble();
    for (int i = 0; i < kernel.Length; i++) kernel[i] = (float)random.NextDouble();
    for (int i = 0; i < dy.Length; i++) dy[i] = (float)random.NextDouble();
    void Im2Col()
    {
        for (int b = 0; b < Batch; b++)
            for (int oy = 0; oy < 24; oy++)
                for (int ox = 0; ox < 24; ox++)
                {
                    int row = ((b * 24 + oy) * 24 + ox) * Depth;
                    for (int ky = 0; ky < 3; ky++)
                        image.AsSpan(((b * 26 + oy + ky) * 26 + ox) * 32, 3 * 32).CopyTo(cols.AsSpan(row + ky * 96, 96));
                }
    }
    (string Name, Action Call)[] references =
    [
        ("im2col of the batch (85 MB of patches)", Im2Col),
        ("fwd   cols·kernel   73728x288x64 nn", () => Gemm.MultiplyAdd(cols, kernel, result, Pixels, Depth, Filters)),
        ("dK    colsᵀ·dy      288x73728x64 tn", () => Gemm.MultiplyAddTransposedA(cols, dy, dKernel, Depth, Pixels, Filters)),
        ("dCols dy·kernelᵀ    73728x64x288 nt", () => Gemm.MultiplyAddTransposedB(dy, kernel, dCols, Pixels, Filters, Depth)),
    ];
    Console.WriteLine($"for scale, not the step's code: conv2's products as whole-batch GEMMs, {threads} thread(s)");
    foreach ((string name, Action call) in references)
    {
        call();
        List<double> list = [];
        for (int r = 0; r < 9; r++)
        {
            long start = Stopwatch.GetTimestamp();
            call();
            list.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        double ms = Median(list);
        string rate = name.Contains('x') ? $"{2.0 * Pixels * Depth * Filters / ms / 1e6,7:0.0} GFLOP/s" : "";
        Console.WriteLine($"  {name,-54} {ms,9:0.000} ms        {rate}");
    }
}

static double Median(List<double> values)
{
    List<double> sorted = [.. values.Order()];
    return sorted[sorted.Count / 2];
}

/// <summary>The benchmark's network (BenchmarkModels.cs's MnistCnnModel), with a pass that times each call.</summary>
[Sequential(InputShape = new[] { 28, 28, 1 })]
[Conv2D(32, 3, Activation = Activation.Relu)]
[Conv2D(64, 3, Activation = Activation.Relu)]
[MaxPooling2D(2)]
[Flatten]
[Dense(128, Activation = Activation.Relu)]
[Dense(10, Activation = Activation.Softmax)]
public partial class ProfiledCnn
{
    public const string WholeStep = "TrainOnBatch, the whole step";
    private const string Conv1Forward = "fwd conv1 Convolution.Forward (direct, relu)";
    private const string Conv2Forward = "fwd conv2 Convolution.Forward (im2col + GEMM, relu)";
    private const string Dense1Forward = "fwd dense1 Dense.Forward";
    private const string Dense1Backward = "bwd dense1 Dense.Backward (dW + dx)";
    private const string Conv2Backward = "bwd conv2 Convolution.Backward (relu, dK + dx)";
    private const string Conv1Backward = "bwd conv1 Convolution.Backward (relu, dK; no dx)";

    private readonly float[] _savedGradient = new float[128 * 36864];
    private const string Conv2KernelGradient = "  of which conv2's dK + dBias alone (dx skipped)";

    /// <summary>Billions of multiply-adds per section at batch 128 (StepCosts' per-sample counts × 128).</summary>
    public static readonly Dictionary<string, double> MultiplyAdds = new()
    {
        [Conv1Forward] = 128 * 194_688e-9, [Conv2Forward] = 128 * 10_616_832e-9, [Dense1Forward] = 128 * 1_179_648e-9,
        [Dense1Backward] = 2 * 128 * 1_179_648e-9, [Conv2Backward] = 2 * 128 * 10_616_832e-9, [Conv1Backward] = 128 * 194_688e-9,
        [Conv2KernelGradient] = 128 * 10_616_832e-9,
    };

    /// <summary>The whole step's billions of multiply-adds: 4.58 (9.16 GFLOP).</summary>
    public const double StepMultiplyAdds = 128 * 35_782_656e-9;

    /// <summary>One SGD step as the generated Forward, the loss's gradient (reused from the last TrainOnBatch) and Backward make it, call by call.</summary>
    public void Profile(ReadOnlySpan<float> input, int batch, Action<string, double> add, Optimizer sgd)
    {
        ReadOnlySpan<float> parameters = ParameterArray;
        Span<float> gradients = GradientArray;
        long t = Stopwatch.GetTimestamp();
        void Lap(string name)
        {
            add(name, Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            t = Stopwatch.GetTimestamp();
        }

        Convolution.Forward(input, parameters.Slice(0, 288), parameters.Slice(288, 32), _conv2dOutput, _conv2dWorkspace, batch, _conv2dGeometry, Activation.Relu);
        Lap(Conv1Forward);
        Convolution.Forward(_conv2dOutput, parameters.Slice(320, 18432), parameters.Slice(18752, 64), _conv2d1Output, _conv2d1Workspace, batch, _conv2d1Geometry, Activation.Relu);
        Lap(Conv2Forward);
        Pooling.MaxForward(_conv2d1Output, _maxPooling2dOutput, _maxPooling2dGeometry, batch, 64);
        Lap("fwd maxpool");
        Compiled.Kernels.Dense.Forward(_maxPooling2dOutput, parameters.Slice(18816, 1179648), parameters.Slice(1198464, 128), _denseOutput, batch, 9216, 128);
        Lap(Dense1Forward);
        Relu.Forward(new Span<float>(_denseOutput, 0, batch * 128), _denseActivation);
        Compiled.Kernels.Dense.Forward(_denseActivation, parameters.Slice(1198592, 1280), parameters.Slice(1199872, 10), _dense1Output, batch, 128, 10);
        Softmax.Forward(_dense1Output, _dense1Activation, batch, 10);
        Lap("fwd dense1 relu, dense2, softmax");

        // The loss (fused softmax cross-entropy) wrote the logits' gradient in the last TrainOnBatch; reused, not timed.
        t = Stopwatch.GetTimestamp();
        Compiled.Kernels.Dense.Backward(_denseActivation, parameters.Slice(1198592, 1280), _dense1OutputGradient, gradients.Slice(1198592, 1280), gradients.Slice(1199872, 10), _denseActivationGradient, batch, 128, 10);
        Relu.Backward(new Span<float>(_denseActivation, 0, batch * 128), new Span<float>(_denseActivationGradient, 0, batch * 128), new Span<float>(_denseOutputGradient, 0, batch * 128));
        Lap("bwd dense2, dense1 relu");
        Compiled.Kernels.Dense.Backward(_maxPooling2dOutput, parameters.Slice(18816, 1179648), _denseOutputGradient, gradients.Slice(18816, 1179648), gradients.Slice(1198464, 128), _maxPooling2dOutputGradient, batch, 9216, 128);
        Lap(Dense1Backward);
        Pooling.MaxBackward(new Span<float>(_conv2d1Output, 0, batch * 36864), new Span<float>(_maxPooling2dOutputGradient, 0, batch * 9216), new Span<float>(_conv2d1OutputGradient, 0, batch * 36864), _maxPooling2dGeometry, batch, 64);
        Lap("bwd maxpool");
        // Backward's relu turns the output gradient in place; a copy keeps it for the kernel-gradient-only rerun below.
        _conv2d1OutputGradient.AsSpan(0, batch * 36864).CopyTo(_savedGradient);
        t = Stopwatch.GetTimestamp();
        Convolution.Backward(_conv2dOutput, parameters.Slice(320, 18432), _conv2d1Output, _conv2d1OutputGradient, Activation.Relu, gradients.Slice(320, 18432), gradients.Slice(18752, 64), _conv2dOutputGradient, _conv2d1Workspace, batch, _conv2d1Geometry);
        Lap(Conv2Backward);
        Convolution.Backward(input, parameters.Slice(0, 288), _conv2dOutput, _conv2dOutputGradient, Activation.Relu, gradients.Slice(0, 288), gradients.Slice(288, 32), Span<float>.Empty, _conv2dWorkspace, batch, _conv2dGeometry);
        Lap(Conv1Backward);
        sgd.Apply(ParameterArray, GradientArray);
        Lap("SGD-Nesterov update (1.2 M parameters)");

        // Not part of the step: conv2's backward split, its kernel gradient alone.
        _savedGradient.CopyTo(_conv2d1OutputGradient, 0);
        t = Stopwatch.GetTimestamp();
        Convolution.Backward(_conv2dOutput, parameters.Slice(320, 18432), _conv2d1Output, _conv2d1OutputGradient, Activation.Relu, gradients.Slice(320, 18432), gradients.Slice(18752, 64), Span<float>.Empty, _conv2d1Workspace, batch, _conv2d1Geometry);
        Lap(Conv2KernelGradient);
    }
}
