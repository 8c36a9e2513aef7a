using BenchmarkDotNet.Attributes;
using Compiled.Kernels;

namespace Compiled.Benchmarks.Kernels;

/// <summary>The element-wise kernels of a training step at the sizes the workloads use.</summary>
[MemoryDiagnoser]
public class ElementwiseBenchmarks
{
    private float[] _parameters = [], _velocity = [], _gradients = [], _logits = [], _probabilities = [];

    [Params(131, 101_770, 669_706)]
    public int Parameters { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new SeededRandom(2);
        _parameters = new float[Parameters];
        _velocity = new float[Parameters];
        _gradients = new float[Parameters];
        for (int i = 0; i < Parameters; i++) _gradients[i] = (float)random.NextGaussian();
        _logits = new float[128 * 10];
        _probabilities = new float[128 * 10];
        for (int i = 0; i < _logits.Length; i++) _logits[i] = (float)random.NextGaussian();
    }

    [Benchmark]
    public void SgdNesterovStep() => SgdStep.Apply(_parameters, _velocity, _gradients, 0.01f, 0.9f, nesterov: true);

    [Benchmark]
    public void Softmax128x10() => Softmax.Forward(_logits, _probabilities, 128, 10);

    [Benchmark]
    public void ReluBackward() => Relu.Backward(_gradients, _gradients, _velocity);
}
