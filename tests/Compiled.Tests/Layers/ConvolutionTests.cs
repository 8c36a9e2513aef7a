using Compiled.Kernels;

namespace Compiled.Tests.Layers;

/// <summary>
/// The convolution kernels against a plain float64 convolution written out below: Keras's output sizes and
/// padding, the forward pass, all three gradients (the float64 gradients themselves checked against finite
/// differences), every SIMD path, any thread count, and the span checks.
/// </summary>
public class ConvolutionTests
{
    /// <summary>One convolution to test: geometry arguments as Keras takes them, plus batch and bias.</summary>
    public sealed record Case(int Height, int Width, int Channels, int KernelHeight, int KernelWidth, int Filters,
        int StrideHeight, int StrideWidth, int DilationHeight, int DilationWidth, string Padding, int Batch, bool Bias)
    {
        public ConvolutionGeometry Geometry => ConvolutionGeometry.Create(Height, Width, Channels, KernelHeight, KernelWidth, Filters,
            StrideHeight, StrideWidth, DilationHeight, DilationWidth, Padding);

        public override string ToString()
            => $"{Height}x{Width}x{Channels} k{KernelHeight}x{KernelWidth}x{Filters} s{StrideHeight},{StrideWidth} d{DilationHeight},{DilationWidth} {Padding} b{Batch}{(Bias ? " bias" : "")}";
    }

    private static readonly Case[] Cases =
    [
        // 2-D: valid and same, strides 1-3, dilations 1-2, odd and even windows.
        new(7, 9, 2, 3, 3, 3, 1, 1, 1, 1, "valid", 2, true),
        new(8, 7, 3, 3, 2, 5, 2, 1, 1, 1, "same", 3, false),
        new(9, 8, 2, 3, 3, 4, 3, 2, 1, 1, "same", 1, true),
        new(10, 9, 3, 3, 3, 2, 1, 1, 2, 2, "same", 2, false),
        new(11, 10, 2, 2, 3, 3, 2, 3, 2, 1, "valid", 2, true),
        new(6, 5, 2, 4, 4, 3, 1, 1, 1, 1, "same", 2, true),
        new(5, 7, 3, 3, 3, 7, 3, 3, 1, 1, "valid", 3, true),
        // 1×1: in place (stride 1) and through patches (stride 2).
        new(6, 6, 4, 1, 1, 5, 1, 1, 1, 1, "valid", 3, true),
        new(6, 7, 3, 1, 1, 4, 2, 2, 1, 1, "valid", 2, false),
        // Shallow patches with filters in sixteens: the direct kernel, inside and across the padding.
        new(8, 9, 1, 3, 3, 32, 1, 1, 1, 1, "valid", 3, true),
        new(5, 5, 1, 3, 3, 16, 1, 1, 1, 1, "same", 2, true),
        new(7, 7, 2, 3, 3, 16, 2, 2, 1, 1, "same", 2, false),
        new(9, 9, 3, 3, 3, 48, 1, 2, 2, 1, "same", 1, true),
        new(13, 14, 1, 3, 3, 64, 1, 1, 1, 1, "valid", 2, true),
        // Four-vector tiles (64 filters) beside a two-vector one, inside and across 'same' padding, with a stride.
        new(7, 8, 4, 3, 3, 80, 1, 1, 1, 1, "same", 2, true),
        new(9, 7, 2, 2, 3, 64, 2, 1, 1, 1, "same", 3, false),
        // 1-D (height 1): causal, same and valid, strides and dilations.
        new(1, 13, 3, 1, 3, 4, 1, 1, 1, 1, "causal", 2, true),
        new(1, 17, 2, 1, 5, 3, 1, 2, 1, 2, "causal", 1, false),
        new(1, 12, 3, 1, 3, 5, 1, 3, 1, 1, "same", 2, true),
        new(1, 15, 2, 1, 4, 16, 1, 2, 1, 1, "valid", 3, true),
        new(1, 10, 4, 1, 2, 3, 1, 1, 1, 3, "valid", 2, false),
        new(1, 20, 1, 1, 3, 16, 1, 1, 1, 2, "causal", 2, true),
    ];

