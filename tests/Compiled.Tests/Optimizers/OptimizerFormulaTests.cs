namespace Compiled.Tests.Optimizers;

/// <summary>
/// Each optimizer's float32 steps against Keras's formulas in float64 (<see cref="KerasUpdateFormulas"/>): first a
/// first step worked by hand, then six steps on 37 parameters (whole vectors and a scalar tail) with an epsilon large
/// enough (0.05 against gradients up to 1) that putting it inside rather than outside a square root, or bias-correcting
/// it, moves the result by far more than the tolerance.
/// </summary>
public class OptimizerFormulaTests
{
    private const int Length = 37, Steps = 6;
    // float32 rounding over six steps of values up to a few units: well under 1e-5; a misplaced epsilon moves a step by 1e-3 or more.
    private const double Tolerance = 1e-5;

    // ---- First steps worked by hand: p = 1, g = 0.5, lr = 0.1, ε = 0.1 unless said.

    [Fact]
    public void Adam_first_step_adds_epsilon_to_the_uncorrected_root()
    {
        // m = 0.1·0.5 = 0.05, v = 0.001·0.25; lr_t = 0.1·√0.001/0.1; p -= lr_t·m/(√v + ε) = 0.1·0.5/(0.5 + 0.1/√0.001)
        //   = 0.05/3.66227766 = 0.0136527059: p = 0.9863472941 (ε on the corrected root would give 0.9166666667).
        AssertFirstStep(new Adam(learningRate: 0.1, epsilon: 0.1), 0.9863472941);
    }

    [Fact]
    public void Rmsprop_first_step_without_momentum_adds_epsilon_outside_the_root()
    {
        // rms = 0.1·0.25 = 0.025; p -= 0.1·0.5/(√0.025 + 0.1) = 0.05/0.2581138830 = 0.1937129434
        AssertFirstStep(new RMSprop(learningRate: 0.1, epsilon: 0.1), 0.8062870566);
    }

    [Fact]
    public void Rmsprop_first_step_with_momentum_adds_epsilon_inside_the_root()
    {
        // rms = 0.025; mom = 0.1·0.5/√(0.025 + 0.1) = 0.05/0.3535533906 = 0.1414213562; p -= mom
        AssertFirstStep(new RMSprop(learningRate: 0.1, momentum: 0.5, epsilon: 0.1), 0.8585786438);
    }

    [Fact]
    public void Adagrad_first_step_starts_from_the_initial_accumulator()
    {
        // accumulator = 0.1 + 0.25 = 0.35; p -= 0.1·0.5/(√0.35 + 0.1) = 0.05/0.6916079783 = 0.0722952909
        AssertFirstStep(new Adagrad(learningRate: 0.1, epsilon: 0.1), 0.9277047091);
    }

    [Fact]
    public void Adadelta_first_step_scales_by_the_root_of_epsilon_over_the_gradient_average()
    {
        // lr = 1, ε = 1e-6: accum_grad = 0.05·0.25 = 0.0125; update = √1e-6/√0.012501·0.5 = 0.0044719570; p -= update
        AssertFirstStep(new Adadelta(learningRate: 1.0, epsilon: 1e-6), 0.9955280429);
    }

    [Fact]
    public void Adamax_first_step_divides_by_the_gradient_size_plus_epsilon()
    {
        // m = 0.05, v = max(0, 0.5) = 0.5; p -= 0.1/(1 − 0.9)·0.05/(0.5 + 0.1) = 0.0833333333
        AssertFirstStep(new Adamax(learningRate: 0.1, epsilon: 0.1), 0.9166666667);
    }

    [Fact]
    public void Nadam_first_step_follows_the_momentum_schedule()
    {
        // μ₁ = 0.9·(1 − 0.5·0.96^0.004) = 0.4500734736, μ₂ = 0.9·(1 − 0.5·0.96^0.008) = 0.4501469352;
        // m = 0.05, v = 0.00025; m_bar = (1 − μ₁)·0.5/(1 − μ₁) + μ₂·0.05/(1 − μ₁μ₂) = 0.5 + 0.0281014…;
        // p -= 0.1·m_bar/(√(0.00025/0.001) + 0.1) = 0.0880376482
        AssertFirstStep(new Nadam(learningRate: 0.1, epsilon: 0.1), 0.9119623518);
    }

    private static void AssertFirstStep(Optimizer optimizer, double expected)
    {
        float[] p = [1f];
        optimizer.Apply(p, [0.5f]);
        Assert.Equal(expected, p[0], 1e-6);
        Assert.Equal(1, optimizer.Iterations);
    }

    // ---- Several steps against the float64 formulas.

    [Theory]
    [InlineData(false, 0.0)]
    [InlineData(true, 0.0)]
    [InlineData(false, 0.1)]
    [InlineData(true, 0.1)]
    public void Adam_follows_keras_over_several_steps(bool amsgrad, double decay)
    {
        var adam = new Adam(learningRate: 0.05, beta1: 0.8, beta2: 0.9, epsilon: 0.05, amsgrad: amsgrad, decay: decay);
        double[] m = new double[Length], v = new double[Length], vhat = new double[Length];
        bool vhatKeptAnOldMaximum = false;
        Run(adam, (p, g, t) =>
        {
            KerasUpdateFormulas.Adam(p, g, m, v, amsgrad ? vhat : null, t, Decayed(0.05, decay, t), 0.8, 0.9, 0.05);
            AssertClose(m, adam.GetSlot(0), "m");
            AssertClose(v, adam.GetSlot(1), "v");
            if (amsgrad)
            {
                AssertClose(vhat, adam.GetSlot(2), "vhat");
                vhatKeptAnOldMaximum |= vhat.Zip(v).Any(pair => pair.First > pair.Second + 1e-3);
            }
        });
        // The gradients shrink from step to step, so amsgrad's max must have kept an earlier v somewhere.
        Assert.Equal(amsgrad, vhatKeptAnOldMaximum);
    }

