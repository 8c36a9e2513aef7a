using Compiled.Kernels;

namespace Compiled.Tests.Layers;

/// <summary>
/// The SimpleRNN's step kernels: forward and backward give the same bits on every SIMD path, for sizes below, at and
/// around each vector width and every activation; they compute Keras's formulas on the step's rows alone; and short
/// buffers and softmax are refused.
/// </summary>
public class SimpleRnnTests
{
    private static readonly Activation[] s_elementwise = [Activation.Tanh, Activation.Sigmoid, Activation.HardSigmoid, Activation.Relu, Activation.Linear];

    public static TheoryData<string> VectorPaths() => new("Vector256", "Vector512");

    [SkippableTheory]
    [MemberData(nameof(VectorPaths))]
    public void The_step_kernels_give_the_scalar_paths_bits_on_every_path(string pathName)
    {
        SimdPath path = Enum.Parse<SimdPath>(pathName);
        Skip.IfNot(SimdPaths.IsSupported(path), $"This CPU does not accelerate the {path} path.");
        const int Steps = 3;
        foreach (int batch in (int[])[1, 3])
            foreach (int units in (int[])[1, 3, 7, 8, 9, 15, 16, 17, 24, 33, 64])
                foreach (Activation activation in s_elementwise)
                {
                    var random = new SeededRandom((ulong)(batch * 1000 + units * 10 + (int)activation));
                    float[] hidden = Values(random, Steps * batch * units, 2), gradients = Values(random, Steps * batch * units, 1);
                    float[] vectorHidden = (float[])hidden.Clone(), vectorGradients = (float[])gradients.Clone();
                    for (int step = 0; step < Steps; step++)
                    {
                        SimpleRnn.Activate(hidden, step, batch, units, activation, SimdPath.Scalar);
                        SimpleRnn.Activate(vectorHidden, step, batch, units, activation, path);
                    }
                    for (int step = Steps - 1; step >= 0; step--)
                    {
                        SimpleRnn.ActivateBackward(hidden, gradients, step, batch, units, activation, SimdPath.Scalar);
                        SimpleRnn.ActivateBackward(vectorHidden, vectorGradients, step, batch, units, activation, path);
                    }
                    string what = $"batch {batch}, {units} units, {activation} on {path}";
                    Assert.True(hidden.AsSpan().SequenceEqual(vectorHidden), what + ": states differ");
                    Assert.True(gradients.AsSpan().SequenceEqual(vectorGradients), what + ": gradients differ");
                }
    }

    [Theory]
    [InlineData("Scalar")]
    [InlineData("Vector256")]
    [InlineData("Vector512")]
    public void The_step_kernels_compute_the_activation_and_its_derivative_on_the_steps_rows_only(string pathName)
    {
        SimdPath path = Enum.Parse<SimdPath>(pathName);
        const int Batch = 2, Units = 19, Steps = 3, Step = 1;
        var functions = new Dictionary<Activation, (Func<double, double> F, Func<double, double> Derivative)>
        {
            [Activation.Tanh] = (Math.Tanh, y => 1 - y * y),
            [Activation.Sigmoid] = (v => 1 / (1 + Math.Exp(-v)), y => y * (1 - y)),
            [Activation.HardSigmoid] = (v => Math.Clamp(0.2 * v + 0.5, 0, 1), y => y > 0 && y < 1 ? 0.2 : 0),
            [Activation.Relu] = (v => Math.Max(v, 0), y => y > 0 ? 1 : 0),
            [Activation.Linear] = (v => v, _ => 1),
        };
        foreach ((Activation activation, (Func<double, double> f, Func<double, double> derivative)) in functions)
        {
            var random = new SeededRandom(21 + (ulong)activation);
            float[] z = Values(random, Steps * Batch * Units, 3), dh = Values(random, Steps * Batch * Units, 1);
            float[] hidden = (float[])z.Clone(), gradients = (float[])dh.Clone();
            SimpleRnn.Activate(hidden, Step, Batch, Units, activation, path);
            SimpleRnn.ActivateBackward(hidden, gradients, Step, Batch, Units, activation, path);
            for (int i = 0; i < z.Length; i++)
            {
                bool inStep = i / (Batch * Units) == Step;
                double h = inStep ? f(z[i]) : z[i], dz = inStep ? dh[i] * derivative(hidden[i]) : dh[i];
                Assert.Equal(h, hidden[i], 1e-6);
                Assert.Equal(dz, gradients[i], 1e-6);
            }
        }
    }

