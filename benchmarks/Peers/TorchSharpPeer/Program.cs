using System.Globalization;
using Compiled.Benchmarks;
using TorchSharp;
using static TorchSharp.torch;

// TorchSharp's side of the kernels issue's workloads, printed in the same key=value lines as Compiled's
// runner so that both can be read side by side. Same networks, batches, optimizer and random data shapes.
// Arguments: [repetitions] [workload ...]; every workload by default.
string[] names = ["iris_train", "seed_train", "mnist_train", "wide_train", "mnist_cnn_train", "lstm_train", "bilstm_train", "iris_infer", "sgemm"];
int repetitions = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 15;
string[] selected = args.Length > 1 ? args[1..] : names;
foreach (string name in selected.Except(names))
    throw new ArgumentException($"Unknown workload '{name}'; expected one of {string.Join(", ", names)}.");
foreach (int threads in new[] { 1, 2 })
{
    torch.set_num_threads(threads);
    foreach (string name in names.Where(selected.Contains))
    {
        switch (name)
        {
            case "iris_train": Train(name, Dense([4, 16, 3]), [4], classes: 3, batch: 32, threads, repetitions); break;
            case "seed_train": Train(name, Dense([100, 32, 10]), [100], classes: 10, batch: 32, threads, repetitions); break;
            case "mnist_train": Train(name, Dense([784, 128, 10]), [784], classes: 10, batch: 64, threads, repetitions); break;
            case "wide_train": Train(name, Dense([784, 512, 512, 10]), [784], classes: 10, batch: 128, threads, repetitions); break;
            case "mnist_cnn_train": Train(name, MnistCnn(), [1, 28, 28], classes: 10, batch: 128, threads, repetitions, StepCosts.MnistCnnMultiplyAddsPerSample); break;
            case "lstm_train": Train(name, new Recurrent(bidirectional: false), [100, 40], classes: 10, batch: 32, threads, repetitions, StepCosts.LstmMultiplyAddsPerSample); break;
            case "bilstm_train": Train(name, new Recurrent(bidirectional: true), [100, 40], classes: 10, batch: 32, threads, repetitions, StepCosts.BiLstmMultiplyAddsPerSample); break;
            case "iris_infer": Infer(threads, repetitions); break;
            case "sgemm": Sgemm(threads, repetitions); break;
        }
    }
}

// A multilayer perceptron: Linear layers of these widths, ReLU between them (the softmax is in the loss).
static nn.Module<Tensor, Tensor> Dense(int[] widths)
{
    torch.manual_seed(1);
    var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
    for (int i = 0; i + 1 < widths.Length; i++)
    {
        layers.Add(($"dense{i}", nn.Linear(widths[i], widths[i + 1])));
        if (i + 2 < widths.Length) layers.Add(($"relu{i}", nn.ReLU()));
    }
    return nn.Sequential(layers);
}

// Keras's mnist_cnn without dropout, in torch's NCHW: conv 32 3x3 relu, conv 64 3x3 relu, max pool 2x2,
// flatten (64·12·12 = 9216), dense 128 relu, dense 10 (the softmax is in the loss).
static nn.Module<Tensor, Tensor> MnistCnn()
{
    torch.manual_seed(1);
    return nn.Sequential(
        ("conv0", nn.Conv2d(1, 32, 3)), ("relu0", nn.ReLU()),
        ("conv1", nn.Conv2d(32, 64, 3)), ("relu1", nn.ReLU()),
        ("pool", nn.MaxPool2d(2)), ("flatten", nn.Flatten()),
        ("dense0", nn.Linear(9216, 128)), ("relu2", nn.ReLU()),
        ("dense1", nn.Linear(128, 10)));
}

