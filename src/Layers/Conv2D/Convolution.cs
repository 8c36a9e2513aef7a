using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Compiled.Kernels;

/// <summary>
/// Convolution on <c>channels_last</c> data, Keras's Conv2D and (with height 1) Conv1D: a cross-correlation,
/// <c>y[b, oy, ox, f] = bias[f] + Σ_{ky, kx, c} x[b, oy·sh + ky·dh - padTop, ox·sw + kx·dw - padLeft, c] · kernel[ky, kx, c, f]</c>,
/// taps outside the input reading zero.
/// </summary>
/// <remarks>
/// <para>Shapes (every size is in the <see cref="ConvolutionGeometry"/>): <c>x</c> <c>(batch, height, width, channels)</c>,
/// <c>kernel</c> <c>(kernelHeight, kernelWidth, channels, filters)</c> as Keras stores it, which row-major is the
/// <c>(Depth, filters)</c> matrix, <c>bias</c> <c>(filters)</c>, <c>y</c> <c>(batch, outputHeight, outputWidth, filters)</c>.</para>
/// <para>Seen as matrices, with <c>cols</c> the <c>(pixels, Depth)</c> matrix of input patches in <c>(ky, kx, c)</c>
/// order (im2col): <c>y = cols · kernel + bias</c>, <c>dKernel = colsᵀ · dy</c>, <c>dBias = Σ_pixels dy</c> and
/// <c>dx = col2im(dy · kernelᵀ)</c>. The products go through <see cref="Gemm"/>; the patches are built a chunk of
/// output pixels at a time in a caller-owned workspace (<see cref="WorkspaceSize"/>), so scratch stays the size
/// of a cache, whatever the batch. A 1×1 kernel with stride 1 and no padding multiplies <c>x</c> in place. A
/// shallow patch (the first layer of an image network: 3×3×1 is 9 deep) is a poor matrix product: its forward
/// pass and kernel gradient run direct register-tiled kernels on <c>x</c> instead (mnist_cnn's first layer:
/// dKernel 0.8 ms against 3.9 ms through patches and the GEMM).</para>
/// <para>Results do not depend on <see cref="Gemm.MaxThreads"/>: chunks are sized from the geometry alone and
/// every sum runs in one fixed order. Nothing is allocated per call.</para>
/// </remarks>
public static unsafe class Convolution
{
    /// <summary>
    /// Patches at most this deep (and filters a multiple of 16) take the direct kernels for the forward pass and the
    /// kernel gradient, which read <c>x</c> in place through a table of tap offsets instead of building patches.
    /// Measured on Zen 5, one thread, mnist_cnn's second convolution (3×3×32, 288 deep, 64 filters, so the four-vector
    /// tiles): the forward pass at 190 GFLOP/s against 160 through patches and the GEMM, the kernel gradient at 150
    /// against 122. The input gradient stays a GEMM into patches: as a direct convolution of dy with the flipped
    /// kernel it ran at 90 GFLOP/s against 147, its border tiles gathering patches.
    /// </summary>
    internal const int DirectDepth = 1024;

    /// <summary>Output pixels in one tile of the direct kernel: 6 pixels × 2 vectors of filters are 12 accumulators, as in the GEMM.</summary>
    private const int TilePixels = 6;

    /// <summary>At least this many output pixels per chunk, so that every product stays large enough to share among threads.</summary>
    private const int MinimumChunkPixels = 192;

    /// <summary>
    /// Floats of patches built per chunk: 256 Ki floats (1 MiB, about a core's L2; 912 pixels of mnist_cnn's second
    /// convolution). Measured on Zen 5 at batch 128, one thread: chunks of 128 Ki to 1 Mi floats all ran the forward
    /// product as fast as or faster than one whole-batch GEMM on prebuilt patches; larger chunks mean fewer hand-overs to
    /// the GEMM's helper thread. Internal and settable only for benchmarks and tests; it changes <see cref="WorkspaceSize"/>.
    /// </summary>
    internal static int ColumnBudget { get; set; } = 1 << 18;

    /// <summary>
    /// Floats of outputs per chunk of the two-group path, at most: 64 Ki floats (256 KiB), so that a chunk's outputs and
    /// their gradient stay in L2 between the kernel that writes them and the activation applied to them, and between
    /// the activation's gradient and the kernels that read it. Binds on shallow patches: mnist_cnn's first convolution
    /// (9 deep, 32 filters) ran its backward pass, relu included, in 2.3 ms at chunks of 32 samples (2.7 MiB of outputs).
    /// </summary>
    private const int OutputBudget = 1 << 16;

    /// <summary>
    /// Floats of scratch <see cref="Forward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, int, in ConvolutionGeometry)"/>
    /// and <see cref="Backward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, Span{float}, Span{float}, int, in ConvolutionGeometry, bool)"/>
    /// need for <paramref name="batch"/> samples: one chunk of patches, or, where chunks run in two groups (see
    /// <see cref="TryGroupChunks"/>), two chunks and two partial kernel gradients; 0 for a 1×1, stride-1, unpadded convolution.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batch"/> is negative.</exception>
    public static long WorkspaceSize(in ConvolutionGeometry g, int batch)
    {
        if (batch < 0) throw new ArgumentOutOfRangeException(nameof(batch), $"Batch must not be negative; got {batch}.");
        if (IsPointwise(g)) return 0;
        if (TryGroupChunks(g, batch, out int samples, out _))
            return 2 * (Separated((long)samples * g.OutputHeight * g.OutputWidth * g.Depth) + Separated(g.KernelLength));
        return (long)ChunkPixels(g, batch) * g.Depth;
    }

