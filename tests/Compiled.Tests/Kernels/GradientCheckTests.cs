using Compiled.Kernels;

namespace Compiled.Tests.Kernels;

/// <summary>
/// Finite-difference checks of every backward pass. Each kernel's float32 analytic gradient is compared
/// with central differences of an independent double-precision reference of the forward function: for a
/// layer, of the scalar <c>sum(upstream · y)</c> with a random upstream gradient; for a loss, of the mean
/// of the rows' losses (the losses return the sum of the rows' losses and write the gradient of the mean).
/// </summary>
public class GradientCheckTests
{
    private const double Step = 1e-6;
    private const double RelativeTolerance = 1e-3;

    // ---------- Layers ----------

    [Theory]
    [InlineData(1, 1, 1, true)]
    [InlineData(3, 4, 5, true)]
    [InlineData(3, 4, 5, false)]
    [InlineData(5, 17, 9, true)]
    [InlineData(6, 9, 33, false)]
    [InlineData(2, 20, 16, true)]
    public void Dense_backward_matches_finite_differences(int rows, int inputs, int units, bool useBias)
    {
        var random = new SeededRandom((ulong)(rows * 10000 + inputs * 100 + units));
        float[] x = Uniform(random, rows * inputs, -1, 1);
        float[] kernel = Uniform(random, inputs * units, -1, 1);
        float[] bias = useBias ? Uniform(random, units, -1, 1) : [];
        float[] upstream = Uniform(random, rows * units, -1, 1);

        float[] dKernel = Filled(inputs * units, float.NaN);
        float[] dBias = Filled(units, float.NaN);
        float[] dx = Filled(rows * inputs, float.NaN);
        Dense.Backward(x, kernel, upstream, dKernel, useBias ? dBias : Span<float>.Empty, dx, rows, inputs, units);

        double Objective(double[] xd, double[] kd, double[] bd) => Dot(upstream, ReferenceDense(xd, kd, bd, rows, inputs, units));
        double[] x64 = ToDouble(x), k64 = ToDouble(kernel), b64 = ToDouble(bias);

        AssertGradient("dKernel", dKernel, NumericGradient(k64, k => Objective(x64, k, b64)));
        AssertGradient("dx", dx, NumericGradient(x64, xd => Objective(xd, k64, b64)));
        if (useBias)
            AssertGradient("dBias", dBias, NumericGradient(b64, b => Objective(x64, k64, b)));
        else
            Assert.All(dBias, value => Assert.True(float.IsNaN(value), "an empty dBias must leave the buffer alone"));
    }

    [Fact]
    public void Dense_backward_skips_an_empty_dx_and_overwrites_stale_gradients()
    {
        const int rows = 4, inputs = 3, units = 5;
        var random = new SeededRandom(99);
        float[] x = Uniform(random, rows * inputs, -1, 1);
        float[] kernel = Uniform(random, inputs * units, -1, 1);
        float[] upstream = Uniform(random, rows * units, -1, 1);

        float[] expectedKernel = new float[inputs * units], expectedBias = new float[units];
        Dense.Backward(x, kernel, upstream, expectedKernel, expectedBias, new float[rows * inputs], rows, inputs, units);

        // Stale values in the outputs are overwritten, not accumulated into.
        float[] dKernel = Filled(inputs * units, 1000f), dBias = Filled(units, 1000f);
        Dense.Backward(x, kernel, upstream, dKernel, dBias, Span<float>.Empty, rows, inputs, units);
        Assert.Equal(expectedKernel, dKernel);
        Assert.Equal(expectedBias, dBias);
    }

    [Fact]
    public void Dense_forward_matches_the_reference()
    {
        const int rows = 3, inputs = 7, units = 17;
        var random = new SeededRandom(5);
        float[] x = Uniform(random, rows * inputs, -1, 1);
        float[] kernel = Uniform(random, inputs * units, -1, 1);
        float[] bias = Uniform(random, units, -1, 1);
        foreach (float[] b in new[] { bias, [] })
        {
            float[] y = Filled(rows * units, float.NaN);
            Dense.Forward(x, kernel, b, y, rows, inputs, units);
            double[] expected = ReferenceDense(ToDouble(x), ToDouble(kernel), ToDouble(b), rows, inputs, units);
            for (int i = 0; i < y.Length; i++)
                Assert.True(Math.Abs(y[i] - expected[i]) <= 1e-5, $"y[{i}] = {y[i]}, expected {expected[i]} (bias: {b.Length > 0}).");
        }
    }