// One step as Compiled's runner times it; with the step's multiply-adds per sample, also its GFLOP/s.
static void Train(string name, nn.Module<Tensor, Tensor> model, long[] sampleShape, int classes, int batch, int threads, int repetitions, long multiplyAddsPerSample = 0)
{
    var optimizer = optim.SGD(model.parameters(), learningRate: 0.01, momentum: 0.9, nesterov: true);
    var loss = nn.CrossEntropyLoss();
    Tensor x = torch.randn([batch, .. sampleShape]);
    Tensor y = torch.randint(classes, [batch], dtype: ScalarType.Int64);
    (double us, double bytes) = Measurement.Run(() =>
    {
        using var scope = torch.NewDisposeScope();
        optimizer.zero_grad();
        Tensor value = loss.forward(model.forward(x), y);
        value.backward();
        optimizer.step();
    }, repetitions);
    string flops = multiplyAddsPerSample > 0 ? Invariant($" gflops={StepCosts.Gflops(multiplyAddsPerSample, batch, us):0.0}") : "";
    Console.WriteLine(Invariant($"workload={name} impl=torchsharp threads={threads} batch={batch} us_per_step={us:0.###} samples_per_s={batch / us * 1e6:0} bytes_per_step={bytes:0}{flops}"));
}

static void Infer(int threads, int repetitions)
{
    torch.manual_seed(1);
    var model = nn.Sequential(("dense0", nn.Linear(4, 16)), ("relu0", nn.ReLU()), ("dense1", nn.Linear(16, 3)), ("softmax", nn.Softmax(1)));
    model.eval();
    float[] sample = [5.1f, 3.5f, 1.4f, 0.2f];
    float[] probabilities = new float[3];
    (double us, double bytes) = Measurement.Run(() =>
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        Tensor output = model.forward(torch.tensor(sample, [1, 4]));
        output.data<float>().CopyTo(probabilities, 0);
    }, repetitions);
    Console.WriteLine(Invariant($"workload=iris_infer impl=torchsharp threads={threads} batch=1 us_per_call={us:0.####} samples_per_s={1 / us * 1e6:0} bytes_per_call={bytes:0}"));
}

static void Sgemm(int threads, int repetitions)
{
    foreach ((int m, int k, int n) in new[] { (512, 512, 512), (64, 784, 128), (128, 784, 512), (128, 512, 512) })
    {
        Tensor a = torch.rand(m, k), b = torch.rand(k, n), c = torch.zeros(m, n);
        (double us, _) = Measurement.Run(() => torch.addmm(c, a, b, beta: 1, alpha: 1).Dispose(), repetitions);
        Console.WriteLine(Invariant($"workload=sgemm impl=torchsharp threads={threads} shape={m}x{k}x{n} us_per_call={us:0.##} gflops={2.0 * m * k * n / us / 1e3:0.0}"));
    }
}

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

/// <summary>
/// The recurrent workloads: LSTM(64) over (batch, 100, 40), or Bidirectional(LSTM(64)) with Keras's 'concat' merge,
/// then Dense 10 on the final state(s) (h_n: for the backward direction that is its state after all 100 steps, as in
/// Keras, not the last step's output, which it reaches after one); the softmax is in the loss.
/// </summary>
sealed class Recurrent : nn.Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.LSTM _lstm;
    private readonly TorchSharp.Modules.Linear _dense;
    private readonly bool _bidirectional;

    public Recurrent(bool bidirectional) : base(bidirectional ? "BiLstm" : "Lstm")
    {
        torch.manual_seed(1);
        _bidirectional = bidirectional;
        _lstm = nn.LSTM(40, 64, batchFirst: true, bidirectional: bidirectional);
        _dense = nn.Linear(bidirectional ? 128 : 64, 10);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        (_, Tensor finalStates, _) = _lstm.forward(input);
        // (directions, batch, 64): the forward direction, then the backward one beside it.
        Tensor last = _bidirectional ? torch.cat([finalStates[0], finalStates[1]], 1) : finalStates[0];
        return _dense.forward(last);
    }
}
