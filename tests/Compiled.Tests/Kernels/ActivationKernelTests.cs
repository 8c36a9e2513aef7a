using Compiled.Kernels;

namespace Compiled.Tests.Kernels;

/// <summary>
/// The element-wise activation kernels (ReLU, sigmoid, tanh, hard sigmoid) on every SIMD path and every length up to
/// 256, so each vector width's body, overlapping last vector and scalar fallback is exercised; and softmax.
/// </summary>
public class ActivationKernelTests
{
    private const int MaxLength = 256;
    private const float Sentinel = -4321.25f;

    public enum Activation
    {
        Relu,
        Sigmoid,
        Tanh,
        HardSigmoid,
    }

    public static TheoryData<Activation, string> ActivationsAndPaths()
    {
        var data = new TheoryData<Activation, string>();
        foreach (Activation activation in Enum.GetValues<Activation>())
            foreach (string path in Enum.GetNames<SimdPath>())
                data.Add(activation, path);
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(ActivationsAndPaths))]
    public void Backward_equals_the_scalar_formula_for_every_length(Activation activation, string pathName)
    {
        SimdPath path = Enum.Parse<SimdPath>(pathName);
        Skip.IfNot(SimdPaths.IsSupported(path), $"This CPU does not accelerate the {path} path.");

        var random = new SeededRandom(11);
        for (int length = 0; length <= MaxLength; length++)
        {
            // Each operand sits one element into a larger buffer, with sentinels on both sides.
            float[] y = Guarded(ForwardOutputs(activation, random, length));
            float[] dy = Guarded(RandomValues(random, length, scale: 3));
            float[] dx = new float[length + 2];
            dx.AsSpan().Fill(Sentinel);

            Backward(activation, path, y.AsSpan(1, length), dy.AsSpan(1, length), dx.AsSpan(1, length));

            Assert.True(dx[0] == Sentinel, $"{activation} on {path} wrote before dx at length {length}.");
            Assert.True(dx[length + 1] == Sentinel, $"{activation} on {path} wrote after dx at length {length}.");
            for (int i = 0; i < length; i++)
            {
                float expected = ScalarBackward(activation, y[i + 1], dy[i + 1]);
                Assert.True(expected.Equals(dx[i + 1]),
                    $"{activation} on {path}, length {length}, index {i}: got {dx[i + 1]}, expected {expected}.");
            }
        }
    }

    [SkippableTheory]
    [MemberData(nameof(ActivationsAndPaths))]
    public void Backward_in_place_over_dy_gives_the_same_result(Activation activation, string pathName)
    {
        SimdPath path = Enum.Parse<SimdPath>(pathName);
        Skip.IfNot(SimdPaths.IsSupported(path), $"This CPU does not accelerate the {path} path.");

        var random = new SeededRandom(12);
        for (int length = 0; length <= MaxLength; length++)
        {
            float[] y = Guarded(ForwardOutputs(activation, random, length));
            float[] dy = Guarded(RandomValues(random, length, scale: 3));
            float[] original = (float[])dy.Clone();

            Span<float> gradient = dy.AsSpan(1, length);
            Backward(activation, path, y.AsSpan(1, length), gradient, gradient);

            Assert.True(dy[0] == Sentinel && dy[length + 1] == Sentinel,
                $"{activation} on {path} wrote outside dy in place at length {length}.");
            for (int i = 0; i < length; i++)
            {
                float expected = ScalarBackward(activation, y[i + 1], original[i + 1]);
                Assert.True(expected.Equals(dy[i + 1]),
                    $"{activation} in place on {path}, length {length}, index {i}: got {dy[i + 1]}, expected {expected}.");
            }
        }
    }

    [Fact]
    public void Public_backward_overloads_use_the_same_rule()
    {
        float[] y = [0.5f, 0f, 0.25f, 0.9f];
        float[] dy = [2f, 3f, -4f, 1f];
        float[] dx = new float[4];

        Relu.Backward(y, dy, dx);
        Assert.Equal([2f, 0f, -4f, 1f], dx);

        // dy · (y - y²): 2·0.25, 3·0, -4·0.1875, 1·0.09 (0.9 - 0.81, in float).
        Sigmoid.Backward(y, dy, dx);
        Assert.Equal([0.5f, 0f, -0.75f, 1f * (0.9f - 0.9f * 0.9f)], dx);

        // dy - dy·y·y: 2 - 0.5, 3 - 0, -4 + 0.25, 1 - 0.81.
        Tanh.Backward(y, dy, dx);
        Assert.Equal([1.5f, 3f, -3.75f, 1f - 1f * 0.9f * 0.9f], dx);
    }

    [Fact]
    public void Relu_backward_passes_nothing_where_the_output_is_zero()
    {
        float[] y = [0f, 0f, 1e-30f, 5f];
        float[] dy = [7f, -7f, 7f, -7f];
        float[] dx = new float[4];
        Relu.Backward(y, dy, dx);
        Assert.Equal([0f, 0f, 7f, -7f], dx);
    }

    [Theory]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Sigmoid)]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.HardSigmoid)]
    public void Backward_with_a_short_span_throws_naming_each_length(Activation activation)
    {
        var shortDy = Assert.Throws<ArgumentException>(() => Backward(activation, SimdPath.Scalar, new float[8], new float[7], new float[8]));
        Assert.Contains("y has 8, dy has 7, destination has 8 values", shortDy.Message, StringComparison.Ordinal);
        var shortDx = Assert.Throws<ArgumentException>(() => Backward(activation, SimdPath.Scalar, new float[8], new float[8], new float[7]));
        Assert.Contains("y has 8, dy has 8, destination has 7 values", shortDx.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Relu_forward_is_max_of_x_and_zero()
    {
        float[] x = RandomValues(new SeededRandom(3), 100, scale: 5);
        x[0] = 0f;
        x[1] = -0f;
        float[] y = new float[x.Length];
        Relu.Forward(x, y);
        for (int i = 0; i < x.Length; i++) Assert.Equal(x[i] > 0 ? x[i] : 0f, y[i]);

        Relu.Forward(x, x);
        Assert.Equal(y, x);
    }

    [Fact]
    public void Sigmoid_forward_matches_the_logistic_function()
    {
        float[] x = [.. RandomValues(new SeededRandom(4), 100, scale: 8), 0f, 30f, -30f, 88f, -88f];
        float[] y = new float[x.Length];
        Sigmoid.Forward(x, y);
        for (int i = 0; i < x.Length; i++)
        {
            double expected = 1 / (1 + Math.Exp(-(double)x[i]));
            Assert.True(Math.Abs(y[i] - expected) <= 1e-6 * expected + 1e-7, $"sigmoid({x[i]}) = {y[i]}, expected {expected}.");
        }
    }

    [Fact]
    public void Tanh_forward_matches_the_hyperbolic_tangent()
    {
        float[] x = [.. RandomValues(new SeededRandom(5), 100, scale: 4), 0f, 20f, -20f];
        float[] y = new float[x.Length];
        Tanh.Forward(x, y);
        for (int i = 0; i < x.Length; i++)
        {
            double expected = Math.Tanh(x[i]);
            Assert.True(Math.Abs(y[i] - expected) <= 1e-6, $"tanh({x[i]}) = {y[i]}, expected {expected}.");
        }
    }

    [SkippableTheory]
    [InlineData("Scalar")]
    [InlineData("Vector256")]
    [InlineData("Vector512")]
    public void Hard_sigmoid_forward_is_keras_2s_clip_on_every_path_and_length(string pathName)
    {
        SimdPath path = Enum.Parse<SimdPath>(pathName);
        Skip.IfNot(SimdPaths.IsSupported(path), $"This CPU does not accelerate the {path} path.");
        var random = new SeededRandom(13);
        for (int length = 0; length <= MaxLength; length++)
        {
            float[] x = Guarded(RandomValues(random, length, scale: 4));
            float[] y = new float[length + 2];
            y.AsSpan().Fill(Sentinel);
            HardSigmoid.Forward(x.AsSpan(1, length), y.AsSpan(1, length), path);
            Assert.True(y[0] == Sentinel && y[length + 1] == Sentinel, $"hard sigmoid on {path} wrote outside y at length {length}.");
            for (int i = 1; i <= length; i++)
            {
                // Keras 2: x · 0.2, then + 0.5, then clipped to [0, 1], each step rounded to float.
                float expected = Math.Clamp(x[i] * 0.2f + 0.5f, 0f, 1f);
                Assert.True(expected.Equals(y[i]), $"hard sigmoid on {path}, length {length}, index {i - 1}: got {y[i]}, expected {expected}.");
            }
            // In place.
            HardSigmoid.Forward(x.AsSpan(1, length), x.AsSpan(1, length), path);
            Assert.Equal(y.AsSpan(1, length).ToArray(), x.AsSpan(1, length).ToArray());
        }
        float[] edges = [-2.5f, 2.5f, -100f, 100f, 0f];
        float[] clipped = new float[edges.Length];
        HardSigmoid.Forward(edges, clipped);
        Assert.Equal([0f, 1f, 0f, 1f, 0.5f], clipped);
    }

    [Fact]
    public void Linear_copies_forward_and_backward()
    {
        float[] x = [1f, -2f, 3.5f];
        float[] y = new float[3];
        Linear.Forward(x, y);
        Assert.Equal(x, y);

        float[] dx = new float[3];
        Linear.Backward(y, dx);
        Assert.Equal(x, dx);

        Linear.Forward(x, x);
        Assert.Equal([1f, -2f, 3.5f], x);
    }

    [Fact]
    public void Softmax_forward_rows_are_positive_sum_to_one_and_match_the_math()
    {
        const int rows = 7, width = 13;
        float[] x = RandomValues(new SeededRandom(6), rows * width, scale: 6);
        float[] y = new float[x.Length];
        Softmax.Forward(x, y, rows, width);
        for (int r = 0; r < rows; r++)
        {
            double[] expected = ReferenceSoftmax(x.AsSpan(r * width, width));
            double sum = 0;
            for (int i = 0; i < width; i++)
            {
                float value = y[r * width + i];
                Assert.True(value > 0, $"softmax value {value} is not positive.");
                Assert.True(Math.Abs(value - expected[i]) <= 1e-6, $"row {r}, class {i}: {value}, expected {expected[i]}.");
                sum += value;
            }
            Assert.True(Math.Abs(sum - 1) <= 1e-5, $"row {r} sums to {sum}.");
        }
    }

    [Fact]
    public void Softmax_forward_is_stable_for_huge_logits()
    {
        // softmax is shift-invariant: [1000, 999, 998] and [-1000, -1001, -1002] give softmax([2, 1, 0]).
        float[] x = [1000f, 999f, 998f, -1000f, -1001f, -1002f, 88f, 89f, -5000f];
        float[] y = new float[x.Length];
        Softmax.Forward(x, y, rows: 3, width: 3);
        double[] expected = ReferenceSoftmax([2f, 1f, 0f]);
        for (int r = 0; r < 2; r++)
            for (int i = 0; i < 3; i++)
                Assert.True(Math.Abs(y[r * 3 + i] - expected[i]) <= 1e-6, $"row {r}, class {i}: {y[r * 3 + i]}, expected {expected[i]}.");
        Assert.All(y, value => Assert.True(float.IsFinite(value)));
        // Row 3: [88, 89, -5000] gives [1/(1+e), e/(1+e), 0].
        Assert.Equal(1 / (1 + Math.E), y[6], 6);
        Assert.Equal(Math.E / (1 + Math.E), y[7], 6);
        Assert.Equal(0f, y[8]);
    }

    [Fact]
    public void Softmax_forward_in_place_gives_the_same_result()
    {
        float[] x = RandomValues(new SeededRandom(7), 4 * 9, scale: 3);
        float[] y = new float[x.Length];
        Softmax.Forward(x, y, 4, 9);
        Softmax.Forward(x, x, 4, 9);
        Assert.Equal(y, x);
    }

    [Fact]
    public void Softmax_backward_is_y_times_dy_minus_dot_of_dy_and_y()
    {
        const int rows = 5, width = 11;
        var random = new SeededRandom(8);
        float[] y = new float[rows * width];
        Softmax.Forward(RandomValues(random, rows * width, scale: 3), y, rows, width);
        float[] dy = RandomValues(random, rows * width, scale: 2);
        float[] dx = new float[rows * width];

        Softmax.Backward(y, dy, dx, rows, width);

        for (int r = 0; r < rows; r++)
        {
            double dot = 0;
            for (int i = 0; i < width; i++) dot += (double)dy[r * width + i] * y[r * width + i];
            for (int i = 0; i < width; i++)
            {
                int at = r * width + i;
                double expected = y[at] * (dy[at] - dot);
                Assert.True(Math.Abs(dx[at] - expected) <= 1e-6, $"row {r}, class {i}: {dx[at]}, expected {expected}.");
            }
        }

        // In place over dy.
        Softmax.Backward(y, dy, dy, rows, width);
        Assert.Equal(dx, dy);
    }

    private static void Backward(Activation activation, SimdPath path, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        switch (activation)
        {
            case Activation.Relu: Relu.Backward(y, dy, dx, path); break;
            case Activation.Sigmoid: Sigmoid.Backward(y, dy, dx, path); break;
            case Activation.HardSigmoid: HardSigmoid.Backward(y, dy, dx, path); break;
            default: Tanh.Backward(y, dy, dx, path); break;
        }
    }

    /// <summary>The derivative rule one element at a time, grouped as the kernels document it.</summary>
    private static float ScalarBackward(Activation activation, float y, float dy) => activation switch
    {
        Activation.Relu => y > 0 ? dy : 0f,
        Activation.Sigmoid => dy * (y - y * y),
        Activation.HardSigmoid => y > 0 && y < 1 ? dy * 0.2f : 0f,
        _ => dy - dy * y * y,
    };

    /// <summary>Values the activation could have produced: ReLU outputs with many exact zeros, sigmoid in (0, 1), tanh in (-1, 1).</summary>
    private static float[] ForwardOutputs(Activation activation, SeededRandom random, int length)
    {
        float[] x = RandomValues(random, length, scale: 4);
        float[] y = new float[length];
        if (length == 0) return y; // TensorPrimitives.Sigmoid refuses empty spans; the backward kernels must not
        switch (activation)
        {
            case Activation.Relu: Relu.Forward(x, y); break;
            case Activation.Sigmoid: Sigmoid.Forward(x, y); break;
            case Activation.HardSigmoid: HardSigmoid.Forward(x, y); break;
            default: Tanh.Forward(x, y); break;
        }
        return y;
    }

    private static float[] Guarded(float[] values)
    {
        var buffer = new float[values.Length + 2];
        buffer[0] = buffer[^1] = Sentinel;
        values.CopyTo(buffer, 1);
        return buffer;
    }

    private static float[] RandomValues(SeededRandom random, int count, double scale)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = (float)(scale * (2 * random.NextDouble() - 1));
        return values;
    }

    private static double[] ReferenceSoftmax(ReadOnlySpan<float> x)
    {
        double max = double.NegativeInfinity;
        foreach (float v in x) max = Math.Max(max, v);
        var e = new double[x.Length];
        double sum = 0;
        for (int i = 0; i < x.Length; i++) sum += e[i] = Math.Exp(x[i] - max);
        for (int i = 0; i < x.Length; i++) e[i] /= sum;
        return e;
    }
}