    public static TheoryData<string> ElementWiseActivations() => ["relu", "sigmoid", "tanh", "linear"];

    [Theory]
    [MemberData(nameof(ElementWiseActivations))]
    public void Element_wise_activation_backward_matches_finite_differences(string activation)
    {
        const int count = 61;
        var random = new SeededRandom((ulong)activation.Length * 31);
        float[] x = Uniform(random, count, -3, 3);
        // Keep away from ReLU's kink at 0, where the derivative is undefined.
        for (int i = 0; i < count; i++)
            if (Math.Abs(x[i]) < 1e-2f) x[i] = x[i] < 0 ? -0.5f : 0.5f;
        float[] upstream = Uniform(random, count, -1, 1);

        float[] y = new float[count];
        float[] dx = Filled(count, float.NaN);
        switch (activation)
        {
            case "relu": Relu.Forward(x, y); Relu.Backward(y, upstream, dx); break;
            case "sigmoid": Sigmoid.Forward(x, y); Sigmoid.Backward(y, upstream, dx); break;
            case "tanh": Tanh.Forward(x, y); Tanh.Backward(y, upstream, dx); break;
            default: Linear.Forward(x, y); Linear.Backward(upstream, dx); break;
        }

        Func<double, double> f = activation switch
        {
            "relu" => v => Math.Max(v, 0),
            "sigmoid" => v => 1 / (1 + Math.Exp(-v)),
            "tanh" => Math.Tanh,
            _ => v => v,
        };
        double Objective(double[] xd)
        {
            double sum = 0;
            for (int i = 0; i < count; i++) sum += upstream[i] * f(xd[i]);
            return sum;
        }
        AssertGradient($"{activation} dx", dx, NumericGradient(ToDouble(x), Objective));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 2)]
    [InlineData(4, 3)]
    [InlineData(3, 10)]
    [InlineData(2, 33)]
    public void Softmax_backward_matches_finite_differences(int rows, int width)
    {
        var random = new SeededRandom((ulong)(rows * 100 + width));
        float[] x = Uniform(random, rows * width, -4, 4);
        float[] upstream = Uniform(random, rows * width, -1, 1);
        float[] y = new float[rows * width];
        Softmax.Forward(x, y, rows, width);
        float[] dx = Filled(rows * width, float.NaN);
        Softmax.Backward(y, upstream, dx, rows, width);

        AssertGradient("softmax dx", dx, NumericGradient(ToDouble(x), xd => Dot(upstream, ReferenceSoftmax(xd, rows, width))));
    }

    // ---------- Losses ----------

    public static TheoryData<string, int, int> CrossentropyCases() => new()
    {
        // name, rows, width
        { "one-hot, normalised predictions", 4, 3 },
        { "one-hot, unnormalised predictions", 5, 7 },
        { "soft targets", 3, 4 },
        { "clipped low: the target class has a near-zero probability", 2, 3 },
        { "clipped high: the target class has probability ~1", 2, 3 },
    };

    [Theory]
    [MemberData(nameof(CrossentropyCases))]
    public void Categorical_crossentropy_value_and_gradient_match_the_reference(string name, int rows, int width)
    {
        var random = new SeededRandom((ulong)name.Length);
        float[] predicted = Uniform(random, rows * width, 0.05, 1);
        float[] expected = OneHot(random, rows, width);
        switch (name)
        {
            case "one-hot, normalised predictions":
                for (int r = 0; r < rows; r++)
                {
                    float sum = 0;
                    for (int i = 0; i < width; i++) sum += predicted[r * width + i];
                    for (int i = 0; i < width; i++) predicted[r * width + i] /= sum;
                }
                break;
            case "soft targets":
                expected = Uniform(random, rows * width, 0, 0.5);
                break;
            case "clipped low: the target class has a near-zero probability":
                // Row 0: p(target) = 1e-12 / ~1, below 1e-7: clipped, so its term is the constant -log(1e-7).
                predicted = [1e-12f, 0.5f, 0.5f, 0.2f, 0.3f, 0.5f];
                expected = [1f, 0f, 0f, 0f, 1f, 0f];
                break;
            case "clipped high: the target class has probability ~1":
                // Row 0: p(target) = 1 / (1 + 2e-9), above 1 - 1e-7: clipped.
                predicted = [1f, 1e-9f, 1e-9f, 0.2f, 0.3f, 0.5f];
                expected = [1f, 0f, 0f, 0f, 0f, 1f];
                break;
        }

        Loss loss = Loss.CategoricalCrossentropy;
        float[] gradient = Filled(rows * width, float.NaN);
        double total = loss.Compute(predicted, expected, gradient, rows, width);

        double referenceTotal = ReferenceCrossentropy(ToDouble(predicted), expected, rows, width);
        AssertValue("categorical_crossentropy", referenceTotal, total);
        AssertValue("categorical_crossentropy Sum", referenceTotal, loss.Sum(predicted, expected, rows, width));
        AssertGradient("categorical_crossentropy gradient", gradient,
            NumericGradient(ToDouble(predicted), p => ReferenceCrossentropy(p, expected, rows, width) / rows, relativeStep: true));
    }

    [Fact]
    public void Categorical_crossentropy_of_a_clipped_row_is_minus_log_epsilon()
    {
        // p = [0, 1]: the target class is clipped up to 1e-7, so the loss is -log(1e-7) ≈ 16.118.
        float[] gradient = new float[2];
        double value = Loss.CategoricalCrossentropy.Compute([0f, 1f], [1f, 0f], gradient, 1, 2);
        Assert.Equal(-Math.Log(1e-7), value, 4);
        Assert.Equal([0f, 0f], gradient);
    }

    public static TheoryData<string, int, int> LogitCases() => new()
    {
        { "one-hot", 4, 3 },
        { "one-hot, wide", 3, 17 },
        { "soft targets that do not sum to one", 3, 4 },
        { "huge logits", 2, 3 },
    };

    [Theory]
    [MemberData(nameof(LogitCases))]
    public void Crossentropy_from_logits_value_and_gradient_match_the_reference(string name, int rows, int width)
    {
        var random = new SeededRandom((ulong)name.Length + 1000);
        float[] logits = Uniform(random, rows * width, -5, 5);
        float[] expected = OneHot(random, rows, width);
        if (name.StartsWith("soft", StringComparison.Ordinal))
            expected = Uniform(random, rows * width, 0, 0.5);
        if (name == "huge logits")
        {
            // Row 0 would overflow exp() in float without the max shift; row 1 has the target far below the rest.
            logits = [1000f, 998f, 995f, 50f, -40f, 60f];
            expected = [0f, 1f, 0f, 0f, 1f, 0f];
        }

        float[] probabilities = new float[rows * width];
        Softmax.Forward(logits, probabilities, rows, width);
        float[] gradient = Filled(rows * width, float.NaN);
        double total = Loss.CategoricalCrossentropy.ComputeFromLogits(logits, probabilities, expected, gradient, rows, width);

        double referenceTotal = ReferenceLogitCrossentropy(ToDouble(logits), expected, rows, width);
        AssertValue("crossentropy from logits", referenceTotal, total);
        AssertValue("crossentropy SumFromLogits", referenceTotal, Loss.CategoricalCrossentropy.SumFromLogits(logits, expected, rows, width));
        AssertGradient("crossentropy logit gradient", gradient,
            NumericGradient(ToDouble(logits), z => ReferenceLogitCrossentropy(z, expected, rows, width) / rows));
    }

    [Fact]
    public void Crossentropy_from_logits_is_finite_when_a_class_without_target_has_a_logit_of_minus_infinity()
    {
        // The loss is log(1 + e^-1): the -inf class has probability 0 and no target mass.
        float[] logits = { 0f, float.NegativeInfinity, -1f };
        float[] expected = { 1f, 0f, 0f };
        float[] probabilities = new float[3];
        Softmax.Forward(logits, probabilities, 1, 3);

        double training = Loss.CategoricalCrossentropy.ComputeFromLogits(logits, probabilities, expected, new float[3], 1, 3);
        Assert.Equal(Math.Log(1 + Math.Exp(-1)), training, tolerance: 1e-6);
        Assert.Equal(Loss.CategoricalCrossentropy.SumFromLogits(logits, expected, 1, 3), training, tolerance: 1e-6);
    }

    [Fact]
    public void Crossentropy_from_logits_agrees_with_the_probability_form_when_nothing_clips()
    {
        const int rows = 3, width = 5;
        var random = new SeededRandom(2);
        float[] logits = Uniform(random, rows * width, -2, 2);
        float[] expected = OneHot(random, rows, width);
        float[] probabilities = new float[rows * width];
        Softmax.Forward(logits, probabilities, rows, width);

        double fromLogits = Loss.CategoricalCrossentropy.ComputeFromLogits(logits, probabilities, expected, new float[rows * width], rows, width);
        double fromProbabilities = Loss.CategoricalCrossentropy.Sum(probabilities, expected, rows, width);
        Assert.Equal(fromLogits, fromProbabilities, 5);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(4, 3)]
    [InlineData(3, 10)]
    [InlineData(7, 33)]
    public void Mean_squared_error_value_and_gradient_match_the_reference(int rows, int width)
    {
        var random = new SeededRandom((ulong)(rows * 1000 + width));
        float[] predicted = Uniform(random, rows * width, -2, 2);
        float[] expected = Uniform(random, rows * width, -2, 2);

        Loss loss = Loss.MeanSquaredError;
        float[] gradient = Filled(rows * width, float.NaN);
        double total = loss.Compute(predicted, expected, gradient, rows, width);

        double referenceTotal = ReferenceMeanSquaredError(ToDouble(predicted), expected, rows, width);
        AssertValue("mean_squared_error", referenceTotal, total);
        AssertValue("mean_squared_error Sum", referenceTotal, loss.Sum(predicted, expected, rows, width));
        AssertGradient("mean_squared_error gradient", gradient,
            NumericGradient(ToDouble(predicted), p => ReferenceMeanSquaredError(p, expected, rows, width) / rows));
    }

    // ---------- Double-precision references ----------

    /// <summary><c>y = x · W + b</c>, W of shape (inputs, units) row-major; an empty <paramref name="b"/> means no bias.</summary>
    private static double[] ReferenceDense(double[] x, double[] w, double[] b, int rows, int inputs, int units)
    {
        var y = new double[rows * units];
        for (int r = 0; r < rows; r++)
            for (int u = 0; u < units; u++)
            {
                double sum = b.Length > 0 ? b[u] : 0;
                for (int i = 0; i < inputs; i++) sum += x[r * inputs + i] * w[i * units + u];
                y[r * units + u] = sum;
            }
        return y;
    }

    private static double[] ReferenceSoftmax(double[] x, int rows, int width)
    {
        var y = new double[rows * width];
        for (int r = 0; r < rows; r++)
        {
            double max = double.NegativeInfinity;
            for (int i = 0; i < width; i++) max = Math.Max(max, x[r * width + i]);
            double sum = 0;
            for (int i = 0; i < width; i++) sum += y[r * width + i] = Math.Exp(x[r * width + i] - max);
            for (int i = 0; i < width; i++) y[r * width + i] /= sum;
        }
        return y;
    }

    /// <summary>Sum over rows of <c>-Σ t · log(clip(y / Σy, 1e-7, 1 - 1e-7))</c>.</summary>
    private static double ReferenceCrossentropy(double[] predicted, float[] expected, int rows, int width)
    {
        const double epsilon = 1e-7;
        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            double sum = 0;
            for (int i = 0; i < width; i++) sum += predicted[r * width + i];
            for (int i = 0; i < width; i++)
            {
                double p = Math.Clamp(predicted[r * width + i] / sum, epsilon, 1 - epsilon);
                total -= expected[r * width + i] * Math.Log(p);
            }
        }
        return total;
    }

    /// <summary>Sum over rows of <c>-Σ t · log_softmax(z)</c>.</summary>
    private static double ReferenceLogitCrossentropy(double[] logits, float[] expected, int rows, int width)
    {
        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            double max = double.NegativeInfinity;
            for (int i = 0; i < width; i++) max = Math.Max(max, logits[r * width + i]);
            double sumExp = 0;
            for (int i = 0; i < width; i++) sumExp += Math.Exp(logits[r * width + i] - max);
            double logSumExp = max + Math.Log(sumExp);
            for (int i = 0; i < width; i++) total -= expected[r * width + i] * (logits[r * width + i] - logSumExp);
        }
        return total;
    }

    /// <summary>Sum over rows of the mean over the last axis of <c>(y - t)²</c>.</summary>
    private static double ReferenceMeanSquaredError(double[] predicted, float[] expected, int rows, int width)
    {
        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            double rowSum = 0;
            for (int i = 0; i < width; i++)
            {
                double d = predicted[r * width + i] - expected[r * width + i];
                rowSum += d * d;
            }
            total += rowSum / width;
        }
        return total;
    }

    // ---------- Helpers ----------

    /// <summary>Central differences of <paramref name="objective"/> in each coordinate of <paramref name="at"/>.</summary>
    /// <param name="relativeStep">Scale the step with the coordinate, for inputs spanning many magnitudes (clipped probabilities).</param>
    private static double[] NumericGradient(double[] at, Func<double[], double> objective, bool relativeStep = false)
    {
        var gradient = new double[at.Length];
        var point = (double[])at.Clone();
        for (int i = 0; i < at.Length; i++)
        {
            double h = relativeStep ? Step * Math.Max(Math.Abs(at[i]), 1e-3) : Step;
            point[i] = at[i] + h;
            double plus = objective(point);
            point[i] = at[i] - h;
            double minus = objective(point);
            point[i] = at[i];
            gradient[i] = (plus - minus) / (2 * h);
        }
        return gradient;
    }

    /// <summary>Each component within 1e-3 relative, with an absolute floor of 1e-4 of the gradient's largest component.</summary>
    private static void AssertGradient(string what, ReadOnlySpan<float> analytic, double[] numeric)
    {
        Assert.Equal(numeric.Length, analytic.Length);
        double scale = 0;
        foreach (double g in numeric) scale = Math.Max(scale, Math.Abs(g));
        for (int i = 0; i < numeric.Length; i++)
        {
            double error = Math.Abs(analytic[i] - numeric[i]);
            double allowed = RelativeTolerance * Math.Abs(numeric[i]) + 1e-4 * scale + 1e-9;
            Assert.True(error <= allowed, $"{what}[{i}]: analytic {analytic[i]}, numeric {numeric[i]} (error {error:E2} > {allowed:E2}).");
        }
    }

    private static void AssertValue(string what, double expected, double actual)
    {
        double allowed = 1e-5 * Math.Abs(expected) + 1e-6;
        Assert.True(Math.Abs(actual - expected) <= allowed, $"{what}: {actual}, expected {expected}.");
    }

    private static double Dot(float[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static double[] ToDouble(float[] values) => Array.ConvertAll(values, v => (double)v);

    private static float[] Filled(int count, float value)
    {
        var values = new float[count];
        values.AsSpan().Fill(value);
        return values;
    }

    private static float[] Uniform(SeededRandom random, int count, double low, double high)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = (float)(low + (high - low) * random.NextDouble());
        return values;
    }

    private static float[] OneHot(SeededRandom random, int rows, int width)
    {
        var values = new float[rows * width];
        for (int r = 0; r < rows; r++) values[r * width + random.NextInt(width)] = 1f;
        return values;
    }
}
