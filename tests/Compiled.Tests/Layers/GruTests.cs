using Compiled.Kernels;

namespace Compiled.Tests.Layers;

/// <summary>
/// The GRU's kernels: the fused cells forward and backward give the same bits on every SIMD path, for unit counts below,
/// at and around each vector width, every activation pair and both forms of the reset gate; they compute tf.keras 2's
/// formulas; the input projection fills the recurrent bias; the products over column blocks of the recurrent kernel are
/// the products they document; and the weight gradients are one product each over every step.
/// </summary>
public class GruTests
{
    private static readonly Activation[] s_elementwise = [Activation.Tanh, Activation.Sigmoid, Activation.HardSigmoid, Activation.Relu, Activation.Linear];

    public static TheoryData<string> VectorPaths() => new("Vector256", "Vector512");

    [SkippableTheory]
    [MemberData(nameof(VectorPaths))]
    public void The_cells_give_the_scalar_paths_bits_on_every_path(string pathName)
    {
        SimdPath path = Enum.Parse<SimdPath>(pathName);
        Skip.IfNot(SimdPaths.IsSupported(path), $"This CPU does not accelerate the {path} path.");
        const int Batch = 3, Steps = 3;
        foreach (bool resetAfter in (bool[])[true, false])
            foreach (int units in (int[])[1, 3, 7, 8, 9, 15, 16, 17, 24, 33, 64])
                foreach (Activation activation in s_elementwise)
                    foreach (Activation recurrent in s_elementwise)
                    {
                        var random = new SeededRandom((ulong)(units * 100 + (int)activation * 10 + (int)recurrent + (resetAfter ? 0 : 50_000)));
                        GruRun scalar = new(random, Batch, Steps, units, resetAfter), vector = scalar.Copy();
                        scalar.ForwardAndBackward(activation, recurrent, SimdPath.Scalar);
                        vector.ForwardAndBackward(activation, recurrent, path);
                        string what = $"{units} units, {activation} candidate, {recurrent} gates, reset_after={resetAfter} on {path}";
                        foreach ((string name, float[] expected, float[] actual) in scalar.Buffers.Zip(vector.Buffers, (s, v) => (s.Name, s.Values, v.Values)))
                            Assert.True(expected.AsSpan().SequenceEqual(actual), $"{what}: {name} differ");
                    }
    }

