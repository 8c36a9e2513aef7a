using Compiled.Kernels;

namespace Compiled.Tests.Layers;

/// <summary>
/// The LSTM's kernels: the fused cell forward and backward give the same bits on every SIMD path, for unit counts
/// below, at and around each vector width, and every activation pair; they compute tf.keras 2's formulas; the
/// reordering kernels put each step where it belongs, reversed with go_backwards; and the weight gradients are the
/// products they document.
/// </summary>
public class LstmTests
{
    private static readonly Activation[] s_elementwise = [Activation.Tanh, Activation.Sigmoid, Activation.HardSigmoid, Activation.Relu, Activation.Linear];

    public static TheoryData<string> VectorPaths() => new("Vector256", "Vector512");

    [SkippableTheory]
    [MemberData(nameof(VectorPaths))]
    public void The_cell_gives_the_scalar_paths_bits_on_every_path(string pathName)
    {
        SimdPath path = Enum.Parse<SimdPath>(pathName);
        Skip.IfNot(SimdPaths.IsSupported(path), $"This CPU does not accelerate the {path} path.");
        const int Batch = 3, Steps = 2;
        foreach (int units in (int[])[1, 3, 7, 8, 9, 15, 16, 17, 24, 33, 64])
            foreach (Activation activation in s_elementwise)
                foreach (Activation recurrent in s_elementwise)
                {
                    var random = new SeededRandom((ulong)(units * 100 + (int)activation * 10 + (int)recurrent));
                    CellRun scalar = new(random, Batch, Steps, units), vector = scalar.Copy();
                    for (int step = 0; step < Steps; step++)
                    {
                        scalar.Forward(step, activation, recurrent, SimdPath.Scalar);
                        vector.Forward(step, activation, recurrent, path);
                    }
                    for (int step = Steps - 1; step >= 0; step--)
                    {
                        scalar.Backward(step, activation, recurrent, SimdPath.Scalar);
                        vector.Backward(step, activation, recurrent, path);
                    }
                    string what = $"{units} units, {activation} cell, {recurrent} gates on {path}";
                    Assert.True(scalar.Gates.AsSpan().SequenceEqual(vector.Gates), what + ": gates differ");
                    Assert.True(scalar.Cells.AsSpan().SequenceEqual(vector.Cells), what + ": cells differ");
                    Assert.True(scalar.Hidden.AsSpan().SequenceEqual(vector.Hidden), what + ": hidden states differ");
                    Assert.True(scalar.GateGradients.AsSpan().SequenceEqual(vector.GateGradients), what + ": gate gradients differ");
                    Assert.True(scalar.CellGradient.AsSpan().SequenceEqual(vector.CellGradient), what + ": carried cell gradients differ");
                }
    }