    [Fact]
    public void Short_buffers_and_softmax_are_refused()
    {
        float[] hidden = new float[2 * 3];
        var tooShort = Assert.Throws<ArgumentException>(() => SimpleRnn.Activate(hidden, step: 2, batch: 1, units: 3, Activation.Tanh));
        Assert.Contains("hidden holds 6 values; step 2 of the SimpleRNN's sizes needs 9", tooShort.Message);
        Assert.Throws<ArgumentException>(() => SimpleRnn.ActivateBackward(hidden, new float[5], step: 1, batch: 1, units: 3, Activation.Tanh));
        Assert.Throws<ArgumentOutOfRangeException>(() => SimpleRnn.Activate(hidden, step: 0, batch: 1, units: 3, Activation.Softmax));
        Assert.Throws<ArgumentOutOfRangeException>(() => SimpleRnn.ActivateBackward(hidden, hidden, step: 0, batch: 1, units: 3, Activation.Softmax));
    }

    private static float[] Values(SeededRandom random, int count, double scale)
        => Enumerable.Range(0, count).Select(_ => (float)(scale * random.NextGaussian())).ToArray();
}

/// <summary>The SimpleRNN's run-time description: Keras's weight layout inside the cell, its output shapes, and its refusals.</summary>
public class SimpleRnnLayerTests
{
    [Fact]
    public void Variables_are_laid_out_as_keras_orders_them_inside_the_cell()
    {
        var rnn = new SimpleRNNLayer(name: "simple_rnn", inputShape: [10, 3], units: 4, activation: Activation.Tanh, useBias: true, returnSequences: false,
            goBackwards: false, dropout: 0, parameterOffset: 5);
        Assert.Equal(["kernel (3, 4) at 5", "recurrent_kernel (4, 4) at 17", "bias (4,) at 33"], rnn.Variables.Select(v => v.ToString()));
        Assert.All(rnn.Variables, v => Assert.Equal("simple_rnn_cell", v.Scope));
        Assert.Equal(32, rnn.ParameterCount);
        Assert.Equal([4], rnn.OutputShape);
        var sequences = new SimpleRNNLayer(name: "simple_rnn_12", inputShape: [6, 5], units: 2, activation: Activation.Relu, useBias: false, returnSequences: true,
            goBackwards: true, dropout: 0.25, parameterOffset: 0);
        Assert.Equal(["kernel (5, 2) at 0", "recurrent_kernel (2, 2) at 10"], sequences.Variables.Select(v => v.ToString()));
        Assert.Null(sequences.Bias);
        // tf.keras numbers cells as it numbers layers: simple_rnn_12's is simple_rnn_cell_12; another name's is simple_rnn_cell.
        Assert.All(sequences.Variables, v => Assert.Equal("simple_rnn_cell_12", v.Scope));
        Assert.Equal([6, 2], sequences.OutputShape);
        var named = new SimpleRNNLayer(name: "encoder", inputShape: [6, 5], units: 2, activation: Activation.Tanh, useBias: true, returnSequences: false,
            goBackwards: false, dropout: 0, parameterOffset: 0);
        Assert.All(named.Variables, v => Assert.Equal("simple_rnn_cell", v.Scope));
    }

    [Fact]
    public void Shapes_softmax_and_rates_outside_keras_s_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new SimpleRNNLayer("simple_rnn", [8], 4, Activation.Tanh, true, false, false, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimpleRNNLayer("simple_rnn", [5, 3], 0, Activation.Tanh, true, false, false, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimpleRNNLayer("simple_rnn", [5, 3], 4, Activation.Softmax, true, false, false, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimpleRNNLayer("simple_rnn", [5, 3], 4, Activation.Tanh, true, false, false, 1, 0));
    }
}