    [Theory]
    [InlineData("Scalar", true)]
    [InlineData("Vector256", true)]
    [InlineData("Vector512", true)]
    [InlineData("Scalar", false)]
    [InlineData("Vector256", false)]
    [InlineData("Vector512", false)]
    public void The_cells_compute_tf_keras_2s_formulas(string pathName, bool resetAfter)
    {
        SimdPath path = Enum.Parse<SimdPath>(pathName);
        const int Batch = 2, Steps = 3, Units = 19, Width = 3 * Units;
        var random = new SeededRandom(21);
        GruRun run = new(random, Batch, Steps, Units, resetAfter);
        float[] inputSide = (float[])run.Gates.Clone(), recurrentSide = (float[])run.Recurrent.Clone();
        run.Forward(Activation.Tanh, Activation.Sigmoid, path);
        static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));
        for (int b = 0; b < Batch; b++)
        {
            double[] h = new double[Units];
            for (int step = 0; step < Steps; step++)
            {
                int row = (step * Batch + b) * Width;
                double[] next = new double[Units];
                for (int j = 0; j < Units; j++)
                {
                    double z, r, candidate;
                    if (resetAfter)
                    {
                        // The recurrent side holds h₋₁·U + b_recurrent; the run's random values stand for it.
                        z = Sigmoid(inputSide[row + j] + recurrentSide[row + j]);
                        r = Sigmoid(inputSide[row + Units + j] + recurrentSide[row + Units + j]);
                        candidate = Math.Tanh(inputSide[row + 2 * Units + j] + r * recurrentSide[row + 2 * Units + j]);
                    }
                    else
                    {
                        double Product(int column, Func<int, double> state)
                            => Enumerable.Range(0, Units).Sum(i => state(i) * run.RecurrentKernel[i * Width + column]);
                        z = Sigmoid(inputSide[row + j] + Product(j, i => h[i]));
                        r = Sigmoid(inputSide[row + Units + j] + Product(Units + j, i => h[i]));
                        double[] rowReset = Enumerable.Range(0, Units)
                            .Select(i => Sigmoid(inputSide[row + Units + i] + Product(Units + i, k => h[k])) * h[i]).ToArray();
                        candidate = Math.Tanh(inputSide[row + 2 * Units + j] + Product(2 * Units + j, i => rowReset[i]));
                    }
                    next[j] = z * h[j] + (1 - z) * candidate;
                    Assert.Equal(z, run.Gates[row + j], 1e-5);
                    Assert.Equal(r, run.Gates[row + Units + j], 1e-5);
                    Assert.Equal(candidate, run.Gates[row + 2 * Units + j], 1e-5);
                    Assert.Equal(next[j], run.Hidden[(step * Batch + b) * Units + j], 1e-5);
                }
                h = next;
            }
        }
    }

    [Fact]
    public void The_input_projection_fills_every_steps_recurrent_rows_with_the_recurrent_bias()
    {
        // x[b, t, f] = 100·b + 10·t + f: two samples of three steps of two features; one unit, so three gate columns.
        float[] x = [.. from b in Enumerable.Range(0, 2) from t in Enumerable.Range(0, 3) from f in Enumerable.Range(0, 2) select (float)(100 * b + 10 * t + f)];
        float[] kernel = [1, 0, 2, 0, 1, 3], bias = [0.5f, 1.5f, 2.5f, -1, -2, -3];
        float[] inputs = new float[12], gates = new float[18], recurrent = Enumerable.Repeat(9f, 18).ToArray();
        Gru.ProjectInputs(x, kernel, bias, inputs, gates, recurrent, batch: 2, steps: 3, features: 2, units: 1, resetAfter: true, goBackwards: true);
        Assert.Equal([20f, 21, 120, 121, 10, 11, 110, 111, 0, 1, 100, 101], inputs);
        for (int row = 0; row < 6; row++)
        {
            float first = inputs[2 * row], second = inputs[2 * row + 1];
            Assert.Equal([first + 0.5f, second + 1.5f, 2 * first + 3 * second + 2.5f], gates[(row * 3)..(row * 3 + 3)]);
            Assert.Equal([-1f, -2, -3], recurrent[(row * 3)..(row * 3 + 3)]);
        }
        Gru.ProjectInputs(x, kernel, [], inputs, gates, recurrent, batch: 2, steps: 3, features: 2, units: 1, resetAfter: true, goBackwards: false);
        Assert.All(recurrent, v => Assert.Equal(0f, v));
        Assert.Equal([0f, 1, 2 * 0 + 3 * 1], gates[..3]);
    }

    [Fact]
    public void Output_gradients_go_back_to_their_steps()
    {
        float[] every = [.. Enumerable.Range(0, 12).Select(v => (float)v)], last = [7f, 8, 9, 10], stepGradients = Enumerable.Repeat(-1f, 12).ToArray();
        Recurrent.OutputGradients(every, stepGradients, batch: 2, steps: 3, units: 2, returnSequences: true);
        // every[b, s, u] = 6·b + 2·s + u lands at [s, b, u].
        Assert.Equal([0f, 1, 6, 7, 2, 3, 8, 9, 4, 5, 10, 11], stepGradients);
        Recurrent.OutputGradients(last, stepGradients, batch: 2, steps: 3, units: 2, returnSequences: false);
        Assert.Equal([0f, 0, 0, 0, 0, 0, 0, 0, 7, 8, 9, 10], stepGradients);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Weight_gradients_are_one_product_each_over_every_step(bool resetAfter)
    {
        const int Batch = 2, Steps = 3, Features = 3, Units = 2, Width = 6, Rows = Batch * Steps;
        var random = new SeededRandom(5);
        float[] Random(int n) => Enumerable.Range(0, n).Select(_ => (float)random.NextGaussian()).ToArray();
        float[] inputs = Random(Rows * Features), hidden = Random(Rows * Units), resetHidden = Random(Rows * Units);
        float[] gateGradients = Random(Rows * Width), recurrentGradients = Random(Rows * Width), kernel = Random(Features * Width);
        float[] savedInputs = (float[])inputs.Clone();
        float[] dKernel = Random(Features * Width), dRecurrent = Random(Units * Width), dBias = Random((resetAfter ? 2 : 1) * Width);
        float[] dx = Enumerable.Repeat(1f, Batch * Steps * Features).ToArray();

        Gru.WeightGradients(inputs, hidden, resetAfter ? [] : resetHidden, gateGradients, resetAfter ? recurrentGradients : [], kernel, dKernel, dRecurrent, dBias, dx,
            Batch, Steps, Features, Units, resetAfter, goBackwards: true, accumulate: true);

        for (int f = 0; f < Features; f++)
            for (int k = 0; k < Width; k++)
                Assert.Equal(Enumerable.Range(0, Rows).Sum(r => (double)savedInputs[r * Features + f] * gateGradients[r * Width + k]), dKernel[f * Width + k], 1e-5);
        // Step s's gradient meets step s - 1's state: rows from the second step on. Without reset_after the h columns meet r ⊙ h₋₁ of the step itself.
        for (int u = 0; u < Units; u++)
            for (int k = 0; k < Width; k++)
            {
                double expected = resetAfter
                    ? Enumerable.Range(Batch, Rows - Batch).Sum(r => (double)hidden[(r - Batch) * Units + u] * recurrentGradients[r * Width + k])
                    : k < 2 * Units
                        ? Enumerable.Range(Batch, Rows - Batch).Sum(r => (double)hidden[(r - Batch) * Units + u] * gateGradients[r * Width + k])
                        : Enumerable.Range(Batch, Rows - Batch).Sum(r => (double)resetHidden[r * Units + u] * gateGradients[r * Width + k]);
                Assert.Equal(expected, dRecurrent[u * Width + k], 1e-5);
            }
        for (int k = 0; k < Width; k++)
        {
            Assert.Equal(Enumerable.Range(0, Rows).Sum(r => (double)gateGradients[r * Width + k]), dBias[k], 1e-5);
            if (resetAfter) Assert.Equal(Enumerable.Range(0, Rows).Sum(r => (double)recurrentGradients[r * Width + k]), dBias[Width + k], 1e-5);
        }
        // dx = dGates · kernelᵀ, step s back at time T-1-s (read backwards), added to the ones already there.
        for (int s = 0; s < Steps; s++)
            for (int b = 0; b < Batch; b++)
                for (int f = 0; f < Features; f++)
                {
                    int row = s * Batch + b;
                    double expected = 1 + Enumerable.Range(0, Width).Sum(k => (double)gateGradients[row * Width + k] * kernel[f * Width + k]);
                    Assert.Equal(expected, dx[(b * Steps + Steps - 1 - s) * Features + f], 1e-5);
                }
    }

    [Fact]
    public void The_reset_gates_backward_pass_goes_through_both_column_blocks_of_the_recurrent_kernel()
    {
        const int Batch = 2, Units = 3, Width = 9;
        var random = new SeededRandom(8);
        GruRun run = new(random, Batch, 2, Units, resetAfter: false);
        run.Forward(Activation.Tanh, Activation.Sigmoid, SimdPath.Scalar);
        float[] dh = (float[])run.HiddenGradients.Clone();
        Gru.CandidateBackward(run.Gates, run.Hidden, run.HiddenGradients, run.GateGradients, 1, Batch, Units, Activation.Tanh, Activation.Sigmoid);
        float[] afterCandidate = (float[])run.HiddenGradients.Clone(), candidateGradients = (float[])run.GateGradients.Clone();
        Gru.ResetBackward(run.Gates, run.Hidden, run.PackedBlocks(transposed: true), run.ResetGradient, run.GateGradients, run.HiddenGradients, 1, Batch, Units, Activation.Tanh, Activation.Sigmoid);
        for (int b = 0; b < Batch; b++)
            for (int i = 0; i < Units; i++)
            {
                int row = (Batch + b) * Width, previous = b * Units + i;
                // d(r ⊙ h₋₁)ᵢ = Σⱼ dh̃ⱼ · U[i, 2u + j]; then dr and dh₋₁ from it.
                double resetHidden = Enumerable.Range(0, Units).Sum(j => (double)candidateGradients[row + 2 * Units + j] * run.RecurrentKernel[i * Width + 2 * Units + j]);
                Assert.Equal(resetHidden, run.ResetGradient[b * Units + i], 1e-5);
                double r = run.Gates[row + Units + i], h = run.Hidden[previous];
                Assert.Equal(resetHidden * h * r * (1 - r), run.GateGradients[row + Units + i], 1e-5);
                double throughProducts = Enumerable.Range(0, 2 * Units).Sum(k => (double)run.GateGradients[row + k] * run.RecurrentKernel[i * Width + k]);
                Assert.Equal(afterCandidate[previous] + resetHidden * r + throughProducts, run.HiddenGradients[previous], 1e-5);
                // The candidate pass had added dh ⊙ z to the step before.
                Assert.Equal(dh[previous] + dh[Batch * Units + previous] * run.Gates[row + i], afterCandidate[previous], 1e-5);
            }
    }

    [Fact]
    public void Short_buffers_first_step_products_and_softmax_are_refused()
    {
        float[] gates = new float[2 * 3 * 3], hidden = new float[2 * 3], kernel = new float[3 * 9];
        var shortHidden = Assert.Throws<ArgumentException>(() => Gru.Cell(gates, gates, new float[5], step: 1, batch: 1, units: 3, Activation.Tanh, Activation.Sigmoid));
        Assert.Contains("hidden holds 5 values; the GRU's sizes need 6", shortHidden.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Gru.AddUpdateResetProducts(hidden, new float[Gru.PackedBlocksLength(3)], gates, step: 0, batch: 1, units: 3));
        var shortPanels = Assert.Throws<ArgumentException>(() => Gru.AddUpdateResetProducts(hidden, kernel, gates, step: 1, batch: 1, units: 3));
        Assert.Contains("packedBlocks holds 27 values", shortPanels.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Gru.Candidate(gates, hidden, step: 0, batch: 1, units: 3, Activation.Softmax, Activation.Sigmoid));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gru.ResetGates(gates, hidden, hidden, step: 0, batch: 1, units: 3, Activation.Tanh, Activation.Softmax));
    }

    /// <summary>
    /// The buffers of a run of the GRU's step kernels over a few steps, filled with random pre-activations, recurrent sides,
    /// a random recurrent kernel and random output gradients: the whole forward loop, then the whole backward loop.
    /// </summary>
    private sealed class GruRun
    {
        private readonly int _batch, _steps, _units;
        private readonly bool _resetAfter;

        public GruRun(SeededRandom random, int batch, int steps, int units, bool resetAfter)
        {
            (_batch, _steps, _units, _resetAfter) = (batch, steps, units, resetAfter);
            int rows = steps * batch;
            Gates = Values(random, rows * 3 * units, 1.5);
            Recurrent = Values(random, rows * 3 * units, 1.5);
            RecurrentKernel = Values(random, units * 3 * units, 0.5);
            Hidden = new float[rows * units];
            ResetHidden = new float[rows * units];
            HiddenGradients = Values(random, rows * units, 1);
            GateGradients = new float[rows * 3 * units];
            RecurrentGradients = new float[rows * 3 * units];
            ResetGradient = new float[batch * units];
        }

        private GruRun(GruRun other)
        {
            (_batch, _steps, _units, _resetAfter) = (other._batch, other._steps, other._units, other._resetAfter);
            (Gates, Recurrent, RecurrentKernel, Hidden, ResetHidden) = (Clone(other.Gates), Clone(other.Recurrent), Clone(other.RecurrentKernel), Clone(other.Hidden), Clone(other.ResetHidden));
            (HiddenGradients, GateGradients, RecurrentGradients, ResetGradient) = (Clone(other.HiddenGradients), Clone(other.GateGradients), Clone(other.RecurrentGradients), Clone(other.ResetGradient));
        }

        public float[] Gates { get; }
        public float[] Recurrent { get; }
        public float[] RecurrentKernel { get; }
        public float[] Hidden { get; }
        public float[] ResetHidden { get; }
        public float[] HiddenGradients { get; }
        public float[] GateGradients { get; }
        public float[] RecurrentGradients { get; }
        public float[] ResetGradient { get; }

        public IEnumerable<(string Name, float[] Values)> Buffers =>
        [
            ("gates", Gates), ("hidden states", Hidden), ("r ⊙ h", ResetHidden), ("hidden gradients", HiddenGradients),
            ("gate gradients", GateGradients), ("recurrent gradients", RecurrentGradients), ("reset gradients", ResetGradient),
        ];

        public GruRun Copy() => new(this);

        /// <summary>The recurrent kernel's two column blocks packed as the generated code packs them once per pass.</summary>
        public float[] PackedBlocks(bool transposed)
        {
            float[] packed = new float[Gru.PackedBlocksLength(_units)];
            Gru.PackRecurrentBlocks(RecurrentKernel, packed, _units, transposed);
            return packed;
        }

        public void Forward(Activation activation, Activation recurrent, SimdPath path)
        {
            float[] blocks = PackedBlocks(transposed: false);
            for (int step = 0; step < _steps; step++)
            {
                if (_resetAfter)
                {
                    Gru.Cell(Gates, Recurrent, Hidden, step, _batch, _units, activation, recurrent, path);
                    continue;
                }
                if (step > 0) Gru.AddUpdateResetProducts(Hidden, blocks, Gates, step, _batch, _units);
                Gru.ResetGates(Gates, Hidden, ResetHidden, step, _batch, _units, activation, recurrent, path);
                if (step > 0) Gru.AddCandidateProduct(ResetHidden, blocks, Gates, step, _batch, _units);
                Gru.Candidate(Gates, Hidden, step, _batch, _units, activation, recurrent, path);
            }
        }

        public void ForwardAndBackward(Activation activation, Activation recurrent, SimdPath path)
        {
            Forward(activation, recurrent, path);
            float[] blocks = PackedBlocks(transposed: true);
            for (int step = _steps - 1; step >= 0; step--)
            {
                if (_resetAfter)
                {
                    Gru.CellBackward(Gates, Recurrent, Hidden, HiddenGradients, GateGradients, RecurrentGradients, step, _batch, _units, activation, recurrent, path);
                    continue;
                }
                Gru.CandidateBackward(Gates, Hidden, HiddenGradients, GateGradients, step, _batch, _units, activation, recurrent, path);
                if (step > 0) Gru.ResetBackward(Gates, Hidden, blocks, ResetGradient, GateGradients, HiddenGradients, step, _batch, _units, activation, recurrent, path);
            }
        }

        private static float[] Clone(float[] values) => (float[])values.Clone();

        private static float[] Values(SeededRandom random, int count, double scale)
            => Enumerable.Range(0, count).Select(_ => (float)(scale * random.NextGaussian())).ToArray();
    }
}
