using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Compiled.Kernels;

/// <summary>
/// Max and average pooling over the spatial axes of channels_last data: <c>x</c> of shape
/// <c>(batch, InputHeight, InputWidth, channels)</c> to <c>y</c> of shape <c>(batch, OutputHeight, OutputWidth, channels)</c>,
/// each channel pooled on its own. A 1-D pooling is the same with height 1 (<see cref="PoolingGeometry.Create1D"/>).
/// </summary>
/// <remarks>
/// For an output position, <c>W</c> is the set of input positions its window covers inside the input (padding
/// excluded, see <see cref="PoolingGeometry"/>):
/// <list type="bullet">
/// <item>max: <c>y = max_{p ∈ W} x[p]</c>; backward, <c>dy</c> goes to the first <c>p</c> (row-major) where
/// <c>x[p] = y</c>, as TensorFlow's MaxPoolGrad does.</item>
/// <item>average: <c>y = (Σ_{p ∈ W} x[p]) / |W|</c>; backward, every <c>p ∈ W</c> receives <c>dy · (1 / |W|)</c>, as
/// TensorFlow's AvgPoolGrad does ('same' windows at the border divide by the positions they cover, not by the
/// window's size).</item>
/// </list>
/// Windows overlap when the stride is smaller than the window; their gradients add up. Channels are the innermost
/// axis, so every path works on whole vectors of channels (Vector512, then Vector256, then single floats), and
/// each channel gets the same operations in the same order on every path.
/// </remarks>
public static class Pooling
{
    /// <summary>Max pooling: <c>y[b, i, j, c] = max</c> of <c>x[b, ·, ·, c]</c> over the window of <c>(i, j)</c>.</summary>
    public static void MaxForward(ReadOnlySpan<float> x, Span<float> y, in PoolingGeometry geometry, int batch, int channels)
        => MaxForward(x, y, geometry, batch, channels, SimdPaths.Best);