    [Theory]
    [InlineData("Scalar")]
    [InlineData("Vector256")]
    [InlineData("Vector512")]
    public void The_cell_computes_tf_keras_2s_formulas(string pathName)
    {
        SimdPath path = Enum.Parse<SimdPath>(pathName);
        const int Batch = 2, Units = 19;
        var random = new SeededRandom(21);
        CellRun run = new(random, Batch, 2, Units);
        float[] z0 = (float[])run.Gates.Clone();
        run.Forward(0, Activation.Tanh, Activation.Sigmoid, path);
        run.Forward(1, Activation.Tanh, Activation.Sigmoid, path);
        static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));
        for (int b = 0; b < Batch; b++)
            for (int j = 0; j < Units; j++)
            {
                double c = 0, h = 0;
                for (int step = 0; step < 2; step++)
                {
                    int row = (step * Batch + b) * 4 * Units;
                    double i = Sigmoid(z0[row + j]), f = Sigmoid(z0[row + Units + j]), g = Math.Tanh(z0[row + 2 * Units + j]), o = Sigmoid(z0[row + 3 * Units + j]);
                    c = f * c + i * g;
                    h = o * Math.Tanh(c);
                    int at = (step * Batch + b) * Units + j;
                    Assert.Equal(c, run.Cells[at], 1e-6);
                    Assert.Equal(h, run.Hidden[at], 1e-6);
                    Assert.Equal(i, run.Gates[row + j], 1e-6);
                    Assert.Equal(o, run.Gates[row + 3 * Units + j], 1e-6);
                }
            }
    }

    [Fact]
    public void Inputs_are_laid_out_time_major_and_reversed_when_reading_backwards()
    {
        // x[b, t, f] = 100·b + 10·t + f: two samples of three steps of two features.
        float[] x = [.. from b in Enumerable.Range(0, 2) from t in Enumerable.Range(0, 3) from f in Enumerable.Range(0, 2) select (float)(100 * b + 10 * t + f)];
        float[] kernel = new float[2 * 4], inputs = new float[12], gates = new float[3 * 2 * 4];
        Lstm.ProjectInputs(x, kernel, [], inputs, gates, batch: 2, steps: 3, features: 2, units: 1, goBackwards: false);
        Assert.Equal([0f, 1, 100, 101, 10, 11, 110, 111, 20, 21, 120, 121], inputs);
        Lstm.ProjectInputs(x, kernel, [], inputs, gates, batch: 2, steps: 3, features: 2, units: 1, goBackwards: true);
        Assert.Equal([20f, 21, 120, 121, 10, 11, 110, 111, 0, 1, 100, 101], inputs);

        // gates = inputs · kernel + bias: kernel column k picks 1·feature 0 + k·feature 1, plus the bias k.
        for (int k = 0; k < 4; k++) (kernel[k], kernel[4 + k]) = (1, k);
        Lstm.ProjectInputs(x, kernel, [0f, 1, 2, 3], inputs, gates, batch: 2, steps: 3, features: 2, units: 1, goBackwards: false);
        for (int row = 0; row < 6; row++)
            for (int k = 0; k < 4; k++)
                Assert.Equal(inputs[2 * row] + k * inputs[2 * row + 1] + k, gates[row * 4 + k]);
    }

    [Fact]
    public void Outputs_are_the_last_step_or_every_step_batch_major_and_their_gradients_go_back_to_the_steps()
    {
        // hidden[s, b, u] = 100·s + 10·b + u: three steps of two samples of two units.
        float[] hidden = [.. from s in Enumerable.Range(0, 3) from b in Enumerable.Range(0, 2) from u in Enumerable.Range(0, 2) select (float)(100 * s + 10 * b + u)];
        float[] last = new float[4], every = new float[12];
        Lstm.Outputs(hidden, last, batch: 2, steps: 3, units: 2, returnSequences: false);
        Assert.Equal([200f, 201, 210, 211], last);
        Lstm.Outputs(hidden, every, batch: 2, steps: 3, units: 2, returnSequences: true);
        Assert.Equal([0f, 1, 100, 101, 200, 201, 10, 11, 110, 111, 210, 211], every);

        float[] stepGradients = Enumerable.Repeat(-1f, 12).ToArray(), carried = [5f, 5, 5, 5];
        Lstm.OutputGradients(every, stepGradients, carried, batch: 2, steps: 3, units: 2, returnSequences: true);
        Assert.Equal(hidden, stepGradients);
        Assert.Equal([0f, 0, 0, 0], carried);
        Lstm.OutputGradients(last, stepGradients, carried, batch: 2, steps: 3, units: 2, returnSequences: false);
        Assert.Equal([0f, 0, 0, 0, 0, 0, 0, 0, 200, 201, 210, 211], stepGradients);
    }

    [Fact]
    public void Weight_gradients_are_one_product_each_over_every_step()
    {
        const int Batch = 2, Steps = 3, Features = 3, Units = 2, Width = 8, Rows = Batch * Steps;
        var random = new SeededRandom(5);
        float[] Random(int n) => Enumerable.Range(0, n).Select(_ => (float)random.NextGaussian()).ToArray();
        float[] inputs = Random(Rows * Features), hidden = Random(Rows * Units), dz = Random(Rows * Width), kernel = Random(Features * Width);
        float[] savedInputs = (float[])inputs.Clone();
        float[] dKernel = Random(Features * Width), dRecurrent = Random(Units * Width), dBias = Random(Width);
        float[] dx = Enumerable.Repeat(1f, Batch * Steps * Features).ToArray();

        Lstm.WeightGradients(inputs, hidden, dz, kernel, dKernel, dRecurrent, dBias, dx, Batch, Steps, Features, Units, goBackwards: true, accumulate: true);

        for (int f = 0; f < Features; f++)
            for (int k = 0; k < Width; k++)
                Assert.Equal(Enumerable.Range(0, Rows).Sum(r => (double)savedInputs[r * Features + f] * dz[r * Width + k]), dKernel[f * Width + k], 1e-5);
        // Step s's gradient meets step s - 1's hidden state: rows from the second step on.
        for (int u = 0; u < Units; u++)
            for (int k = 0; k < Width; k++)
                Assert.Equal(Enumerable.Range(Batch, Rows - Batch).Sum(r => (double)hidden[(r - Batch) * Units + u] * dz[r * Width + k]), dRecurrent[u * Width + k], 1e-5);
        for (int k = 0; k < Width; k++)
            Assert.Equal(Enumerable.Range(0, Rows).Sum(r => (double)dz[r * Width + k]), dBias[k], 1e-5);
        // dx = dz · kernelᵀ, step s back at time T-1-s (read backwards), added to the ones already there.
        for (int s = 0; s < Steps; s++)
            for (int b = 0; b < Batch; b++)
                for (int f = 0; f < Features; f++)
                {
                    int row = s * Batch + b;
                    double expected = 1 + Enumerable.Range(0, Width).Sum(k => (double)dz[row * Width + k] * kernel[f * Width + k]);
                    Assert.Equal(expected, dx[(b * Steps + Steps - 1 - s) * Features + f], 1e-5);
                }
    }

    [Fact]
    public void Short_buffers_and_softmax_are_refused()
    {
        float[] gates = new float[2 * 4 * 3], cells = new float[2 * 3];
        var shortCells = Assert.Throws<ArgumentException>(() => Lstm.Cell(gates, new float[5], cells, cells, step: 1, batch: 1, units: 3, Activation.Tanh, Activation.Sigmoid));
        Assert.Contains("cells holds 5 values; the LSTM's sizes need 6", shortCells.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Lstm.Cell(gates, cells, cells, cells, step: 0, batch: 1, units: 3, Activation.Softmax, Activation.Sigmoid));
        Assert.Throws<ArgumentOutOfRangeException>(() => Lstm.Cell(gates, cells, cells, cells, step: 0, batch: 1, units: 3, Activation.Tanh, Activation.Softmax));
    }

    /// <summary>The buffers of a run of the cell over a few steps, filled with random pre-activations and gradients.</summary>
    private sealed class CellRun
    {
        private readonly int _batch, _units;

        public CellRun(SeededRandom random, int batch, int steps, int units)
        {
            (_batch, _units) = (batch, units);
            Gates = Values(random, steps * batch * 4 * units, 2);
            Cells = new float[steps * batch * units];
            Activations = new float[steps * batch * units];
            Hidden = new float[steps * batch * units];
            HiddenGradients = Values(random, steps * batch * units, 1);
            CellGradient = new float[batch * units];
            GateGradients = new float[steps * batch * 4 * units];
        }

        private CellRun(CellRun other)
        {
            (_batch, _units) = (other._batch, other._units);
            Gates = (float[])other.Gates.Clone();
            Cells = (float[])other.Cells.Clone();
            Activations = (float[])other.Activations.Clone();
            Hidden = (float[])other.Hidden.Clone();
            HiddenGradients = (float[])other.HiddenGradients.Clone();
            CellGradient = (float[])other.CellGradient.Clone();
            GateGradients = (float[])other.GateGradients.Clone();
        }

        public float[] Gates { get; }
        public float[] Cells { get; }
        public float[] Activations { get; }
        public float[] Hidden { get; }
        public float[] HiddenGradients { get; }
        public float[] CellGradient { get; }
        public float[] GateGradients { get; }

        public CellRun Copy() => new(this);

        public void Forward(int step, Activation activation, Activation recurrent, SimdPath path)
            => Lstm.Cell(Gates, Cells, Activations, Hidden, step, _batch, _units, activation, recurrent, path);

        public void Backward(int step, Activation activation, Activation recurrent, SimdPath path)
            => Lstm.CellBackward(Gates, Cells, Activations, HiddenGradients, CellGradient, GateGradients, step, _batch, _units, activation, recurrent, path);

        private static float[] Values(SeededRandom random, int count, double scale)
            => Enumerable.Range(0, count).Select(_ => (float)(scale * random.NextGaussian())).ToArray();
    }
}