    /// <summary>
    /// Convolutions large enough for the two-group path (chunks of whole samples, two per workspace): the packed products
    /// with padding and a short last chunk, the direct kernel (mnist_cnn's first layer), mnist_cnn's second layer on an
    /// odd number of chunks, a stride, and a causal 1-D one.
    /// </summary>
    private static readonly Case[] GroupedCases =
    [
        new(12, 12, 8, 3, 3, 32, 1, 1, 1, 1, "same", 37, true),
        new(28, 28, 1, 3, 3, 32, 1, 1, 1, 1, "valid", 16, true),
        new(26, 26, 32, 3, 3, 64, 1, 1, 1, 1, "valid", 3, true),
        new(16, 16, 4, 3, 3, 24, 2, 2, 1, 1, "same", 50, false),
        new(1, 200, 8, 1, 5, 16, 1, 2, 1, 1, "causal", 40, true),
        // Deeper patches on the direct kernels: 'same' padding with an even window, dilation, a causal 1-D window, and
        // filters not in sixteens (the GEMM's path).
        new(10, 11, 16, 4, 3, 32, 1, 1, 1, 1, "same", 20, true),
        new(12, 12, 16, 3, 3, 16, 1, 1, 2, 2, "same", 16, false),
        new(1, 150, 32, 1, 4, 24, 1, 1, 1, 2, "causal", 30, true),
    ];

    public static TheoryData<string> Paths() => new() { "Scalar", "Vector256", "Vector512" };

    [Theory]
    // Input, kernel, stride, dilation, padding: Keras's output size and padding before.
    [InlineData(28, 3, 1, 1, "valid", 26, 0)]
    [InlineData(28, 3, 2, 1, "valid", 13, 0)]
    [InlineData(7, 3, 3, 2, "valid", 1, 0)]
    [InlineData(28, 3, 1, 1, "same", 28, 1)]
    [InlineData(28, 4, 1, 1, "same", 28, 1)]
    [InlineData(28, 3, 2, 1, "same", 14, 0)]
    [InlineData(7, 3, 2, 1, "same", 4, 1)]
    [InlineData(10, 5, 3, 2, "same", 4, 4)]
    [InlineData(5, 7, 1, 1, "same", 5, 3)]
    [InlineData(13, 3, 1, 1, "causal", 13, 2)]
    [InlineData(13, 3, 2, 2, "causal", 7, 4)]
    public void Create_follows_keras_output_size_and_padding(int input, int kernel, int stride, int dilation, string padding, int output, int before)
    {
        var g = ConvolutionGeometry.Create(1, input, 2, 1, kernel, 4, 1, stride, 1, dilation, padding);
        Assert.Equal((output, before, 1, 0), (g.OutputWidth, g.PadLeft, g.OutputHeight, g.PadTop));
        if (padding != "causal")
        {
            var square = ConvolutionGeometry.Create(input, input, 2, kernel, kernel, 4, stride, stride, dilation, dilation, padding.ToUpperInvariant());
            Assert.Equal((output, before, output, before), (square.OutputHeight, square.PadTop, square.OutputWidth, square.PadLeft));
        }
    }

    [Fact]
    public void Create_refuses_bad_padding_causal_in_two_dimensions_and_windows_larger_than_a_valid_input()
    {
        Assert.Contains("'full'", Assert.Throws<ArgumentException>(() => ConvolutionGeometry.Create(5, 5, 1, 3, 3, 1, 1, 1, 1, 1, "full")).Message);
        Assert.Contains("causal", Assert.Throws<ArgumentException>(() => ConvolutionGeometry.Create(5, 5, 1, 3, 3, 1, 1, 1, 1, 1, "causal")).Message);
        Assert.Contains("spans 5", Assert.Throws<ArgumentException>(() => ConvolutionGeometry.Create(4, 4, 1, 3, 3, 1, 1, 1, 2, 2, "valid")).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConvolutionGeometry(4, 4, 1, 3, 3, 0, 1, 1, 1, 1, 0, 0, 2, 2));
    }