    /// <summary>
    /// Max pooling's gradient: each <c>dy[b, i, j, c]</c> is added to <c>dx</c> at the first position of its window
    /// holding the maximum of <paramref name="x"/>. <paramref name="dx"/> is overwritten, or added to with
    /// <paramref name="accumulate"/>.
    /// </summary>
    public static void MaxBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, in PoolingGeometry geometry,
        int batch, int channels, bool accumulate = false)
        => MaxBackward(x, dy, dx, geometry, batch, channels, accumulate, SimdPaths.Best);

    /// <summary>Average pooling: <c>y[b, i, j, c]</c> is the mean of <c>x[b, ·, ·, c]</c> over the input positions the window of <c>(i, j)</c> covers.</summary>
    public static void AverageForward(ReadOnlySpan<float> x, Span<float> y, in PoolingGeometry geometry, int batch, int channels)
        => AverageForward(x, y, geometry, batch, channels, SimdPaths.Best);

    /// <summary>
    /// Average pooling's gradient: each <c>dy[b, i, j, c] / |W|</c> is added to every covered position of its window.
    /// <paramref name="dx"/> is overwritten, or added to with <paramref name="accumulate"/>.
    /// </summary>
    public static void AverageBackward(ReadOnlySpan<float> dy, Span<float> dx, in PoolingGeometry geometry, int batch, int channels,
        bool accumulate = false)
        => AverageBackward(dy, dx, geometry, batch, channels, accumulate, SimdPaths.Best);

    internal static unsafe void MaxForward(ReadOnlySpan<float> x, Span<float> y, in PoolingGeometry geometry, int batch, int channels, SimdPath path)
    {
        Check(nameof(MaxForward), geometry, batch, channels, x.Length, "x", y.Length, "y");
        fixed (float* px = x, py = y)
        {
            var job = new PoolJob { X = px, Y = py, Geometry = geometry, Batch = batch, Channels = channels, Path = path };
            Run(&job, &MaxForwardPart);
        }
    }

    internal static unsafe void MaxBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, in PoolingGeometry geometry,
        int batch, int channels, bool accumulate, SimdPath path)
    {
        Check(nameof(MaxBackward), geometry, batch, channels, x.Length, "x", dy.Length, "dy");
        CheckInput(nameof(MaxBackward), geometry, batch, channels, dx.Length, "dx");
        fixed (float* px = x, pdy = dy, pdx = dx)
        {
            var job = new PoolJob { X = px, Dy = pdy, Dx = pdx, Geometry = geometry, Batch = batch, Channels = channels, Path = path, Accumulate = accumulate };
            Run(&job, &MaxBackwardPart);
        }
    }

    internal static unsafe void AverageForward(ReadOnlySpan<float> x, Span<float> y, in PoolingGeometry geometry, int batch, int channels, SimdPath path)
    {
        Check(nameof(AverageForward), geometry, batch, channels, x.Length, "x", y.Length, "y");
        fixed (float* px = x, py = y)
        {
            var job = new PoolJob { X = px, Y = py, Geometry = geometry, Batch = batch, Channels = channels, Path = path };
            Run(&job, &AverageForwardPart);
        }
    }

    internal static unsafe void AverageBackward(ReadOnlySpan<float> dy, Span<float> dx, in PoolingGeometry geometry, int batch, int channels,
        bool accumulate, SimdPath path)
    {
        CheckOutput(nameof(AverageBackward), geometry, batch, channels, dy.Length, "dy");
        CheckInput(nameof(AverageBackward), geometry, batch, channels, dx.Length, "dx");
        fixed (float* pdy = dy, pdx = dx)
        {
            var job = new PoolJob { Dy = pdy, Dx = pdx, Geometry = geometry, Batch = batch, Channels = channels, Path = path, Accumulate = accumulate };
            Run(&job, &AverageBackwardPart);
        }
    }

    /// <summary>Input floats below which a pass runs on the calling thread alone: waking a worker would cost more than it saves.</summary>
    private const long ParallelInputs = 1 << 17;

    /// <summary>One pooling pass over a batch, on the caller's stack: pointers into the caller's pinned spans.</summary>
    private unsafe struct PoolJob
    {
        public float* X, Y, Dy, Dx;
        public PoolingGeometry Geometry;
        public int Batch, Channels;
        public SimdPath Path;
        public bool Accumulate;

        /// <summary>Samples <c>[First, End)</c> of part <paramref name="part"/>: the first or second half of the batch.</summary>
        public readonly (int First, int End) Samples(int part)
        {
            int half = (Batch + 1) / 2;
            return part == 0 ? (0, half) : (half, Batch);
        }

        public readonly nint InputFloats => (nint)Geometry.InputPositions * Channels;
    }

    /// <summary>
    /// The pass in two halves of the batch, shared with a GEMM worker when the batch is large enough. Samples are
    /// pooled independently of each other, so the halves write disjoint memory and the bits do not depend on the threads.
    /// </summary>
    private static unsafe void Run(PoolJob* job, delegate*<void*, int, void> part)
    {
        bool large = job->Batch >= 2 && (long)job->Batch * job->InputFloats >= ParallelInputs;
        GemmWorkers.RunJob(part, job, 2, large ? Gemm.MaxThreads : 1);
    }

    private static unsafe void MaxForwardPart(void* state, int part)
    {
        ref PoolJob job = ref *(PoolJob*)state;
        (int first, int end) = job.Samples(part);
        var split = new ChannelSplit(job.Channels, job.Path);
        ref float rx = ref *job.X;
        ref float ry = ref *job.Y;
        ref readonly PoolingGeometry geometry = ref job.Geometry;
        for (int b = first; b < end; b++)
        {
            for (int i = 0; i < geometry.OutputHeight; i++)
            {
                for (int j = 0; j < geometry.OutputWidth; j++)
                {
                    var window = new Window(geometry, b, i, j, job.Channels);
                    MaxWindow<Vector512<float>, Vector512Ops>(ref rx, ref ry, window, 0, split.Vector512End);
                    MaxWindow<Vector256<float>, Vector256Ops>(ref rx, ref ry, window, split.Vector512End, split.Vector256End);
                    MaxWindow<float, ScalarOps>(ref rx, ref ry, window, split.Vector256End, job.Channels);
                }
            }
        }
    }

    private static unsafe void MaxBackwardPart(void* state, int part)
    {
        ref PoolJob job = ref *(PoolJob*)state;
        (int first, int end) = job.Samples(part);
        ref readonly PoolingGeometry geometry = ref job.Geometry;
        // Windows that tile the input exactly write every input position once: they store their share instead of
        // adding it to a cleared dx, which saves a pass over dx (the largest tensor of a CNN's step).
        bool store = !job.Accumulate && Tiles(geometry);
        if (!job.Accumulate && !store) new Span<float>(job.Dx + first * job.InputFloats, checked((int)((end - first) * job.InputFloats))).Clear();
        var split = new ChannelSplit(job.Channels, job.Path);
        ref float rx = ref *job.X;
        ref float rdy = ref *job.Dy;
        ref float rdx = ref *job.Dx;
        for (int b = first; b < end; b++)
        {
            for (int i = 0; i < geometry.OutputHeight; i++)
            {
                for (int j = 0; j < geometry.OutputWidth; j++)
                {
                    var window = new Window(geometry, b, i, j, job.Channels);
                    MaxWindowBackward<Vector512<float>, Vector512Ops>(ref rx, ref rdy, ref rdx, window, 0, split.Vector512End, store);
                    MaxWindowBackward<Vector256<float>, Vector256Ops>(ref rx, ref rdy, ref rdx, window, split.Vector512End, split.Vector256End, store);
                    MaxWindowBackward<float, ScalarOps>(ref rx, ref rdy, ref rdx, window, split.Vector256End, job.Channels, store);
                }
            }
        }
    }

    private static unsafe void AverageForwardPart(void* state, int part)
    {
        ref PoolJob job = ref *(PoolJob*)state;
        (int first, int end) = job.Samples(part);
        var split = new ChannelSplit(job.Channels, job.Path);
        ref float rx = ref *job.X;
        ref float ry = ref *job.Y;
        ref readonly PoolingGeometry geometry = ref job.Geometry;
        for (int b = first; b < end; b++)
        {
            for (int i = 0; i < geometry.OutputHeight; i++)
            {
                for (int j = 0; j < geometry.OutputWidth; j++)
                {
                    var window = new Window(geometry, b, i, j, job.Channels);
                    AverageWindow<Vector512<float>, Vector512Ops>(ref rx, ref ry, window, 0, split.Vector512End);
                    AverageWindow<Vector256<float>, Vector256Ops>(ref rx, ref ry, window, split.Vector512End, split.Vector256End);
                    AverageWindow<float, ScalarOps>(ref rx, ref ry, window, split.Vector256End, job.Channels);
                }
            }
        }
    }

    private static unsafe void AverageBackwardPart(void* state, int part)
    {
        ref PoolJob job = ref *(PoolJob*)state;
        (int first, int end) = job.Samples(part);
        if (!job.Accumulate) new Span<float>(job.Dx + first * job.InputFloats, checked((int)((end - first) * job.InputFloats))).Clear();
        var split = new ChannelSplit(job.Channels, job.Path);
        ref float rdy = ref *job.Dy;
        ref float rdx = ref *job.Dx;
        ref readonly PoolingGeometry geometry = ref job.Geometry;
        for (int b = first; b < end; b++)
        {
            for (int i = 0; i < geometry.OutputHeight; i++)
            {
                for (int j = 0; j < geometry.OutputWidth; j++)
                {
                    var window = new Window(geometry, b, i, j, job.Channels);
                    AverageWindowBackward<Vector512<float>, Vector512Ops>(ref rdy, ref rdx, window, 0, split.Vector512End);
                    AverageWindowBackward<Vector256<float>, Vector256Ops>(ref rdy, ref rdx, window, split.Vector512End, split.Vector256End);
                    AverageWindowBackward<float, ScalarOps>(ref rdy, ref rdx, window, split.Vector256End, job.Channels);
                }
            }
        }
    }

    /// <summary>Whether the windows cover every input position exactly once: strides equal to the pool, no padding, no positions left over.</summary>
    private static bool Tiles(in PoolingGeometry g)
        => g.StrideHeight == g.PoolHeight && g.StrideWidth == g.PoolWidth && g.PadTop == 0 && g.PadLeft == 0
           && g.OutputHeight * g.PoolHeight == g.InputHeight && g.OutputWidth * g.PoolWidth == g.InputWidth;

    /// <summary>
    /// One output position's window, clipped to the input: rows <c>[Top, Bottom)</c>, columns <c>[Left, Right)</c>,
    /// and where the sample's input and the output position start in memory.
    /// </summary>
    private readonly struct Window
    {
        public readonly int Top, Bottom, Left, Right, InputWidth, Channels;
        public readonly nuint SampleStart, OutputStart;

        public Window(in PoolingGeometry g, int b, int i, int j, int channels)
        {
            int top = i * g.StrideHeight - g.PadTop, left = j * g.StrideWidth - g.PadLeft;
            Top = Math.Max(top, 0);
            Bottom = Math.Min(top + g.PoolHeight, g.InputHeight);
            Left = Math.Max(left, 0);
            Right = Math.Min(left + g.PoolWidth, g.InputWidth);
            InputWidth = g.InputWidth;
            Channels = channels;
            SampleStart = (nuint)b * (nuint)g.InputPositions * (nuint)channels;
            OutputStart = (((nuint)b * (nuint)g.OutputHeight + (nuint)i) * (nuint)g.OutputWidth + (nuint)j) * (nuint)channels;
        }

        /// <summary>The covered input positions; TensorFlow's 'same' geometry never leaves a window empty.</summary>
        public int Count => Math.Max(Bottom - Top, 0) * Math.Max(Right - Left, 0);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public nuint Input(int row, int column) => SampleStart + ((nuint)row * (nuint)InputWidth + (nuint)column) * (nuint)Channels;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MaxWindow<TVector, TOps>(ref float x, ref float y, in Window window, int from, int to)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
    {
        for (int c = from; c < to; c += TOps.Count)
        {
            TVector max = TOps.Broadcast(float.NegativeInfinity);
            for (int h = window.Top; h < window.Bottom; h++)
                for (int w = window.Left; w < window.Right; w++)
                    max = TOps.Max(max, TOps.Load(ref x, window.Input(h, w) + (nuint)c));
            TOps.Store(max, ref y, window.OutputStart + (nuint)c);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MaxWindowBackward<TVector, TOps>(ref float x, ref float dy, ref float dx, in Window window, int from, int to, bool store)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
    {
        for (int c = from; c < to; c += TOps.Count)
        {
            TVector max = TOps.Broadcast(float.NegativeInfinity);
            for (int h = window.Top; h < window.Bottom; h++)
                for (int w = window.Left; w < window.Right; w++)
                    max = TOps.Max(max, TOps.Load(ref x, window.Input(h, w) + (nuint)c));
            TVector gradient = TOps.Load(ref dy, window.OutputStart + (nuint)c);
            // Lanes still looking for their maximum: each channel's gradient goes to its first maximum only.
            TVector pending = TOps.AllBitsSet;
            for (int h = window.Top; h < window.Bottom; h++)
            {
                for (int w = window.Left; w < window.Right; w++)
                {
                    nuint at = window.Input(h, w) + (nuint)c;
                    TVector hit = TOps.And(TOps.EqualsMask(TOps.Load(ref x, at), max), pending);
                    TVector share = TOps.And(hit, gradient);
                    TOps.Store(store ? share : TOps.Add(TOps.Load(ref dx, at), share), ref dx, at);
                    pending = TOps.AndNot(pending, hit);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AverageWindow<TVector, TOps>(ref float x, ref float y, in Window window, int from, int to)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
    {
        if (from >= to) return;
        TVector count = TOps.Broadcast(window.Count);
        for (int c = from; c < to; c += TOps.Count)
        {
            TVector sum = TOps.Zero;
            for (int h = window.Top; h < window.Bottom; h++)
                for (int w = window.Left; w < window.Right; w++)
                    sum = TOps.Add(sum, TOps.Load(ref x, window.Input(h, w) + (nuint)c));
            TOps.Store(TOps.Divide(sum, count), ref y, window.OutputStart + (nuint)c);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AverageWindowBackward<TVector, TOps>(ref float dy, ref float dx, in Window window, int from, int to)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
    {
        if (from >= to || window.Count == 0) return;
        TVector share = TOps.Broadcast(1f / window.Count);
        for (int c = from; c < to; c += TOps.Count)
        {
            TVector gradient = TOps.Multiply(TOps.Load(ref dy, window.OutputStart + (nuint)c), share);
            for (int h = window.Top; h < window.Bottom; h++)
            {
                for (int w = window.Left; w < window.Right; w++)
                {
                    nuint at = window.Input(h, w) + (nuint)c;
                    TOps.Store(TOps.Add(TOps.Load(ref dx, at), gradient), ref dx, at);
                }
            }
        }
    }

    private static void Check(string kernel, in PoolingGeometry geometry, int batch, int channels,
        int inputLength, string inputName, int outputLength, string outputName)
    {
        CheckInput(kernel, geometry, batch, channels, inputLength, inputName);
        CheckOutput(kernel, geometry, batch, channels, outputLength, outputName);
    }

    private static void CheckInput(string kernel, in PoolingGeometry geometry, int batch, int channels, int length, string name)
    {
        if (batch < 0 || channels < 0)
            throw new ArgumentException($"Pooling.{kernel} needs a non-negative batch and channel count; got batch {batch}, channels {channels}.");
        long needed = (long)batch * geometry.InputPositions * channels;
        if (length < needed)
            throw new ArgumentException($"Pooling.{kernel}: {name} of shape ({batch}, {geometry.InputHeight}, {geometry.InputWidth}, {channels}) needs {needed} values; got {length}.", name);
    }

    private static void CheckOutput(string kernel, in PoolingGeometry geometry, int batch, int channels, int length, string name)
    {
        long needed = (long)batch * geometry.OutputPositions * channels;
        if (length < needed)
            throw new ArgumentException($"Pooling.{kernel}: {name} of shape ({batch}, {geometry.OutputHeight}, {geometry.OutputWidth}, {channels}) needs {needed} values; got {length}.", name);
    }
}