    /// <summary>
    /// <c>y = conv(x, kernel) + bias</c>, <paramref name="y"/> overwritten; an empty <paramref name="bias"/> means none.
    /// </summary>
    /// <exception cref="ArgumentException">A span is shorter than the geometry and batch need.</exception>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias, Span<float> y,
        Span<float> workspace, int batch, in ConvolutionGeometry g)
        => Forward(x, kernel, bias, y, workspace, batch, g, Activation.Linear, SimdPaths.Best);

    /// <summary>
    /// <c>y = activation(conv(x, kernel) + bias)</c>, <paramref name="y"/> overwritten, the activation applied to each
    /// chunk of outputs while it is still in cache rather than in a pass of its own over the whole batch. An
    /// activation Keras's <c>Conv2D(..., activation=...)</c> names works so; Softmax is refused (it is not element-wise).
    /// </summary>
    /// <exception cref="ArgumentException">A span is shorter than the geometry and batch need, or the activation is Softmax.</exception>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias, Span<float> y,
        Span<float> workspace, int batch, in ConvolutionGeometry g, Activation activation)
        => Forward(x, kernel, bias, y, workspace, batch, g, activation, SimdPaths.Best);

    /// <summary>
    /// From <c>dy</c>: <c>dKernel = colsᵀ · dy</c> and <c>dBias = Σ dy</c>, both overwritten (an empty
    /// <paramref name="dBias"/> is skipped), and <c>dx = col2im(dy · kernelᵀ)</c>, written over
    /// <paramref name="dx"/> or, with <paramref name="accumulate"/>, added to it (for an input that feeds several
    /// layers); an empty <paramref name="dx"/> is skipped (a first layer needs no input gradient).
    /// </summary>
    /// <exception cref="ArgumentException">A span is shorter than the geometry and batch need.</exception>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> dy,
        Span<float> dKernel, Span<float> dBias, Span<float> dx, Span<float> workspace, int batch, in ConvolutionGeometry g,
        bool accumulate = false)
        => Backward(x, kernel, dy, dKernel, dBias, dx, workspace, batch, g, accumulate, SimdPaths.Best);

    /// <summary>
    /// The backward pass of <see cref="Forward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, int, in ConvolutionGeometry, Activation)"/>:
    /// <paramref name="dy"/> is the gradient with respect to the activated output <paramref name="y"/> and is
    /// overwritten, chunk by chunk, with the gradient before the activation, which then gives <c>dKernel</c>,
    /// <c>dBias</c> and <c>dx</c> as in the plain backward pass.
    /// </summary>
    /// <exception cref="ArgumentException">A span is shorter than the geometry and batch need, or the activation is Softmax.</exception>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> y, Span<float> dy, Activation activation,
        Span<float> dKernel, Span<float> dBias, Span<float> dx, Span<float> workspace, int batch, in ConvolutionGeometry g, bool accumulate = false)
        => Backward(x, kernel, y, dy, activation, dKernel, dBias, dx, workspace, batch, g, accumulate, SimdPaths.Best);

    internal static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias, Span<float> y,
        Span<float> workspace, int batch, in ConvolutionGeometry g, Activation activation, SimdPath path)
    {
        CheckCommon(x, kernel, workspace, batch, g);
        Check(y.Length, (long)batch * g.OutputLength, "y", "outputs", batch, g);
        if (!bias.IsEmpty) Check(bias.Length, g.Filters, "bias", "filters", batch, g);
        CheckActivation(activation);
        int filters = g.Filters, depth = g.Depth;
        int pixels = batch * g.OutputHeight * g.OutputWidth;
        if (pixels == 0) return;
        y = y.Slice(0, pixels * filters);
        Forward(x, kernel, bias, y, workspace, batch, g, activation, path, pixels);
    }

    private static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias, Span<float> y,
        Span<float> workspace, int batch, in ConvolutionGeometry g, Activation activation, SimdPath path, int pixels)
    {
        int filters = g.Filters, depth = g.Depth;
        if (!IsPointwise(g) && TryGroupChunks(g, batch, out int chunkSamples, out int chunks))
        {
            fixed (float* px = x, pk = kernel, pb = bias, py = y, pw = workspace)
            {
                GroupJob job = new()
                {
                    X = px, Kernel = pk, Bias = bias.IsEmpty ? null : pb, Y = py, Workspace = pw, Geometry = g, Path = path,
                    Batch = batch, ChunkSamples = chunkSamples, Chunks = chunks, Direct = UseDirect(g, path), Activation = activation,
                };
                RunGroups(&job, &ForwardGroup);
            }
            return;
        }
        if (UseDirect(g, path))
        {
            fixed (float* px = x, pk = kernel, pb = bias, py = y)
            {
                if (path == SimdPath.Vector512)
                    DirectForward<Vector512<float>, Vector512Ops>(px, pk, bias.IsEmpty ? null : pb, py, batch, g);
                else
                    DirectForward<Vector256<float>, Vector256Ops>(px, pk, bias.IsEmpty ? null : pb, py, batch, g);
            }
            Activate(activation, y);
            return;
        }

        if (IsPointwise(g))
        {
            StartWithBias(bias, y, pixels, filters);
            Gemm.MultiplyAdd(x, kernel, y, pixels, depth, filters, path);
            Activate(activation, y);
            return;
        }
        int chunk = ChunkPixels(g, batch);
        fixed (float* px = x, pw = workspace)
        {
            for (int first = 0; first < pixels; first += chunk)
            {
                int count = Math.Min(chunk, pixels - first);
                // Chunk by chunk, so that the outputs are still in cache when the product adds to them.
                Span<float> output = y.Slice(first * filters, count * filters);
                StartWithBias(bias, output, count, filters);
                Im2Col(px, pw, first, count, g);
                Gemm.MultiplyAdd(workspace.Slice(0, count * depth), kernel, output, count, depth, filters, path);
                Activate(activation, output);
            }
        }
    }

    /// <summary>Linear, Relu, Sigmoid or Tanh: the activations the convolution applies itself.</summary>
    private static void CheckActivation(Activation activation)
    {
        if (activation is not (Activation.Linear or Activation.Relu or Activation.Sigmoid or Activation.Tanh))
            throw new ArgumentException(
                $"Convolution applies the element-wise activations Linear, Relu, Sigmoid and Tanh; got {activation}. Apply a softmax in a pass of its own.",
                nameof(activation));
    }

    /// <summary><paramref name="values"/> through the activation, in place (the same kernels the generated code calls for a separate activation, so the same bits).</summary>
    private static void Activate(Activation activation, Span<float> values)
    {
        switch (activation)
        {
            case Activation.Relu: Relu.Forward(values, values); break;
            case Activation.Sigmoid: Sigmoid.Forward(values, values); break;
            case Activation.Tanh: Tanh.Forward(values, values); break;
        }
    }

    /// <summary>The gradient <paramref name="dy"/> with respect to the activated output <paramref name="y"/> turned, in place, into the gradient before the activation.</summary>
    private static void Deactivate(Activation activation, ReadOnlySpan<float> y, Span<float> dy, SimdPath path)
    {
        switch (activation)
        {
            case Activation.Relu: Relu.Backward(y, dy, dy, path); break;
            case Activation.Sigmoid: Sigmoid.Backward(y, dy, dy, path); break;
            case Activation.Tanh: Tanh.Backward(y, dy, dy, path); break;
        }
    }

    /// <summary>Every row of <paramref name="y"/> set to the bias (or zero), for the product to add to.</summary>
    private static void StartWithBias(ReadOnlySpan<float> bias, Span<float> y, int rows, int filters)
    {
        if (bias.IsEmpty)
        {
            y.Slice(0, rows * filters).Clear();
            return;
        }
        bias = bias.Slice(0, filters);
        for (int r = 0; r < rows; r++) bias.CopyTo(y.Slice(r * filters, filters));
    }

    internal static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> dy,
        Span<float> dKernel, Span<float> dBias, Span<float> dx, Span<float> workspace, int batch, in ConvolutionGeometry g,
        bool accumulate, SimdPath path)
        => Backward(x, kernel, default, MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(dy), dy.Length), Activation.Linear,
            dKernel, dBias, dx, workspace, batch, g, accumulate, path);

    /// <remarks>With <see cref="Activation.Linear"/>, <paramref name="dy"/> is only read (the plain overload passes a read-only span through here).</remarks>
    internal static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> y, Span<float> dy, Activation activation,
        Span<float> dKernel, Span<float> dBias, Span<float> dx, Span<float> workspace, int batch, in ConvolutionGeometry g,
        bool accumulate, SimdPath path)
    {
        CheckCommon(x, kernel, workspace, batch, g);
        Check(dy.Length, (long)batch * g.OutputLength, "dy", "outputs", batch, g);
        CheckActivation(activation);
        if (activation != Activation.Linear) Check(y.Length, (long)batch * g.OutputLength, "y", "outputs", batch, g);
        Check(dKernel.Length, g.KernelLength, "dKernel", "kernel values", batch, g);
        if (!dBias.IsEmpty) Check(dBias.Length, g.Filters, "dBias", "filters", batch, g);
        if (!dx.IsEmpty) Check(dx.Length, (long)batch * g.InputLength, "dx", "inputs", batch, g);
        int filters = g.Filters, depth = g.Depth;
        int pixels = batch * g.OutputHeight * g.OutputWidth;
        dKernel = dKernel.Slice(0, g.KernelLength);
        dKernel.Clear();
        if (!dx.IsEmpty)
        {
            dx = dx.Slice(0, batch * g.InputLength);
            if (!accumulate) dx.Clear();
        }
        if (pixels == 0)
        {
            dBias.Slice(0, dBias.IsEmpty ? 0 : filters).Clear();
            return;
        }
        dy = dy.Slice(0, pixels * filters);
        // The grouped path turns dy through the activation chunk by chunk, in cache; the others all at once.
        bool grouped = TryGroupChunks(g, batch, out int chunkSamples, out int chunks);
        if (!grouped) Deactivate(activation, y, dy, path);
        Backward(x, kernel, y, dy, activation, dKernel, dx, workspace, batch, g, path, pixels, grouped, chunkSamples, chunks);
        // Last, over the whole gradient (every chunk of it deactivated by now), in one fixed order.
        if (!dBias.IsEmpty) Dense.ColumnSums(dy, dBias.Slice(0, filters), pixels, filters, path);
    }

    private static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> y, Span<float> dy, Activation activation,
        Span<float> dKernel, Span<float> dx, Span<float> workspace, int batch, in ConvolutionGeometry g, SimdPath path,
        int pixels, bool grouped, int chunkSamples, int chunks)
    {
        int filters = g.Filters, depth = g.Depth;
        if (IsPointwise(g))
        {
            Gemm.MultiplyAddTransposedA(x, dy, dKernel, depth, pixels, filters, path);
            if (!dx.IsEmpty) Gemm.MultiplyAddTransposedB(dy, kernel, dx, pixels, filters, depth, path);
            return;
        }
        bool direct = UseDirect(g, path);
        if (grouped)
        {
            fixed (float* px = x, pk = kernel, pw = workspace, pdx = dx, pdy = dy, pdk = dKernel, py = y)
            {
                GroupJob job = new()
                {
                    X = px, Kernel = pk, Y = py, Dy = pdy, Dx = dx.IsEmpty ? null : pdx, Workspace = pw, Geometry = g, Path = path,
                    Batch = batch, ChunkSamples = chunkSamples, Chunks = chunks, Direct = direct, Activation = activation,
                };
                RunGroups(&job, &BackwardGroup);
                // The two groups' kernel gradients, added element by element in one fixed order.
                int length = g.KernelLength;
                TensorPrimitives.Add(new ReadOnlySpan<float>(job.Partial(0), length), new ReadOnlySpan<float>(job.Partial(1), length), dKernel);
            }
            return;
        }
        int chunk = ChunkPixels(g, batch);
        fixed (float* px = x, pw = workspace, pdx = dx, pdy = dy, pdk = dKernel)
        {
            if (direct)
            {
                if (path == SimdPath.Vector512)
                    DirectKernelGradient<Vector512<float>, Vector512Ops>(px, pdy, pdk, batch, g);
                else
                    DirectKernelGradient<Vector256<float>, Vector256Ops>(px, pdy, pdk, batch, g);
                if (dx.IsEmpty) return;
            }
            for (int first = 0; first < pixels; first += chunk)
            {
                int count = Math.Min(chunk, pixels - first);
                Span<float> columns = workspace.Slice(0, count * depth);
                ReadOnlySpan<float> dyChunk = dy.Slice(first * filters, count * filters);
                if (!direct)
                {
                    Im2Col(px, pw, first, count, g);
                    Gemm.MultiplyAddTransposedA(columns, dyChunk, dKernel, depth, count, filters, path);
                }
                if (dx.IsEmpty) continue;
                // The patches are spent: the same scratch takes their gradient, dy · kernelᵀ, then adds it back into dx.
                Gemm.MultiplyTransposedB(dyChunk, kernel, columns, count, filters, depth, path);
                Col2ImAdd(pw, pdx, first, count, g);
            }
        }
    }

    private static long s_groupedRuns;

    /// <summary>How many forward or backward passes have taken the two-group path (tests check that a shape takes it).</summary>
    internal static long GroupedRuns => Interlocked.Read(ref s_groupedRuns);

    /// <summary>
    /// Whether the chunks of <paramref name="batch"/> samples run as two groups, and their size: each chunk is
    /// <paramref name="chunkSamples"/> whole samples (at most a <see cref="ColumnBudget"/> of patches), an even number of
    /// chunks is planned, and the batch is spread over them evenly, the last chunk possibly shorter. Not when a single
    /// sample's patches exceed the budget (chunks would split samples, and two chunks could add into one sample's dx), when
    /// the batch is a single sample, or when the whole convolution is too small to repay waking a worker. From the
    /// geometry and the batch alone, never the thread count.
    /// </summary>
    /// <remarks>
    /// Group <c>g</c> processes chunks <c>g, g + 2, g + 4…</c> in increasing order with its own half of the workspace and
    /// single-threaded products; on one thread group 0 runs, then group 1, with the same arithmetic. Forward outputs and dx
    /// of different chunks are disjoint; each group sums its kernel gradient into its own partial, and the two partials
    /// are added at the end. So the bits do not depend on <see cref="Gemm.MaxThreads"/>.
    /// </remarks>
    internal static bool TryGroupChunks(in ConvolutionGeometry g, int batch, out int chunkSamples, out int chunks)
    {
        (chunkSamples, chunks) = (0, 0);
        long samplePixels = (long)g.OutputHeight * g.OutputWidth;
        if (batch < 2 || samplePixels == 0 || IsPointwise(g)) return false;
        if (batch * samplePixels * g.Depth * g.Filters < Gemm.ParallelLimit) return false;
        long perChunk = Math.Max(MinimumChunkPixels, Math.Min(ColumnBudget / g.Depth, OutputBudget / g.Filters)) / samplePixels;
        if (perChunk < 1) return false;
        long planned = (batch + perChunk - 1) / perChunk;
        planned += planned & 1;
        chunkSamples = (int)((batch + planned - 1) / planned);
        chunks = (batch + chunkSamples - 1) / chunkSamples;
        return true;
    }

    /// <summary>Everything a group of chunks needs, on the caller's stack; pointers into the caller's pinned spans.</summary>
    private struct GroupJob
    {
        public float* X, Kernel, Bias, Y, Dy, Dx, Workspace;
        public ConvolutionGeometry Geometry;
        public SimdPath Path;
        public int Batch, ChunkSamples, Chunks;
        public bool Direct;
        public Activation Activation;

        /// <summary>Floats from one group's patches to the other's: a chunk of patches, separated (the two partial kernel gradients follow both).</summary>
        public readonly long ColumnsStride => Separated((long)ChunkSamples * Geometry.OutputHeight * Geometry.OutputWidth * Geometry.Depth);

        /// <summary>Group <paramref name="group"/>'s patches.</summary>
        public readonly float* Columns(int group) => Workspace + group * ColumnsStride;

        /// <summary>Group <paramref name="group"/>'s partial kernel gradient.</summary>
        public readonly float* Partial(int group) => Workspace + 2 * ColumnsStride + group * Separated(Geometry.KernelLength);
    }

    /// <summary>
    /// <paramref name="floats"/> rounded up to a 64-byte line, plus one line: the two groups' regions of the workspace
    /// never share a cache line, whatever the array's alignment (the direct kernel stores its partial row after row, and
    /// a line written by both cores would move between them each time).
    /// </summary>
    private static long Separated(long floats) => (floats + 15) / 16 * 16 + 16;

    /// <summary>Both groups of <paramref name="job"/>, shared with a worker when <see cref="Gemm.MaxThreads"/> allows.</summary>
    private static void RunGroups(GroupJob* job, delegate*<void*, int, void> group)
    {
        Interlocked.Increment(ref s_groupedRuns);
        GemmWorkers.RunJob(group, job, 2, Gemm.MaxThreads);
    }

    /// <summary>Group <paramref name="group"/>'s chunks of the forward pass: <c>y = bias + cols · kernel</c>, or the direct kernel on the chunk's samples.</summary>
    private static void ForwardGroup(void* state, int group)
    {
        ref GroupJob job = ref *(GroupJob*)state;
        ref readonly ConvolutionGeometry g = ref job.Geometry;
        int filters = g.Filters, depth = g.Depth, samplePixels = g.OutputHeight * g.OutputWidth;
        float* columns = job.Columns(group);
        for (int chunk = group; chunk < job.Chunks; chunk += 2)
        {
            int firstSample = chunk * job.ChunkSamples, samples = Math.Min(job.ChunkSamples, job.Batch - firstSample);
            int first = firstSample * samplePixels, count = samples * samplePixels;
            float* output = job.Y + (nint)first * filters;
            if (job.Direct)
            {
                float* input = job.X + (nint)firstSample * g.InputLength;
                if (job.Path == SimdPath.Vector512)
                    DirectForward<Vector512<float>, Vector512Ops>(input, job.Kernel, job.Bias, output, samples, g);
                else
                    DirectForward<Vector256<float>, Vector256Ops>(input, job.Kernel, job.Bias, output, samples, g);
                Activate(job.Activation, new Span<float>(output, count * filters));
                continue;
            }
            var y = new Span<float>(output, count * filters);
            StartWithBias(job.Bias == null ? default : new ReadOnlySpan<float>(job.Bias, filters), y, count, filters);
            Im2Col(job.X, columns, first, count, g);
            Gemm.MultiplyAdd(new ReadOnlySpan<float>(columns, count * depth), new ReadOnlySpan<float>(job.Kernel, g.KernelLength), y,
                count, depth, filters, job.Path, threads: 1);
            Activate(job.Activation, y);
        }
    }

    /// <summary>
    /// Group <paramref name="group"/>'s chunks of the backward pass: its partial <c>dKernel = Σ colsᵀ · dy</c> (or the direct
    /// kernel on the chunk's samples) and, unless dx is skipped, <c>dx += col2im(dy · kernelᵀ)</c> on the chunk's samples.
    /// </summary>
    private static void BackwardGroup(void* state, int group)
    {
        ref GroupJob job = ref *(GroupJob*)state;
        ref readonly ConvolutionGeometry g = ref job.Geometry;
        int filters = g.Filters, depth = g.Depth, samplePixels = g.OutputHeight * g.OutputWidth;
        float* columns = job.Columns(group);
        float* partial = job.Partial(group);
        var dKernel = new Span<float>(partial, g.KernelLength);
        dKernel.Clear();
        for (int chunk = group; chunk < job.Chunks; chunk += 2)
        {
            int firstSample = chunk * job.ChunkSamples, samples = Math.Min(job.ChunkSamples, job.Batch - firstSample);
            int first = firstSample * samplePixels, count = samples * samplePixels;
            float* gradient = job.Dy + (nint)first * filters;
            var dy = new Span<float>(gradient, count * filters);
            if (job.Activation != Activation.Linear)
                Deactivate(job.Activation, new ReadOnlySpan<float>(job.Y + (nint)first * filters, count * filters), dy, job.Path);
            var patches = new Span<float>(columns, count * depth);
            if (job.Direct)
            {
                float* input = job.X + (nint)firstSample * g.InputLength;
                if (job.Path == SimdPath.Vector512)
                    DirectKernelGradient<Vector512<float>, Vector512Ops>(input, gradient, partial, samples, g);
                else
                    DirectKernelGradient<Vector256<float>, Vector256Ops>(input, gradient, partial, samples, g);
            }
            else
            {
                Im2Col(job.X, columns, first, count, g);
                Gemm.MultiplyAddTransposedA(patches, dy, dKernel, depth, count, filters, job.Path, threads: 1);
            }
            if (job.Dx == null) continue;
            Gemm.MultiplyTransposedB(dy, new ReadOnlySpan<float>(job.Kernel, g.KernelLength), patches, count, filters, depth, job.Path, threads: 1);
            Col2ImAdd(columns, job.Dx, first, count, g);
        }
    }

    /// <summary>A 1×1 kernel over every pixel, in place: <c>x</c> is already the patch matrix.</summary>
    private static bool IsPointwise(in ConvolutionGeometry g)
        => g.KernelHeight == 1 && g.KernelWidth == 1 && g.StrideHeight == 1 && g.StrideWidth == 1
           && g.PadTop == 0 && g.PadLeft == 0 && g.OutputHeight == g.Height && g.OutputWidth == g.Width;

    /// <summary>
    /// The direct kernel serves shallow patches on the vector paths. Its choice depends on the geometry and on
    /// vector or scalar only, so Vector256 and Vector512 take the same algorithm and give the same bits.
    /// </summary>
    private static bool UseDirect(in ConvolutionGeometry g, SimdPath path)
        => path != SimdPath.Scalar && g.Depth <= DirectDepth && g.Filters % 16 == 0 && !IsPointwise(g);

    /// <summary>Output pixels per chunk: from the geometry alone (never the thread count), at most the whole batch's.</summary>
    internal static int ChunkPixels(in ConvolutionGeometry g, int batch)
    {
        int perBudget = Math.Max(MinimumChunkPixels, ColumnBudget / g.Depth);
        // Whole 6-row micro-kernel tiles, so that only the batch's last chunk has a partial tile.
        perBudget = (perBudget + 5) / 6 * 6;
        long pixels = (long)batch * g.OutputHeight * g.OutputWidth;
        return (int)Math.Min(pixels, perBudget);
    }

    /// <summary>
    /// Patches of output pixels <c>[first, first + count)</c> (batch, row and column flattened) into rows of
    /// <paramref name="columns"/>, each <c>Depth</c> long in <c>(ky, kx, c)</c> order, zeros where a tap falls in the padding.
    /// </summary>
    private static void Im2Col(float* x, float* columns, int first, int count, in ConvolutionGeometry g)
    {
        int channels = g.Channels, width = g.Width, height = g.Height, depth = g.Depth;
        int kernelHeight = g.KernelHeight, kernelWidth = g.KernelWidth, run = kernelWidth * channels;
        int dilationHeight = g.DilationHeight, dilationWidth = g.DilationWidth;
        int outputPixels = g.OutputHeight * g.OutputWidth;
        int sample = first / outputPixels, rest = first % outputPixels;
        int oy = rest / g.OutputWidth, ox = rest % g.OutputWidth;
        int rowLength = width * channels;
        for (int i = 0; i < count; i++)
        {
            float* column = columns + (nint)i * depth;
            float* input = x + (nint)sample * g.InputLength;
            int iy0 = oy * g.StrideHeight - g.PadTop, ix0 = ox * g.StrideWidth - g.PadLeft;
            bool rowInside = dilationWidth == 1 && ix0 >= 0 && ix0 + kernelWidth <= width;
            for (int ky = 0; ky < kernelHeight; ky++)
            {
                int iy = iy0 + ky * dilationHeight;
                float* target = column + ky * run;
                if ((uint)iy >= (uint)height)
                {
                    new Span<float>(target, run).Clear();
                    continue;
                }
                float* source = input + (nint)iy * rowLength;
                if (rowInside)
                {
                    Copy(source + (nint)ix0 * channels, target, run);
                    continue;
                }
                for (int kx = 0; kx < kernelWidth; kx++)
                {
                    int ix = ix0 + kx * dilationWidth;
                    if ((uint)ix >= (uint)width)
                        new Span<float>(target + kx * channels, channels).Clear();
                    else
                        Copy(source + (nint)ix * channels, target + kx * channels, channels);
                }
            }
            if (++ox == g.OutputWidth)
            {
                ox = 0;
                if (++oy == g.OutputHeight) (oy, sample) = (0, sample + 1);
            }
        }
    }

    /// <summary>The reverse of <see cref="Im2Col"/>: each patch row of <paramref name="columns"/> added back where it was read from, pixels in order.</summary>
    private static void Col2ImAdd(float* columns, float* dx, int first, int count, in ConvolutionGeometry g)
    {
        int channels = g.Channels, width = g.Width, height = g.Height, depth = g.Depth;
        int kernelHeight = g.KernelHeight, kernelWidth = g.KernelWidth, run = kernelWidth * channels;
        int dilationHeight = g.DilationHeight, dilationWidth = g.DilationWidth;
        int outputPixels = g.OutputHeight * g.OutputWidth;
        int sample = first / outputPixels, rest = first % outputPixels;
        int oy = rest / g.OutputWidth, ox = rest % g.OutputWidth;
        int rowLength = width * channels;
        for (int i = 0; i < count; i++)
        {
            float* column = columns + (nint)i * depth;
            float* input = dx + (nint)sample * g.InputLength;
            int iy0 = oy * g.StrideHeight - g.PadTop, ix0 = ox * g.StrideWidth - g.PadLeft;
            bool rowInside = dilationWidth == 1 && ix0 >= 0 && ix0 + kernelWidth <= width;
            for (int ky = 0; ky < kernelHeight; ky++)
            {
                int iy = iy0 + ky * dilationHeight;
                if ((uint)iy >= (uint)height) continue;
                float* source = column + ky * run;
                float* target = input + (nint)iy * rowLength;
                if (rowInside)
                {
                    Add(source, target + (nint)ix0 * channels, run);
                    continue;
                }
                for (int kx = 0; kx < kernelWidth; kx++)
                {
                    int ix = ix0 + kx * dilationWidth;
                    if ((uint)ix < (uint)width) Add(source + kx * channels, target + (nint)ix * channels, channels);
                }
            }
            if (++ox == g.OutputWidth)
            {
                ox = 0;
                if (++oy == g.OutputHeight) (oy, sample) = (0, sample + 1);
            }
        }
    }

    /// <summary>
    /// A patch run, inline: a run is a few hundred bytes (3 × 32 channels in mnist_cnn), where a call to
    /// <c>memmove</c> costs as much as the copy itself.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy(float* source, float* target, int count)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 16 <= count; i += 16) Vector512.Store(Vector512.Load(source + i), target + i);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= count; i += 8) Vector256.Store(Vector256.Load(source + i), target + i);
        }
        for (; i < count; i++) target[i] = source[i];
    }

    /// <summary><c>target += source</c>, element by element (the same bits on every path), inline for the reason <see cref="Copy"/> is.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(float* source, float* target, int count)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 16 <= count; i += 16) Vector512.Store(Vector512.Load(target + i) + Vector512.Load(source + i), target + i);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= count; i += 8) Vector256.Store(Vector256.Load(target + i) + Vector256.Load(source + i), target + i);
        }
        for (; i < count; i++) target[i] += source[i];
    }

    /// <summary>
    /// The forward pass without patches in memory: tiles of <see cref="TilePixels"/> neighbouring output pixels of
    /// one row, each tap broadcast straight from <c>x</c> (through a table of tap offsets) against a row of the
    /// kernel, accumulators starting at the bias and stored once. Tiles that touch the padding gather their few
    /// patches, zeros included, into a small buffer on the stack first.
    /// </summary>
    private static void DirectForward<TVector, TOps>(float* x, float* kernel, float* bias, float* y, int batch, in ConvolutionGeometry g)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
    {
        int depth = g.Depth, filters = g.Filters, channels = g.Channels, width = g.Width;
        int w = TOps.Count;
        int* offsets = stackalloc int[DirectDepth];
        int* identity = stackalloc int[DirectDepth];
        float* patches = stackalloc float[TilePixels * DirectDepth];
        for (int ky = 0, p = 0; ky < g.KernelHeight; ky++)
            for (int kx = 0; kx < g.KernelWidth; kx++)
                for (int c = 0; c < channels; c++, p++)
                {
                    offsets[p] = (ky * g.DilationHeight * width + kx * g.DilationWidth) * channels + c;
                    identity[p] = p;
                }
        int spanHeight = (g.KernelHeight - 1) * g.DilationHeight, spanWidth = (g.KernelWidth - 1) * g.DilationWidth;
        nint pixelStride = (nint)g.StrideWidth * channels;
        for (int b = 0; b < batch; b++)
        {
            float* input = x + (nint)b * g.InputLength;
            for (int oy = 0; oy < g.OutputHeight; oy++)
            {
                int iy0 = oy * g.StrideHeight - g.PadTop;
                bool rowInside = iy0 >= 0 && iy0 + spanHeight < g.Height;
                float* output = y + ((nint)(b * g.OutputHeight + oy) * g.OutputWidth) * filters;
                for (int ox0 = 0; ox0 < g.OutputWidth; ox0 += TilePixels)
                {
                    int rows = Math.Min(TilePixels, g.OutputWidth - ox0);
                    int ix0 = ox0 * g.StrideWidth - g.PadLeft;
                    float* a;
                    nint aRow;
                    int* tap;
                    if (rowInside && ix0 >= 0 && ix0 + (rows - 1) * g.StrideWidth + spanWidth < width)
                    {
                        a = input + ((nint)iy0 * width + ix0) * channels;
                        aRow = pixelStride;
                        tap = offsets;
                    }
                    else
                    {
                        GatherPatches(input, patches, iy0, ix0, rows, g);
                        a = patches;
                        aRow = depth;
                        tap = identity;
                    }
                    float* target = output + (nint)ox0 * filters;
                    int f = 0;
                    if (w == Vector512<float>.Count)
                        for (; f + 64 <= filters; f += 64)
                            WideTile(a, aRow, tap, depth, kernel + f, filters, bias == null ? null : bias + f, target + f, rows);
                    for (; f + 2 * w <= filters; f += 2 * w)
                        Tile<TVector, TOps>(a, aRow, tap, depth, kernel + f, filters, bias == null ? null : bias + f, target + f, rows, twoVectors: true);
                    for (; f < filters; f += w)
                        Tile<TVector, TOps>(a, aRow, tap, depth, kernel + f, filters, bias == null ? null : bias + f, target + f, rows, twoVectors: false);
                }
            }
        }
    }

    /// <summary>
    /// <c>dKernel = colsᵀ · dy</c> for shallow patches without patches in memory: output row by output row, a
    /// group of up to <see cref="TilePixels"/> taps × one or two vectors of filters accumulates in registers along
    /// the row, each tap broadcast from <c>x</c> against the pixel's <c>dy</c> (pixels that touch the padding go one by
    /// one through a gathered patch, after the row's others). Every element sums the pixels in that fixed order with
    /// fused multiply-adds, so the bits do not depend on the vector width.
    /// <paramref name="dKernel"/> must be zero on entry.
    /// </summary>
    private static void DirectKernelGradient<TVector, TOps>(float* x, float* dy, float* dKernel, int batch, in ConvolutionGeometry g)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
    {
        int depth = g.Depth, filters = g.Filters, channels = g.Channels, width = g.Width;
        int w = TOps.Count;
        int* offsets = stackalloc int[DirectDepth];
        int* identity = stackalloc int[DirectDepth];
        float* patch = stackalloc float[DirectDepth];
        for (int ky = 0, p = 0; ky < g.KernelHeight; ky++)
            for (int kx = 0; kx < g.KernelWidth; kx++)
                for (int c = 0; c < channels; c++, p++)
                {
                    offsets[p] = (ky * g.DilationHeight * width + kx * g.DilationWidth) * channels + c;
                    identity[p] = p;
                }
        int spanHeight = (g.KernelHeight - 1) * g.DilationHeight, spanWidth = (g.KernelWidth - 1) * g.DilationWidth;
        nint pixelStride = (nint)g.StrideWidth * channels;
        // Output columns [inFirst, inEnd) of a row read no padding column.
        int inFirst = Math.Min((g.PadLeft + g.StrideWidth - 1) / g.StrideWidth, g.OutputWidth);
        int lastStart = width - 1 - spanWidth + g.PadLeft;
        int inEnd = lastStart < 0 ? inFirst : Math.Max(inFirst, Math.Min(g.OutputWidth, lastStart / g.StrideWidth + 1));
        for (int b = 0; b < batch; b++)
        {
            float* input = x + (nint)b * g.InputLength;
            for (int oy = 0; oy < g.OutputHeight; oy++)
            {
                int iy0 = oy * g.StrideHeight - g.PadTop;
                bool rowInside = iy0 >= 0 && iy0 + spanHeight < g.Height;
                float* gradient = dy + ((nint)(b * g.OutputHeight + oy) * g.OutputWidth) * filters;
                int first = rowInside ? inFirst : g.OutputWidth, end = rowInside ? inEnd : g.OutputWidth;
                if (first < end)
                {
                    float* a = input + ((nint)iy0 * width + first * g.StrideWidth - g.PadLeft) * channels;
                    TapsAlongRow<TVector, TOps>(a, pixelStride, offsets, gradient + (nint)first * filters, end - first, dKernel, depth, filters, w);
                }
                for (int ox = 0; ox < g.OutputWidth; ox++)
                {
                    if (ox >= first && ox < end) continue;
                    GatherPatches(input, patch, iy0, ox * g.StrideWidth - g.PadLeft, 1, g);
                    TapsAlongRow<TVector, TOps>(patch, 0, identity, gradient + (nint)ox * filters, 1, dKernel, depth, filters, w);
                }
            }
        }
    }

    /// <summary><c>dKernel[p, ·] += Σ_i a[i·aRow + tap[p]] · dy[i, ·]</c> over <paramref name="count"/> pixels, for every tap and filter.</summary>
    private static void TapsAlongRow<TVector, TOps>(float* a, nint aRow, int* tap, float* dy, int count, float* dKernel, int depth, int filters, int w)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
    {
        for (int p = 0; p < depth; p += TilePixels)
        {
            int taps = Math.Min(TilePixels, depth - p);
            int f = 0;
            if (w == Vector512<float>.Count)
                for (; f + 64 <= filters; f += 64)
                    WideTapTile(a, aRow, tap + p, taps, dy + f, filters, count, dKernel + (nint)p * filters + f);
            for (; f + 2 * w <= filters; f += 2 * w)
                TapTile<TVector, TOps>(a, aRow, tap + p, taps, dy + f, filters, count, dKernel + (nint)p * filters + f, twoVectors: true);
            for (; f < filters; f += w)
                TapTile<TVector, TOps>(a, aRow, tap + p, taps, dy + f, filters, count, dKernel + (nint)p * filters + f, twoVectors: false);
        }
    }

    /// <summary>
    /// Up to six taps × one or two vectors of filters of <c>dKernel</c>, loaded, advanced over <paramref name="count"/>
    /// pixels and stored; missing taps of a partial group reread the last real one and are not stored.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TapTile<TVector, TOps>(float* a, nint aRow, int* tap, int taps, float* dy, int filters, int count,
        float* dKernel, bool twoVectors)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
    {
        nuint w = (nuint)TOps.Count;
        nint f = filters;
        float* a0 = a + tap[0];
        float* a1 = a + tap[Math.Min(1, taps - 1)];
        float* a2 = a + tap[Math.Min(2, taps - 1)];
        float* a3 = a + tap[Math.Min(3, taps - 1)];
        float* a4 = a + tap[Math.Min(4, taps - 1)];
        float* a5 = a + tap[Math.Min(5, taps - 1)];
        TVector c00 = TOps.Load(ref *dKernel, 0), c10 = TOps.Zero, c20 = TOps.Zero, c30 = TOps.Zero, c40 = TOps.Zero, c50 = TOps.Zero;
        TVector c01 = TOps.Zero, c11 = TOps.Zero, c21 = TOps.Zero, c31 = TOps.Zero, c41 = TOps.Zero, c51 = TOps.Zero;
        if (taps > 1) c10 = TOps.Load(ref *(dKernel + f), 0);
        if (taps > 2) c20 = TOps.Load(ref *(dKernel + 2 * f), 0);
        if (taps > 3) c30 = TOps.Load(ref *(dKernel + 3 * f), 0);
        if (taps > 4) c40 = TOps.Load(ref *(dKernel + 4 * f), 0);
        if (taps > 5) c50 = TOps.Load(ref *(dKernel + 5 * f), 0);
        if (twoVectors)
        {
            c01 = TOps.Load(ref *dKernel, w);
            if (taps > 1) c11 = TOps.Load(ref *(dKernel + f), w);
            if (taps > 2) c21 = TOps.Load(ref *(dKernel + 2 * f), w);
            if (taps > 3) c31 = TOps.Load(ref *(dKernel + 3 * f), w);
            if (taps > 4) c41 = TOps.Load(ref *(dKernel + 4 * f), w);
            if (taps > 5) c51 = TOps.Load(ref *(dKernel + 5 * f), w);
            for (int i = 0; i < count; i++)
            {
                TVector d0 = TOps.Load(ref *dy, 0), d1 = TOps.Load(ref *dy, w);
                TVector s = TOps.Broadcast(*a0);
                c00 = TOps.MultiplyAdd(s, d0, c00); c01 = TOps.MultiplyAdd(s, d1, c01);
                s = TOps.Broadcast(*a1);
                c10 = TOps.MultiplyAdd(s, d0, c10); c11 = TOps.MultiplyAdd(s, d1, c11);
                s = TOps.Broadcast(*a2);
                c20 = TOps.MultiplyAdd(s, d0, c20); c21 = TOps.MultiplyAdd(s, d1, c21);
                s = TOps.Broadcast(*a3);
                c30 = TOps.MultiplyAdd(s, d0, c30); c31 = TOps.MultiplyAdd(s, d1, c31);
                s = TOps.Broadcast(*a4);
                c40 = TOps.MultiplyAdd(s, d0, c40); c41 = TOps.MultiplyAdd(s, d1, c41);
                s = TOps.Broadcast(*a5);
                c50 = TOps.MultiplyAdd(s, d0, c50); c51 = TOps.MultiplyAdd(s, d1, c51);
                a0 += aRow; a1 += aRow; a2 += aRow; a3 += aRow; a4 += aRow; a5 += aRow;
                dy += f;
            }
        }
        else
        {
            for (int i = 0; i < count; i++)
            {
                TVector d0 = TOps.Load(ref *dy, 0);
                c00 = TOps.MultiplyAdd(TOps.Broadcast(*a0), d0, c00);
                c10 = TOps.MultiplyAdd(TOps.Broadcast(*a1), d0, c10);
                c20 = TOps.MultiplyAdd(TOps.Broadcast(*a2), d0, c20);
                c30 = TOps.MultiplyAdd(TOps.Broadcast(*a3), d0, c30);
                c40 = TOps.MultiplyAdd(TOps.Broadcast(*a4), d0, c40);
                c50 = TOps.MultiplyAdd(TOps.Broadcast(*a5), d0, c50);
                a0 += aRow; a1 += aRow; a2 += aRow; a3 += aRow; a4 += aRow; a5 += aRow;
                dy += f;
            }
        }
        Store<TVector, TOps>(dKernel, w, c00, c01, twoVectors);
        if (taps > 1) Store<TVector, TOps>(dKernel + f, w, c10, c11, twoVectors);
        if (taps > 2) Store<TVector, TOps>(dKernel + 2 * f, w, c20, c21, twoVectors);
        if (taps > 3) Store<TVector, TOps>(dKernel + 3 * f, w, c30, c31, twoVectors);
        if (taps > 4) Store<TVector, TOps>(dKernel + 4 * f, w, c40, c41, twoVectors);
        if (taps > 5) Store<TVector, TOps>(dKernel + 5 * f, w, c50, c51, twoVectors);
    }

    /// <summary>Patches of <paramref name="rows"/> output pixels of one row, starting at input <c>(iy0, ix0)</c>, into <paramref name="patches"/> with zeros for padding.</summary>
    private static void GatherPatches(float* input, float* patches, int iy0, int ix0, int rows, in ConvolutionGeometry g)
    {
        int depth = g.Depth, channels = g.Channels;
        for (int i = 0; i < rows; i++)
        {
            float* patch = patches + i * depth;
            int ixFirst = ix0 + i * g.StrideWidth;
            for (int ky = 0, p = 0; ky < g.KernelHeight; ky++)
            {
                int iy = iy0 + ky * g.DilationHeight;
                for (int kx = 0; kx < g.KernelWidth; kx++)
                {
                    int ix = ixFirst + kx * g.DilationWidth;
                    bool inside = (uint)iy < (uint)g.Height && (uint)ix < (uint)g.Width;
                    float* source = input + ((nint)iy * g.Width + ix) * channels;
                    for (int c = 0; c < channels; c++, p++) patch[p] = inside ? source[c] : 0f;
                }
            }
        }
    }

    /// <summary>
    /// <c>rows</c> pixels × one or two vectors of filters: <c>y[i, j] = bias[j] + Σ_p a[i·aRow + tap[p]] · kernel[p, j]</c>,
    /// summed in order of <c>p</c> with fused multiply-adds, so a filter's value does not depend on the vector width.
    /// Missing pixels of a partial tile reread the last real one and are not stored.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile<TVector, TOps>(float* a, nint aRow, int* tap, int depth, float* kernel, int filters, float* bias,
        float* y, int rows, bool twoVectors)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
    {
        nuint w = (nuint)TOps.Count;
        float* a0 = a;
        float* a1 = a + Math.Min(1, rows - 1) * aRow;
        float* a2 = a + Math.Min(2, rows - 1) * aRow;
        float* a3 = a + Math.Min(3, rows - 1) * aRow;
        float* a4 = a + Math.Min(4, rows - 1) * aRow;
        float* a5 = a + Math.Min(5, rows - 1) * aRow;
        TVector start0 = bias == null ? TOps.Zero : TOps.Load(ref *bias, 0);
        TVector start1 = bias == null || !twoVectors ? TOps.Zero : TOps.Load(ref *bias, w);
        TVector c00 = start0, c10 = start0, c20 = start0, c30 = start0, c40 = start0, c50 = start0;
        TVector c01 = start1, c11 = start1, c21 = start1, c31 = start1, c41 = start1, c51 = start1;
        if (twoVectors)
        {
            for (int p = 0; p < depth; p++)
            {
                float* row = kernel + (nint)p * filters;
                TVector b0 = TOps.Load(ref *row, 0), b1 = TOps.Load(ref *row, w);
                nint o = tap[p];
                TVector s = TOps.Broadcast(a0[o]);
                c00 = TOps.MultiplyAdd(s, b0, c00); c01 = TOps.MultiplyAdd(s, b1, c01);
                s = TOps.Broadcast(a1[o]);
                c10 = TOps.MultiplyAdd(s, b0, c10); c11 = TOps.MultiplyAdd(s, b1, c11);
                s = TOps.Broadcast(a2[o]);
                c20 = TOps.MultiplyAdd(s, b0, c20); c21 = TOps.MultiplyAdd(s, b1, c21);
                s = TOps.Broadcast(a3[o]);
                c30 = TOps.MultiplyAdd(s, b0, c30); c31 = TOps.MultiplyAdd(s, b1, c31);
                s = TOps.Broadcast(a4[o]);
                c40 = TOps.MultiplyAdd(s, b0, c40); c41 = TOps.MultiplyAdd(s, b1, c41);
                s = TOps.Broadcast(a5[o]);
                c50 = TOps.MultiplyAdd(s, b0, c50); c51 = TOps.MultiplyAdd(s, b1, c51);
            }
        }
        else
        {
            for (int p = 0; p < depth; p++)
            {
                TVector b0 = TOps.Load(ref *(kernel + (nint)p * filters), 0);
                nint o = tap[p];
                c00 = TOps.MultiplyAdd(TOps.Broadcast(a0[o]), b0, c00);
                c10 = TOps.MultiplyAdd(TOps.Broadcast(a1[o]), b0, c10);
                c20 = TOps.MultiplyAdd(TOps.Broadcast(a2[o]), b0, c20);
                c30 = TOps.MultiplyAdd(TOps.Broadcast(a3[o]), b0, c30);
                c40 = TOps.MultiplyAdd(TOps.Broadcast(a4[o]), b0, c40);
                c50 = TOps.MultiplyAdd(TOps.Broadcast(a5[o]), b0, c50);
            }
        }
        Store<TVector, TOps>(y, w, c00, c01, twoVectors);
        if (rows > 1) Store<TVector, TOps>(y + filters, w, c10, c11, twoVectors);
        if (rows > 2) Store<TVector, TOps>(y + 2 * filters, w, c20, c21, twoVectors);
        if (rows > 3) Store<TVector, TOps>(y + 3 * filters, w, c30, c31, twoVectors);
        if (rows > 4) Store<TVector, TOps>(y + 4 * filters, w, c40, c41, twoVectors);
        if (rows > 5) Store<TVector, TOps>(y + 5 * filters, w, c50, c51, twoVectors);
    }

    /// <summary>
    /// <see cref="Tile"/> four Vector512s of filters wide (6 pixels × 64 filters, 24 of the 32 registers): per tap,
    /// 4 kernel loads and 6 broadcasts feed 24 multiply-adds, against 2 and 6 for 12 in the two-vector tile. Each
    /// output is the same chain of multiply-adds in the same order as in the narrower tiles, so the bits are the same.
    /// </summary>
    private static void WideTile(float* a, nint aRow, int* tap, int depth, float* kernel, int filters, float* bias, float* y, int rows)
    {
        float* a0 = a;
        float* a1 = a + Math.Min(1, rows - 1) * aRow;
        float* a2 = a + Math.Min(2, rows - 1) * aRow;
        float* a3 = a + Math.Min(3, rows - 1) * aRow;
        float* a4 = a + Math.Min(4, rows - 1) * aRow;
        float* a5 = a + Math.Min(5, rows - 1) * aRow;
        Vector512<float> b0 = bias == null ? default : Vector512.Load(bias), b1 = bias == null ? default : Vector512.Load(bias + 16);
        Vector512<float> b2 = bias == null ? default : Vector512.Load(bias + 32), b3 = bias == null ? default : Vector512.Load(bias + 48);
        Vector512<float> c00 = b0, c01 = b1, c02 = b2, c03 = b3, c10 = b0, c11 = b1, c12 = b2, c13 = b3;
        Vector512<float> c20 = b0, c21 = b1, c22 = b2, c23 = b3, c30 = b0, c31 = b1, c32 = b2, c33 = b3;
        Vector512<float> c40 = b0, c41 = b1, c42 = b2, c43 = b3, c50 = b0, c51 = b1, c52 = b2, c53 = b3;
        for (int p = 0; p < depth; p++)
        {
            float* row = kernel + (nint)p * filters;
            Vector512<float> k0 = Vector512.Load(row), k1 = Vector512.Load(row + 16), k2 = Vector512.Load(row + 32), k3 = Vector512.Load(row + 48);
            nint o = tap[p];
            Vector512<float> s = Vector512.Create(a0[o]);
            c00 = Vector512.FusedMultiplyAdd(s, k0, c00); c01 = Vector512.FusedMultiplyAdd(s, k1, c01);
            c02 = Vector512.FusedMultiplyAdd(s, k2, c02); c03 = Vector512.FusedMultiplyAdd(s, k3, c03);
            s = Vector512.Create(a1[o]);
            c10 = Vector512.FusedMultiplyAdd(s, k0, c10); c11 = Vector512.FusedMultiplyAdd(s, k1, c11);
            c12 = Vector512.FusedMultiplyAdd(s, k2, c12); c13 = Vector512.FusedMultiplyAdd(s, k3, c13);
            s = Vector512.Create(a2[o]);
            c20 = Vector512.FusedMultiplyAdd(s, k0, c20); c21 = Vector512.FusedMultiplyAdd(s, k1, c21);
            c22 = Vector512.FusedMultiplyAdd(s, k2, c22); c23 = Vector512.FusedMultiplyAdd(s, k3, c23);
            s = Vector512.Create(a3[o]);
            c30 = Vector512.FusedMultiplyAdd(s, k0, c30); c31 = Vector512.FusedMultiplyAdd(s, k1, c31);
            c32 = Vector512.FusedMultiplyAdd(s, k2, c32); c33 = Vector512.FusedMultiplyAdd(s, k3, c33);
            s = Vector512.Create(a4[o]);
            c40 = Vector512.FusedMultiplyAdd(s, k0, c40); c41 = Vector512.FusedMultiplyAdd(s, k1, c41);
            c42 = Vector512.FusedMultiplyAdd(s, k2, c42); c43 = Vector512.FusedMultiplyAdd(s, k3, c43);
            s = Vector512.Create(a5[o]);
            c50 = Vector512.FusedMultiplyAdd(s, k0, c50); c51 = Vector512.FusedMultiplyAdd(s, k1, c51);
            c52 = Vector512.FusedMultiplyAdd(s, k2, c52); c53 = Vector512.FusedMultiplyAdd(s, k3, c53);
        }
        GemmPacked.StoreWide(y, c00, c01, c02, c03);
        if (rows > 1) GemmPacked.StoreWide(y + filters, c10, c11, c12, c13);
        if (rows > 2) GemmPacked.StoreWide(y + 2 * filters, c20, c21, c22, c23);
        if (rows > 3) GemmPacked.StoreWide(y + 3 * filters, c30, c31, c32, c33);
        if (rows > 4) GemmPacked.StoreWide(y + 4 * filters, c40, c41, c42, c43);
        if (rows > 5) GemmPacked.StoreWide(y + 5 * filters, c50, c51, c52, c53);
    }

    /// <summary>
    /// <see cref="TapTile"/> four Vector512s of filters wide: six taps × 64 filters of <c>dKernel</c> advanced over
    /// <paramref name="count"/> pixels, each element the same chain of multiply-adds as in the narrower tile.
    /// </summary>
    private static void WideTapTile(float* a, nint aRow, int* tap, int taps, float* dy, int filters, int count, float* dKernel)
    {
        nint f = filters;
        float* a0 = a + tap[0];
        float* a1 = a + tap[Math.Min(1, taps - 1)];
        float* a2 = a + tap[Math.Min(2, taps - 1)];
        float* a3 = a + tap[Math.Min(3, taps - 1)];
        float* a4 = a + tap[Math.Min(4, taps - 1)];
        float* a5 = a + tap[Math.Min(5, taps - 1)];
        // Missing taps of a partial group accumulate into registers that are never stored.
        float* r1 = dKernel + Math.Min(1, taps - 1) * f, r2 = dKernel + Math.Min(2, taps - 1) * f, r3 = dKernel + Math.Min(3, taps - 1) * f;
        float* r4 = dKernel + Math.Min(4, taps - 1) * f, r5 = dKernel + Math.Min(5, taps - 1) * f;
        Vector512<float> c00 = Vector512.Load(dKernel), c01 = Vector512.Load(dKernel + 16), c02 = Vector512.Load(dKernel + 32), c03 = Vector512.Load(dKernel + 48);
        Vector512<float> c10 = Vector512.Load(r1), c11 = Vector512.Load(r1 + 16), c12 = Vector512.Load(r1 + 32), c13 = Vector512.Load(r1 + 48);
        Vector512<float> c20 = Vector512.Load(r2), c21 = Vector512.Load(r2 + 16), c22 = Vector512.Load(r2 + 32), c23 = Vector512.Load(r2 + 48);
        Vector512<float> c30 = Vector512.Load(r3), c31 = Vector512.Load(r3 + 16), c32 = Vector512.Load(r3 + 32), c33 = Vector512.Load(r3 + 48);
        Vector512<float> c40 = Vector512.Load(r4), c41 = Vector512.Load(r4 + 16), c42 = Vector512.Load(r4 + 32), c43 = Vector512.Load(r4 + 48);
        Vector512<float> c50 = Vector512.Load(r5), c51 = Vector512.Load(r5 + 16), c52 = Vector512.Load(r5 + 32), c53 = Vector512.Load(r5 + 48);
        for (int i = 0; i < count; i++)
        {
            Vector512<float> d0 = Vector512.Load(dy), d1 = Vector512.Load(dy + 16), d2 = Vector512.Load(dy + 32), d3 = Vector512.Load(dy + 48);
            Vector512<float> s = Vector512.Create(*a0);
            c00 = Vector512.FusedMultiplyAdd(s, d0, c00); c01 = Vector512.FusedMultiplyAdd(s, d1, c01);
            c02 = Vector512.FusedMultiplyAdd(s, d2, c02); c03 = Vector512.FusedMultiplyAdd(s, d3, c03);
            s = Vector512.Create(*a1);
            c10 = Vector512.FusedMultiplyAdd(s, d0, c10); c11 = Vector512.FusedMultiplyAdd(s, d1, c11);
            c12 = Vector512.FusedMultiplyAdd(s, d2, c12); c13 = Vector512.FusedMultiplyAdd(s, d3, c13);
            s = Vector512.Create(*a2);
            c20 = Vector512.FusedMultiplyAdd(s, d0, c20); c21 = Vector512.FusedMultiplyAdd(s, d1, c21);
            c22 = Vector512.FusedMultiplyAdd(s, d2, c22); c23 = Vector512.FusedMultiplyAdd(s, d3, c23);
            s = Vector512.Create(*a3);
            c30 = Vector512.FusedMultiplyAdd(s, d0, c30); c31 = Vector512.FusedMultiplyAdd(s, d1, c31);
            c32 = Vector512.FusedMultiplyAdd(s, d2, c32); c33 = Vector512.FusedMultiplyAdd(s, d3, c33);
            s = Vector512.Create(*a4);
            c40 = Vector512.FusedMultiplyAdd(s, d0, c40); c41 = Vector512.FusedMultiplyAdd(s, d1, c41);
            c42 = Vector512.FusedMultiplyAdd(s, d2, c42); c43 = Vector512.FusedMultiplyAdd(s, d3, c43);
            s = Vector512.Create(*a5);
            c50 = Vector512.FusedMultiplyAdd(s, d0, c50); c51 = Vector512.FusedMultiplyAdd(s, d1, c51);
            c52 = Vector512.FusedMultiplyAdd(s, d2, c52); c53 = Vector512.FusedMultiplyAdd(s, d3, c53);
            a0 += aRow; a1 += aRow; a2 += aRow; a3 += aRow; a4 += aRow; a5 += aRow;
            dy += f;
        }
        GemmPacked.StoreWide(dKernel, c00, c01, c02, c03);
        if (taps > 1) GemmPacked.StoreWide(dKernel + f, c10, c11, c12, c13);
        if (taps > 2) GemmPacked.StoreWide(dKernel + 2 * f, c20, c21, c22, c23);
        if (taps > 3) GemmPacked.StoreWide(dKernel + 3 * f, c30, c31, c32, c33);
        if (taps > 4) GemmPacked.StoreWide(dKernel + 4 * f, c40, c41, c42, c43);
        if (taps > 5) GemmPacked.StoreWide(dKernel + 5 * f, c50, c51, c52, c53);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TVector, TOps>(float* y, nuint w, TVector left, TVector right, bool twoVectors)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
    {
        TOps.Store(left, ref *y, 0);
        if (twoVectors) TOps.Store(right, ref *y, w);
    }

    private static void CheckCommon(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, Span<float> workspace, int batch, in ConvolutionGeometry g)
    {
        if (g.Filters <= 0)
            throw new ArgumentException("The convolution geometry is empty (default); build it with its constructor or ConvolutionGeometry.Create.", nameof(g));
        if (batch < 0) throw new ArgumentOutOfRangeException(nameof(batch), $"Batch must not be negative; got {batch}.");
        Check(x.Length, (long)batch * g.InputLength, "x", "inputs", batch, g);
        Check(kernel.Length, g.KernelLength, "kernel", "kernel values", batch, g);
        Check(workspace.Length, WorkspaceSize(g, batch), "workspace", "scratch floats (WorkspaceSize)", batch, g);
    }

    private static void Check(int length, long needed, string name, string what, int batch, in ConvolutionGeometry g)
    {
        if (length < needed)
            throw new ArgumentException(
                $"{name} holds {length} floats; a batch of {batch} through a {g.KernelHeight}x{g.KernelWidth} convolution of " +
                $"{g.Height}x{g.Width}x{g.Channels} to {g.OutputHeight}x{g.OutputWidth}x{g.Filters} needs {needed} {what}.", name);
    }
}