    [Fact]
    public void The_float64_reference_gradients_match_finite_differences()
    {
        // L = Σ dy·y is linear in each of x, kernel and bias, so central differences are exact but for rounding.
        foreach (Case c in new[] { Cases[2], Cases[5], Cases[15] })
        {
            var g = c.Geometry;
            var (x, kernel, bias, dy) = Operands(new SeededRandom(5), c);
            var (dxRef, dkRef, dbRef) = ReferenceBackward(x, kernel, dy, c.Batch, g);
            double Loss(float[] xs, float[] ks, float[] bs)
            {
                double[] y = ReferenceForward(xs, ks, bs, c.Batch, g, out _);
                double sum = 0;
                for (int i = 0; i < y.Length; i++) sum += dy[i] * y[i];
                return sum;
            }
            void CheckAll(float[] values, double[] gradient, string name)
            {
                for (int i = 0; i < values.Length; i++)
                {
                    float kept = values[i], up = kept + 0.5f, down = kept - 0.5f;
                    values[i] = up;
                    double plus = Loss(x, kernel, bias);
                    values[i] = down;
                    double minus = Loss(x, kernel, bias);
                    values[i] = kept;
                    double difference = (plus - minus) / ((double)up - down);
                    Assert.True(Math.Abs(difference - gradient[i]) < 1e-9 * (1 + Math.Abs(gradient[i])), $"{c}: d{name}[{i}] {gradient[i]} against {difference}");
                }
            }
            CheckAll(x, dxRef, "x");
            CheckAll(kernel, dkRef, "kernel");
            CheckAll(bias, dbRef, "bias");
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Paths))]
    public void Every_path_gives_the_float64_convolution_and_its_gradients(string pathName)
    {
        SimdPath path = Enum.Parse<SimdPath>(pathName);
        Skip.IfNot(SimdPaths.IsSupported(path), $"This CPU does not accelerate the {path} path.");
        foreach (Case c in Cases) CheckAgainstReference(c, path);
    }

    [SkippableTheory]
    [MemberData(nameof(Paths))]
    public void Every_path_gives_the_float64_results_on_the_two_group_path(string pathName)
    {
        SimdPath path = Enum.Parse<SimdPath>(pathName);
        Skip.IfNot(SimdPaths.IsSupported(path), $"This CPU does not accelerate the {path} path.");
        foreach (Case c in GroupedCases)
        {
            Assert.True(Convolution.TryGroupChunks(c.Geometry, c.Batch, out _, out int chunks), $"{c}: not grouped");
            Assert.True(chunks >= 2, $"{c}: {chunks} chunk(s)");
            long runs = Convolution.GroupedRuns;
            CheckAgainstReference(c, path);
            Assert.True(Convolution.GroupedRuns >= runs + 2, $"{c}: the two-group path was not taken");
        }
    }

    [Fact]
    public void Two_group_chunks_are_whole_samples_spread_evenly_and_only_where_they_fit()
    {
        var mnist2 = ConvolutionGeometry.Create(26, 26, 32, 3, 3, 64, 1, 1, 1, 1, "valid");
        Assert.True(Convolution.TryGroupChunks(mnist2, 128, out int samples, out int chunks));
        Assert.Equal((1, 128), (samples, chunks));
        var mnist1 = ConvolutionGeometry.Create(28, 28, 1, 3, 3, 32, 1, 1, 1, 1, "valid");
        Assert.True(Convolution.TryGroupChunks(mnist1, 128, out samples, out chunks));
        // Outputs bind here: three samples (2,028 pixels of 32 filters) per chunk; 43 chunks planned as 44.
        Assert.Equal((3, 43), (samples, chunks));
        Assert.True(Convolution.TryGroupChunks(GroupedCases[0].Geometry, 37, out samples, out chunks));
        Assert.Equal((10, 4), (samples, chunks));
        // One sample, a tiny convolution, a 1×1 in place: one sequence of chunks.
        Assert.False(Convolution.TryGroupChunks(mnist2, 1, out _, out _));
        Assert.False(Convolution.TryGroupChunks(Cases[0].Geometry, Cases[0].Batch, out _, out _));
        Assert.False(Convolution.TryGroupChunks(ConvolutionGeometry.Create(6, 6, 8, 1, 1, 4, 1, 1, 1, 1, "same"), 1000, out _, out _));
        int budget = Convolution.ColumnBudget;
        try
        {
            // A sample's 576 patches exceed the smallest chunk (192 pixels): chunks would split samples.
            Convolution.ColumnBudget = 1;
            Assert.False(Convolution.TryGroupChunks(mnist2, 128, out _, out _));
        }
        finally
        {
            Convolution.ColumnBudget = budget;
        }
    }

    [Fact]
    public void Chunks_that_split_samples_give_the_float64_results()
    {
        int budget = Convolution.ColumnBudget;
        try
        {
            // The smallest chunk (192 pixels) against 3 samples of 324 output pixels: chunks start mid-sample and the last is partial.
            Convolution.ColumnBudget = 1;
            var c = new Case(20, 20, 3, 3, 3, 7, 1, 1, 1, 1, "valid", 3, true);
            Assert.Equal(192 * 27, Convolution.WorkspaceSize(c.Geometry, c.Batch));
            Assert.False(Convolution.TryGroupChunks(c.Geometry, c.Batch, out _, out _));
            CheckAgainstReference(c, SimdPaths.Best);
            CheckAgainstReference(c with { Padding = "same", Filters = 16, Channels = 1 }, SimdPaths.Best);
            // mnist_cnn's second layer, too large to group with this budget: chunks split samples, products shared inside the GEMM.
            var mnist = new Case(26, 26, 32, 3, 3, 64, 1, 1, 1, 1, "valid", 2, true);
            Assert.False(Convolution.TryGroupChunks(mnist.Geometry, mnist.Batch, out _, out _));
            CheckAgainstReference(mnist, SimdPaths.Best);
        }
        finally
        {
            Convolution.ColumnBudget = budget;
        }
    }

    [SkippableFact]
    public void Vector256_and_Vector512_give_the_same_bits_where_the_products_do()
    {
        Skip.IfNot(SimdPaths.IsSupported(SimdPath.Vector512), "This CPU does not accelerate the Vector512 path.");
        // The direct kernel sums each output in tap order whatever the vector width; so does the packed GEMM,
        // which mnist_cnn's second convolution takes for all three products. (The GEMM's small-product kernels
        // reduce across a vector, so tiny shapes differ in the last bits from one width to the other.)
        foreach (Case c in Cases.Where(c => c.Geometry.Depth <= Convolution.DirectDepth && c.Filters % 16 == 0))
        {
            var narrow = Run(c, SimdPath.Vector256, new SeededRandom(3));
            var wide = Run(c, SimdPath.Vector512, new SeededRandom(3));
            Assert.True(narrow.Y.AsSpan().SequenceEqual(wide.Y), $"{c}: y differs");
        }
        var mnist = new Case(26, 26, 32, 3, 3, 64, 1, 1, 1, 1, "valid", 2, true);
        var a = Run(mnist, SimdPath.Vector256, new SeededRandom(4));
        var b = Run(mnist, SimdPath.Vector512, new SeededRandom(4));
        Assert.True(a.Y.AsSpan().SequenceEqual(b.Y), "y differs");
        Assert.True(a.DKernel.AsSpan().SequenceEqual(b.DKernel), "dKernel differs");
        Assert.True(a.DBias.AsSpan().SequenceEqual(b.DBias), "dBias differs");
        Assert.True(a.Dx.AsSpan().SequenceEqual(b.Dx), "dx differs");
    }

    [Fact]
    public void One_and_two_threads_give_the_same_bits_on_the_two_group_path()
    {
        int threads = Gemm.MaxThreads;
        try
        {
            long jobs = GemmWorkers.SharedJobs;
            // mnist_cnn's second convolution at batch 8 (8 chunks of one sample), then every grouped case.
            foreach (Case c in GroupedCases.Prepend(new Case(26, 26, 32, 3, 3, 64, 1, 1, 1, 1, "valid", 8, true)))
            {
                Gemm.MaxThreads = 1;
                var one = Run(c, SimdPaths.Best, new SeededRandom(9));
                Gemm.MaxThreads = 2;
                long runs = Convolution.GroupedRuns;
                var two = Run(c, SimdPaths.Best, new SeededRandom(9));
                Assert.True(Convolution.GroupedRuns >= runs + 2, $"{c}: the two-group path was not taken");
                Assert.True(one.Y.AsSpan().SequenceEqual(two.Y), $"{c}: y differs");
                Assert.True(one.DKernel.AsSpan().SequenceEqual(two.DKernel), $"{c}: dKernel differs");
                Assert.True(one.DBias.AsSpan().SequenceEqual(two.DBias), $"{c}: dBias differs");
                Assert.True(one.Dx.AsSpan().SequenceEqual(two.Dx), $"{c}: dx differs");
            }
            // Each pass is shared unless another test holds the workers at that moment; not all of them can be.
            Assert.True(GemmWorkers.SharedJobs > jobs, "No group job was shared with a worker.");
        }
        finally
        {
            Gemm.MaxThreads = threads;
        }
    }

    [Fact]
    public void One_and_two_threads_give_the_same_bits_when_chunks_split_samples()
    {
        // Too large a sample for the chunk budget: today's sequence of chunks, each product shared inside the GEMM.
        var c = new Case(26, 26, 32, 3, 3, 64, 1, 1, 1, 1, "valid", 8, true);
        int threads = Gemm.MaxThreads, budget = Convolution.ColumnBudget;
        try
        {
            Convolution.ColumnBudget = 1 << 16;
            Assert.False(Convolution.TryGroupChunks(c.Geometry, c.Batch, out _, out _));
            Gemm.MaxThreads = 1;
            var one = Run(c, SimdPaths.Best, new SeededRandom(9));
            Gemm.MaxThreads = 2;
            var two = Run(c, SimdPaths.Best, new SeededRandom(9));
            Assert.True(one.Y.AsSpan().SequenceEqual(two.Y), "y differs");
            Assert.True(one.DKernel.AsSpan().SequenceEqual(two.DKernel), "dKernel differs");
            Assert.True(one.Dx.AsSpan().SequenceEqual(two.Dx), "dx differs");
        }
        finally
        {
            (Gemm.MaxThreads, Convolution.ColumnBudget) = (threads, budget);
        }
    }

    /// <summary>
    /// The activation applied inside the convolution, chunk by chunk, gives exactly the bits of the separate passes the
    /// generated code made before (convolution, then the activation kernel; the activation's backward kernel, then the
    /// plain backward pass), on the plain, direct, pointwise and two-group paths, on one thread and two.
    /// </summary>
    [Theory]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Sigmoid)]
    [InlineData(Activation.Tanh)]
    public void A_fused_activation_gives_the_bits_of_the_separate_passes(Activation activation)
    {
        int threads = Gemm.MaxThreads;
        try
        {
            foreach (int threadCount in new[] { 1, 2 })
            {
                Gemm.MaxThreads = threadCount;
                foreach (Case c in Cases.Concat(GroupedCases))
                {
                    var g = c.Geometry;
                    var (x, kernel, bias, dy) = Operands(new SeededRandom(5), c);
                    float[] b = c.Bias ? bias : [];
                    float[] workspace = new float[Convolution.WorkspaceSize(g, c.Batch)];

                    float[] separate = new float[c.Batch * g.OutputLength];
                    Convolution.Forward(x, kernel, b, separate, workspace, c.Batch, g);
                    ApplyActivation(activation, separate);
                    float[] fused = new float[separate.Length];
                    Convolution.Forward(x, kernel, b, fused, workspace, c.Batch, g, activation);
                    Assert.True(separate.AsSpan().SequenceEqual(fused), $"{c} {activation}: y differs");

                    float[] preGradient = new float[dy.Length];
                    ActivationGradient(activation, separate, dy, preGradient);
                    var (dKernel, dBias, dx) = (new float[g.KernelLength], new float[g.Filters], new float[x.Length]);
                    Convolution.Backward(x, kernel, preGradient, dKernel, dBias, dx, workspace, c.Batch, g);
                    float[] gradient = (float[])dy.Clone();
                    var (fusedDKernel, fusedDBias, fusedDx) = (new float[g.KernelLength], new float[g.Filters], new float[x.Length]);
                    Convolution.Backward(x, kernel, fused, gradient, activation, fusedDKernel, fusedDBias, fusedDx, workspace, c.Batch, g);
                    Assert.True(preGradient.AsSpan().SequenceEqual(gradient), $"{c} {activation}: dy is not left as the gradient before the activation");
                    Assert.True(dKernel.AsSpan().SequenceEqual(fusedDKernel), $"{c} {activation}: dKernel differs");
                    Assert.True(dBias.AsSpan().SequenceEqual(fusedDBias), $"{c} {activation}: dBias differs");
                    Assert.True(dx.AsSpan().SequenceEqual(fusedDx), $"{c} {activation}: dx differs");
                }
            }
        }
        finally
        {
            Gemm.MaxThreads = threads;
        }
    }

    [Fact]
    public void A_softmax_is_refused_by_name()
    {
        var g = ConvolutionGeometry.Create(4, 4, 1, 3, 3, 2, 1, 1, 1, 1, "valid");
        float[] x = new float[16], k = new float[18], y = new float[8], w = new float[Convolution.WorkspaceSize(g, 1)];
        string message = Assert.Throws<ArgumentException>(() => Convolution.Forward(x, k, [], y, w, 1, g, Activation.Softmax)).Message;
        Assert.Contains("Softmax", message);
        message = Assert.Throws<ArgumentException>(() => Convolution.Backward(x, k, y, new float[8], Activation.Softmax, new float[18], [], [], w, 1, g)).Message;
        Assert.Contains("Linear, Relu, Sigmoid and Tanh", message);
    }

    private static void ApplyActivation(Activation activation, float[] values)
    {
        if (activation == Activation.Relu) Relu.Forward(values, values);
        else if (activation == Activation.Sigmoid) Sigmoid.Forward(values, values);
        else Tanh.Forward(values, values);
    }

    private static void ActivationGradient(Activation activation, float[] y, float[] dy, float[] dx)
    {
        if (activation == Activation.Relu) Relu.Backward(y, dy, dx);
        else if (activation == Activation.Sigmoid) Sigmoid.Backward(y, dy, dx);
        else Tanh.Backward(y, dy, dx);
    }

    [Fact]
    public void Accumulate_adds_the_input_gradient_and_empty_spans_are_skipped()
    {
        foreach (Case c in new[] { Cases[1], Cases[7], Cases[9], GroupedCases[2] })
        {
            var g = c.Geometry;
            var (x, kernel, _, dy) = Operands(new SeededRandom(11), c);
            float[] workspace = new float[Convolution.WorkspaceSize(g, c.Batch)];
            float[] dKernel = new float[g.KernelLength], dBias = new float[g.Filters], dx = new float[x.Length];
            Convolution.Backward(x, kernel, dy, dKernel, dBias, dx, workspace, c.Batch, g);

            float[] earlier = x.Select((_, i) => i * 0.25f).ToArray();
            float[] added = (float[])earlier.Clone();
            float[] dKernel2 = Enumerable.Repeat(float.NaN, g.KernelLength).ToArray();
            Convolution.Backward(x, kernel, dy, dKernel2, [], added, workspace, c.Batch, g, accumulate: true);
            for (int i = 0; i < dx.Length; i++) Assert.Equal(earlier[i] + dx[i], added[i], tolerance: 1e-5 * (1 + Math.Abs(earlier[i])));
            Assert.Equal(dKernel, dKernel2);

            float[] dKernel3 = new float[g.KernelLength];
            Convolution.Backward(x, kernel, dy, dKernel3, [], [], workspace, c.Batch, g);
            Assert.Equal(dKernel, dKernel3);
        }
    }

    [Fact]
    public void Short_spans_are_refused_with_the_sizes()
    {
        var c = Cases[0];
        var g = c.Geometry;
        int n = c.Batch;
        float[] x = new float[n * g.InputLength], k = new float[g.KernelLength], b = new float[g.Filters];
        float[] y = new float[n * g.OutputLength], w = new float[Convolution.WorkspaceSize(g, n)];
        string Forward(float[] xs, float[] ks, float[] bs, float[] ys, float[] ws)
            => Assert.Throws<ArgumentException>(() => Convolution.Forward(xs, ks, bs, ys, ws, n, g)).Message;
        Assert.Contains($"needs {n * g.InputLength}", Forward(x[1..], k, b, y, w));
        Assert.Contains($"needs {g.KernelLength}", Forward(x, k[1..], b, y, w));
        Assert.Contains($"needs {g.Filters}", Forward(x, k, b[1..], y, w));
        Assert.Contains($"needs {n * g.OutputLength}", Forward(x, k, b, y[1..], w));
        Assert.Contains("WorkspaceSize", Forward(x, k, b, y, w[1..]));
        string Backward(float[] dys, float[] dks, float[] dbs, float[] dxs)
            => Assert.Throws<ArgumentException>(() => Convolution.Backward(x, k, dys, dks, dbs, dxs, w, n, g)).Message;
        Assert.Contains($"needs {n * g.OutputLength}", Backward(y[1..], k, b, x));
        Assert.Contains($"needs {g.KernelLength}", Backward(y, k[1..], b, x));
        Assert.Contains($"needs {g.Filters}", Backward(y, k, b[1..], x));
        Assert.Contains($"needs {n * g.InputLength}", Backward(y, k, b, x[1..]));
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => Convolution.Forward(x, k, b, y, w, n, default)).Message);
    }

    [Fact]
    public void Workspace_is_bounded_and_zero_for_a_pointwise_convolution()
    {
        var mnist2 = ConvolutionGeometry.Create(26, 26, 32, 3, 3, 64, 1, 1, 1, 1, "valid");
        // Two chunks of patches (a sample each, 576 × 288) and two partial kernel gradients, each followed by a spare
        // cache line: 1.5 MB, not the whole batch's 85 MB.
        Assert.Equal(2 * (576 * 288 + 16 + 288 * 64 + 16), Convolution.WorkspaceSize(mnist2, 128));
        Assert.True(Convolution.WorkspaceSize(mnist2, 128) <= 2 * ((1 << 18) + mnist2.KernelLength + 32), $"{Convolution.WorkspaceSize(mnist2, 128)} floats");
        Assert.Equal(Convolution.WorkspaceSize(mnist2, 128), Convolution.WorkspaceSize(mnist2, 1000));
        Assert.Equal(0, Convolution.WorkspaceSize(ConvolutionGeometry.Create(6, 6, 8, 1, 1, 4, 1, 1, 1, 1, "same"), 64));
        Assert.Equal(0, Convolution.WorkspaceSize(mnist2, 0));
    }

    [Fact]
    public void Warm_calls_allocate_nothing()
    {
        int threads = Gemm.MaxThreads;
        // Left on, as AllocationTests leave it: turning it off could race with theirs.
        GemmWorkers.CountAllocations = true;
        try
        {
            Gemm.MaxThreads = 2;
            WarmCallsAllocateNothing();
            Gemm.MaxThreads = 1;
            WarmCallsAllocateNothing();
        }
        finally
        {
            Gemm.MaxThreads = threads;
        }
    }

    private static void WarmCallsAllocateNothing()
    {
        foreach (Case c in new[] { Cases[0], Cases[9], Cases[7], GroupedCases[0], GroupedCases[1] })
        {
            var g = c.Geometry;
            var (x, kernel, bias, dy) = Operands(new SeededRandom(2), c);
            float[] y = new float[dy.Length], workspace = new float[Convolution.WorkspaceSize(g, c.Batch)];
            float[] dKernel = new float[kernel.Length], dBias = new float[bias.Length], dx = new float[x.Length];
            Convolution.Forward(x, kernel, bias, y, workspace, c.Batch, g);
            Convolution.Backward(x, kernel, dy, dKernel, dBias, dx, workspace, c.Batch, g);
            long before = GC.GetAllocatedBytesForCurrentThread(), workers = GemmWorkers.WorkerAllocatedBytesForCurrentThread;
            Convolution.Forward(x, kernel, bias, y, workspace, c.Batch, g);
            Convolution.Backward(x, kernel, dy, dKernel, dBias, dx, workspace, c.Batch, g);
            Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
            Assert.Equal(workers, GemmWorkers.WorkerAllocatedBytesForCurrentThread);
        }
    }

    private static void CheckAgainstReference(Case c, SimdPath path)
    {
        var g = c.Geometry;
        var result = Run(c, path, new SeededRandom(3));
        var (x, kernel, bias, dy) = Operands(new SeededRandom(3), c);
        double[] y = ReferenceForward(x, kernel, c.Bias ? bias : [], c.Batch, g, out double[] yBound);
        var (dx, dKernel, dBias) = ReferenceBackward(x, kernel, dy, c.Batch, g, out double[] dxBound, out double[] dKernelBound, out double[] dBiasBound);
        Near(y, yBound, result.Y, g.Depth + 1, $"{c} {path}: y");
        Near(dKernel, dKernelBound, result.DKernel, c.Batch * g.OutputHeight * g.OutputWidth, $"{c} {path}: dKernel");
        Near(dBias, dBiasBound, result.DBias, c.Batch * g.OutputHeight * g.OutputWidth, $"{c} {path}: dBias");
        Near(dx, dxBound, result.Dx, g.KernelHeight * g.KernelWidth * g.Filters, $"{c} {path}: dx");
    }

    /// <summary>A float32 sum of <paramref name="terms"/> products lies within about <c>terms · ε · Σ|term|</c> of the exact one.</summary>
    private static void Near(double[] expected, double[] magnitude, float[] actual, int terms, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double bound = (terms + 2) * 1.2e-7 * magnitude[i] + 1e-30;
            Assert.True(Math.Abs(expected[i] - actual[i]) <= bound, $"{what}[{i}]: {actual[i]} against {expected[i]} (bound {bound})");
        }
    }

    private sealed record Outputs(float[] Y, float[] DKernel, float[] DBias, float[] Dx);

    private static Outputs Run(Case c, SimdPath path, SeededRandom random)
    {
        var g = c.Geometry;
        var (x, kernel, bias, dy) = Operands(random, c);
        float[] workspace = new float[Convolution.WorkspaceSize(g, c.Batch)];
        // NaN everywhere: every output element must be written.
        float[] y = Enumerable.Repeat(float.NaN, c.Batch * g.OutputLength).ToArray();
        Convolution.Forward(x, kernel, c.Bias ? bias : [], y, workspace, c.Batch, g, Activation.Linear, path);
        float[] dKernel = Enumerable.Repeat(float.NaN, g.KernelLength).ToArray();
        float[] dBias = Enumerable.Repeat(float.NaN, g.Filters).ToArray();
        float[] dx = Enumerable.Repeat(float.NaN, x.Length).ToArray();
        Convolution.Backward(x, kernel, dy, dKernel, dBias, dx, workspace, c.Batch, g, accumulate: false, path);
        return new Outputs(y, dKernel, dBias, dx);
    }

    private static (float[] X, float[] Kernel, float[] Bias, float[] Dy) Operands(SeededRandom random, Case c)
    {
        var g = c.Geometry;
        float[] Values(int count) => Enumerable.Range(0, count).Select(_ => (float)random.NextGaussian()).ToArray();
        return (Values(c.Batch * g.InputLength), Values(g.KernelLength), Values(g.Filters), Values(c.Batch * g.OutputLength));
    }

    /// <summary>Every tap of every output, written out: <c>y[b,oy,ox,f] = bias[f] + Σ x[b, oy·sh + ky·dh - top, ox·sw + kx·dw - left, c] · k[ky,kx,c,f]</c>.</summary>
    private static double[] ReferenceForward(float[] x, float[] kernel, float[] bias, int batch, ConvolutionGeometry g, out double[] bound)
    {
        double[] y = new double[batch * g.OutputLength];
        bound = new double[y.Length];
        foreach (var (b, oy, ox, iy, ix, ky, kx) in Taps(batch, g))
            for (int c = 0; c < g.Channels; c++)
                for (int f = 0; f < g.Filters; f++)
                {
                    int o = ((b * g.OutputHeight + oy) * g.OutputWidth + ox) * g.Filters + f;
                    double term = (double)x[((b * g.Height + iy) * g.Width + ix) * g.Channels + c] * kernel[((ky * g.KernelWidth + kx) * g.Channels + c) * g.Filters + f];
                    y[o] += term;
                    bound[o] += Math.Abs(term);
                }
        if (bias.Length > 0)
            for (int i = 0; i < y.Length; i++)
            {
                y[i] += bias[i % g.Filters];
                bound[i] += Math.Abs(bias[i % g.Filters]);
            }
        return y;
    }

    private static (double[] Dx, double[] DKernel, double[] DBias) ReferenceBackward(float[] x, float[] kernel, float[] dy, int batch, ConvolutionGeometry g)
        => ReferenceBackward(x, kernel, dy, batch, g, out _, out _, out _);

    /// <summary>The gradients of <c>Σ dy·y</c>, tap by tap, with <c>Σ|term|</c> of each for the rounding bound.</summary>
    private static (double[] Dx, double[] DKernel, double[] DBias) ReferenceBackward(float[] x, float[] kernel, float[] dy, int batch,
        ConvolutionGeometry g, out double[] dxBound, out double[] dKernelBound, out double[] dBiasBound)
    {
        double[] dx = new double[x.Length], dKernel = new double[kernel.Length], dBias = new double[g.Filters];
        dxBound = new double[dx.Length];
        dKernelBound = new double[dKernel.Length];
        dBiasBound = new double[dBias.Length];
        for (int i = 0; i < dy.Length; i++)
        {
            dBias[i % g.Filters] += dy[i];
            dBiasBound[i % g.Filters] += Math.Abs(dy[i]);
        }
        foreach (var (b, oy, ox, iy, ix, ky, kx) in Taps(batch, g))
            for (int c = 0; c < g.Channels; c++)
                for (int f = 0; f < g.Filters; f++)
                {
                    int xi = ((b * g.Height + iy) * g.Width + ix) * g.Channels + c;
                    int ki = ((ky * g.KernelWidth + kx) * g.Channels + c) * g.Filters + f;
                    double d = dy[((b * g.OutputHeight + oy) * g.OutputWidth + ox) * g.Filters + f];
                    dx[xi] += d * kernel[ki];
                    dxBound[xi] += Math.Abs(d * kernel[ki]);
                    dKernel[ki] += d * x[xi];
                    dKernelBound[ki] += Math.Abs(d * x[xi]);
                }
        return (dx, dKernel, dBias);
    }

    /// <summary>Every (sample, output pixel, kernel tap) whose input position lies inside the input; the others read padding zeros.</summary>
    private static IEnumerable<(int B, int Oy, int Ox, int Iy, int Ix, int Ky, int Kx)> Taps(int batch, ConvolutionGeometry g)
    {
        for (int b = 0; b < batch; b++)
            for (int oy = 0; oy < g.OutputHeight; oy++)
                for (int ox = 0; ox < g.OutputWidth; ox++)
                    for (int ky = 0; ky < g.KernelHeight; ky++)
                        for (int kx = 0; kx < g.KernelWidth; kx++)
                        {
                            int iy = oy * g.StrideHeight + ky * g.DilationHeight - g.PadTop;
                            int ix = ox * g.StrideWidth + kx * g.DilationWidth - g.PadLeft;
                            if (iy >= 0 && iy < g.Height && ix >= 0 && ix < g.Width) yield return (b, oy, ox, iy, ix, ky, kx);
                        }
    }
}