    [Theory]
    [InlineData(0.0, false, 0.0)]
    [InlineData(0.0, true, 0.0)]
    [InlineData(0.7, false, 0.0)]
    [InlineData(0.7, true, 0.0)]
    [InlineData(0.7, true, 0.1)]
    public void Rmsprop_follows_keras_over_several_steps(double momentum, bool centered, double decay)
    {
        var rmsprop = new RMSprop(learningRate: 0.01, rho: 0.8, momentum: momentum, epsilon: 0.05, centered: centered, decay: decay);
        double[] rms = new double[Length], mom = new double[Length], mg = new double[Length];
        Assert.Equal(["rms", .. momentum > 0 ? ["momentum"] : Array.Empty<string>(), .. centered ? ["mg"] : Array.Empty<string>()], rmsprop.SlotNames);
        Run(rmsprop, (p, g, t) =>
        {
            KerasUpdateFormulas.Rmsprop(p, g, rms, momentum > 0 ? mom : null, centered ? mg : null, Decayed(0.01, decay, t), 0.8, momentum, 0.05);
            AssertClose(rms, rmsprop.GetSlot(0), "rms");
            if (momentum > 0) AssertClose(mom, rmsprop.GetSlot(1), "momentum");
            if (centered) AssertClose(mg, rmsprop.GetSlot(rmsprop.SlotNames.Count - 1), "mg");
        });
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    public void Adagrad_follows_keras_over_several_steps(double decay)
    {
        var adagrad = new Adagrad(learningRate: 0.05, initialAccumulatorValue: 0.2, epsilon: 0.05, decay: decay);
        double[] accumulator = Enumerable.Repeat(0.2, Length).ToArray();
        Run(adagrad, (p, g, t) =>
        {
            KerasUpdateFormulas.Adagrad(p, g, accumulator, Decayed(0.05, decay, t), 0.05);
            AssertClose(accumulator, adagrad.GetSlot(0), "accumulator");
        });
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    public void Adadelta_follows_keras_over_several_steps(double decay)
    {
        var adadelta = new Adadelta(learningRate: 1.0, rho: 0.9, epsilon: 0.01, decay: decay);
        double[] accumGrad = new double[Length], accumVar = new double[Length];
        Run(adadelta, (p, g, t) =>
        {
            KerasUpdateFormulas.Adadelta(p, g, accumGrad, accumVar, Decayed(1.0, decay, t), 0.9, 0.01);
            AssertClose(accumGrad, adadelta.GetSlot(0), "accum_grad");
            AssertClose(accumVar, adadelta.GetSlot(1), "accum_var");
        });
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    public void Adamax_follows_keras_over_several_steps(double decay)
    {
        var adamax = new Adamax(learningRate: 0.05, beta1: 0.8, beta2: 0.9, epsilon: 0.05, decay: decay);
        double[] m = new double[Length], v = new double[Length];
        Run(adamax, (p, g, t) =>
        {
            KerasUpdateFormulas.Adamax(p, g, m, v, t, Decayed(0.05, decay, t), 0.8, 0.9, 0.05);
            AssertClose(m, adamax.GetSlot(0), "m");
            AssertClose(v, adamax.GetSlot(1), "v");
        });
    }

    [Theory]
    [InlineData(0.004)]
    [InlineData(0.5)]
    public void Nadam_follows_keras_over_several_steps(double scheduleDecay)
    {
        var nadam = new Nadam(learningRate: 0.05, beta1: 0.8, beta2: 0.9, epsilon: 0.05, scheduleDecay: scheduleDecay);
        double[] m = new double[Length], v = new double[Length];
        double cache = 1;
        Run(nadam, (p, g, t) =>
        {
            cache = KerasUpdateFormulas.Nadam(p, g, m, v, t, cache, 0.05, 0.8, 0.9, 0.05, scheduleDecay);
            AssertClose(m, nadam.GetSlot(0), "m");
            AssertClose(v, nadam.GetSlot(1), "v");
            Assert.Equal(cache, nadam.MomentumCache, 12);
        });
    }

    /// <summary>Keras 2's legacy decay for update <paramref name="t"/>: <c>lr / (1 + decay · (t − 1))</c>.</summary>
    private static double Decayed(double lr, double decay, int t) => lr / (1 + decay * (t - 1));

    /// <summary>
    /// Steps <paramref name="optimizer"/> and the reference from the same parameters with the same gradients, which
    /// shrink from step to step, and compares the parameters after each; <paramref name="reference"/> applies step t and checks the slots.
    /// </summary>
    private static void Run(Optimizer optimizer, Action<double[], double[], int> reference)
    {
        var random = new SeededRandom(21);
        float[] p = new float[Length];
        for (int i = 0; i < Length; i++) p[i] = (float)(2 * random.NextDouble() - 1);
        double[] expected = p.Select(x => (double)x).ToArray();
        for (int t = 1; t <= Steps; t++)
        {
            float[] g = new float[Length];
            for (int i = 0; i < Length; i++) g[i] = (float)((2 * random.NextDouble() - 1) / t);
            optimizer.Apply(p, g);
            reference(expected, g.Select(x => (double)x).ToArray(), t);
            AssertClose(expected, p, $"parameters after step {t}");
            Assert.Equal(t, optimizer.Iterations);
        }
    }

    private static void AssertClose(double[] expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) <= Tolerance * Math.Max(1, Math.Abs(expected[i])), $"{what}[{i}] = {actual[i]}, expected {expected[i]}.");
    }
}
