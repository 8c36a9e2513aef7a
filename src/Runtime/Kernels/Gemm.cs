using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Compiled.Kernels;

/// <summary>
/// Single-precision matrix multiply on row-major spans, the one place every dense product goes through:
/// the forward product <c>x·W</c> and both backward products <c>xᵀ·dy</c> and <c>dy·Wᵀ</c>.
/// </summary>
/// <remarks>
/// Every entry point accumulates (<c>C += …</c>), so a caller that wants <c>C = …</c> clears or
/// pre-fills <c>C</c> first (Dense pre-fills it with the bias). Transposed operands are read in place,
/// never copied by the caller. Small products run register tiles straight over the operands; larger ones
/// are packed and blocked for the caches (<see cref="GemmPacked"/>) and, when large enough to pay for it,
/// shared among <see cref="MaxThreads"/> threads with results identical to one thread's.
/// </remarks>
public static unsafe class Gemm
{
    // Below these many multiply-adds, packing costs more than it saves. The dot-product form of A·Bᵀ is
    // weaker than the broadcast form, so it hands over to packing sooner.
    private const long DirectLimit = 64 * 64 * 64;
    private const long DirectLimitTransposedB = 16 * 16 * 16;

    // Small products whose natural vector axis is shorter than a vector (a 3-class output layer: n = 3
    // forward, k = 3 for dy·Wᵀ) are rearranged through transposed copies on the stack, up to 4,096 floats,
    // so that the long axis is the vector one.
    private const int ShortDepth = 8;
    private const int StackLimit = 4096;

    // Waking a worker costs a few microseconds: only products of a few million multiply-adds are shared.
    internal const long ParallelLimit = 2_000_000;

    private static int s_maxThreads = DefaultThreads(Environment.GetEnvironmentVariable("COMPILED_THREADS"));

    /// <summary>
    /// How many threads a large product may use; by default the processor count (or <c>COMPILED_THREADS</c>).
    /// Results do not depend on it: each element of C is always summed by one thread in one order.
    /// </summary>
    public static int MaxThreads
    {
        get => s_maxThreads;
        set => s_maxThreads = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), $"MaxThreads must be at least 1; got {value}.");
    }

    /// <summary><c>C[m,n] += A[m,k] · B[k,n]</c>.</summary>
    public static void MultiplyAdd(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n)
        => MultiplyAdd(a, b, c, m, k, n, SimdPaths.Best);

    /// <summary><c>C[m,n] += Aᵀ · B</c> where <c>A</c> is stored as <c>[k,m]</c>.</summary>
    public static void MultiplyAddTransposedA(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n)
        => MultiplyAddTransposedA(a, b, c, m, k, n, SimdPaths.Best);

    /// <summary><c>C[m,n] += A · Bᵀ</c> where <c>B</c> is stored as <c>[n,k]</c>.</summary>
    public static void MultiplyAddTransposedB(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n)
        => MultiplyAddTransposedB(a, b, c, m, k, n, SimdPaths.Best);

    /// <summary>
    /// The length of a buffer that holds a <c>k × n</c> operand B packed by <see cref="PackB(ReadOnlySpan{float}, Span{float}, int, int, bool)"/>:
    /// a little more than <c>k·n</c>, for the padding of the kernels' panels.
    /// </summary>
    public static int PackedLength(int k, int n)
    {
        if (k < 0 || n < 0) throw new ArgumentOutOfRangeException(nameof(k), $"Matrix sizes must not be negative; got k={k}, n={n}.");
        long length = GemmPacked.PackedLength(k, n);
        return length <= Array.MaxLength ? (int)length
            : throw new ArgumentOutOfRangeException(nameof(n), $"A packed {k}x{n} operand needs {length:N0} floats, more than an array holds.");
    }

    /// <summary>
    /// Packs the operand B of <see cref="MultiplyAddPacked(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int)"/>
    /// once, for products that reuse it many times (a recurrent kernel at every time step): B is <c>k × n</c>, or with
    /// <paramref name="transposed"/> stored as <c>[n,k]</c> and used as its transpose, as <see cref="MultiplyAddTransposedB(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int)"/> reads it.
    /// </summary>
    public static void PackB(ReadOnlySpan<float> b, Span<float> packed, int k, int n, bool transposed = false)
        => PackB(b, packed, k, n, transposed, SimdPaths.Best);

    /// <summary>
    /// <c>C[m,n] += A[m,k] · B</c> with B packed by <see cref="PackB(ReadOnlySpan{float}, Span{float}, int, int, bool)"/>: the
    /// blocked product without its packing step, the same bits as the packed product that copies B itself.
    /// </summary>
    public static void MultiplyAddPacked(ReadOnlySpan<float> a, ReadOnlySpan<float> packedB, Span<float> c, int m, int k, int n)
        => MultiplyAddPacked(a, packedB, c, m, k, n, SimdPaths.Best);

    internal static void PackB(ReadOnlySpan<float> b, Span<float> packed, int k, int n, bool transposed, SimdPath path)
    {
        CheckSizes(0, b.Length, 0, 0, k, n);
        PackB(b, transposed ? 1 : n, transposed ? k : 1, packed, k, n, path);
    }

    /// <summary>
    /// Packs <c>op(B)[p, j] = b[p·bRow + j·bCol]</c>, <c>k × n</c>, read in place through its strides: a block of columns
    /// of a wider matrix (a GRU's column blocks of its recurrent kernel), or that block's transpose.
    /// </summary>
    internal static void PackB(ReadOnlySpan<float> b, nint bRow, nint bCol, Span<float> packed, int k, int n, SimdPath path)
    {
        if (k < 0 || n < 0) throw new ArgumentOutOfRangeException(nameof(k), $"Matrix sizes must not be negative; got k={k}, n={n}.");
        int length = PackedLength(k, n);
        if (packed.Length < length) throw new ArgumentException($"The packed buffer holds {packed.Length} values; a packed {k}x{n} operand needs {length} (Gemm.PackedLength).", nameof(packed));
        if (k == 0 || n == 0) return;
        CheckStrided(b.Length, k, bRow, n, bCol, "b");
        fixed (float* pb = b, destination = packed)
        {
            GemmProblem problem = new() { B = pb, BRow = bRow, BCol = bCol, K = k, N = n };
            GemmPacked.Pack(problem, path, destination);
        }
    }

    internal static void MultiplyAddPacked(ReadOnlySpan<float> a, ReadOnlySpan<float> packedB, Span<float> c, int m, int k, int n, SimdPath path, int threads = 0)
    {
        CheckSizes(a.Length, 0, c.Length, m, k, 0);
        CheckSizes(0, 0, c.Length, m, 0, n);
        MultiplyAddPacked(a, k, packedB, c, n, m, k, n, overwrite: false, path, threads);
    }

    /// <summary>
    /// <c>C (+)= A · B</c> with B packed by <see cref="PackB(ReadOnlySpan{float}, nint, nint, Span{float}, int, int, SimdPath)"/>,
    /// A's rows <paramref name="aRow"/> apart and C's <paramref name="ldc"/> apart (column blocks of wider matrices, read
    /// and written in place); C overwritten with <paramref name="overwrite"/>.
    /// </summary>
    internal static void MultiplyAddPacked(ReadOnlySpan<float> a, nint aRow, ReadOnlySpan<float> packedB, Span<float> c, nint ldc, int m, int k, int n,
        bool overwrite, SimdPath path, int threads = 0)
    {
        if (m < 0 || k < 0 || n < 0) throw new ArgumentOutOfRangeException(nameof(m), $"Matrix sizes must not be negative; got m={m}, k={k}, n={n}.");
        int length = PackedLength(k, n);
        if (packedB.Length < length) throw new ArgumentException($"The packed B holds {packedB.Length} values; a packed {k}x{n} operand needs {length} (Gemm.PackedLength).", nameof(packedB));
        if (m == 0 || n == 0 || k == 0) return;
        CheckStrided(a.Length, m, aRow, k, 1, "a");
        CheckStrided(c.Length, m, ldc, n, 1, "c");
        if (threads <= 0) threads = (long)m * k * n >= ParallelLimit ? s_maxThreads : 1;
        fixed (float* pa = a, pb = packedB, pc = c)
        {
            GemmProblem problem = new() { A = pa, PackedB = pb, C = pc, ARow = aRow, ACol = 1, Ldc = ldc, M = m, K = k, N = n, Overwrite = overwrite };
            GemmWorkers.Run(problem, path, threads);
        }
    }

    /// <summary>Checks that <c>rows × columns</c> elements <paramref name="rowStride"/> and <paramref name="columnStride"/> apart fit in <paramref name="length"/>.</summary>
    private static void CheckStrided(int length, int rows, nint rowStride, int columns, nint columnStride, string name)
    {
        long needed = (rows - 1L) * rowStride + (columns - 1L) * columnStride + 1;
        if (length < needed) throw new ArgumentException($"{name} holds {length} values; {rows}x{columns} elements {rowStride} and {columnStride} apart need {needed}.", name);
    }

    internal static void MultiplyAdd(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n,
        SimdPath path, GemmAlgorithm algorithm = GemmAlgorithm.Auto, int threads = 0)
    {
        CheckSizes(a.Length, b.Length, c.Length, m, k, n);
        if (m == 0 || n == 0 || k == 0) return;
        if (!UseDirect(algorithm, m, k, n, DirectLimit))
        {
            Packed(a, k, 1, b, n, 1, c, m, k, n, path, threads);
        }
        else if (IsNarrow(path, m, k, n) && k * n <= StackLimit)
        {
            // A few output columns leave the broadcast kernel scalar: take dot products along k instead.
            Span<float> bT = stackalloc float[k * n];
            Transpose(b, bT, k, n);
            GemmDirect.DotProducts(a, bT, c, m, k, n, path);
        }
        else
        {
            GemmDirect.BroadcastProduct(a, rowStride: k, columnStride: 1, b, c, m, k, n, path);
        }
    }

    internal static void MultiplyAddTransposedA(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n,
        SimdPath path, GemmAlgorithm algorithm = GemmAlgorithm.Auto, int threads = 0)
    {
        CheckSizes(a.Length, b.Length, c.Length, m, k, n);
        if (m == 0 || n == 0 || k == 0) return;
        if (!UseDirect(algorithm, m, k, n, DirectLimit))
        {
            Packed(a, 1, m, b, n, 1, c, m, k, n, path, threads);
        }
        else if (IsNarrow(path, m, k, n) && m * n <= StackLimit)
        {
            // Cᵀ = Bᵀ·A runs along A's rows, m wide, instead of C's n: compute it on the stack, add it back transposed.
            Span<float> cT = stackalloc float[n * m];
            cT.Clear();
            GemmDirect.BroadcastProduct(b, rowStride: 1, columnStride: n, a, cT, n, k, m, path);
            AddTransposed(cT, c, n, m);
        }
        else
        {
            GemmDirect.BroadcastProduct(a, rowStride: 1, columnStride: m, b, c, m, k, n, path);
        }
    }

    internal static void MultiplyAddTransposedB(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n,
        SimdPath path, GemmAlgorithm algorithm = GemmAlgorithm.Auto, int threads = 0)
    {
        CheckSizes(a.Length, b.Length, c.Length, m, k, n);
        if (m == 0 || n == 0 || k == 0) return;
        if (UseDirect(algorithm, m, k, n, DirectLimitTransposedB))
        {
            if (k < ShortDepth && k * n <= StackLimit)
            {
                // Dot products of a few terms are all overhead: transpose the small B and broadcast instead.
                Span<float> transposed = stackalloc float[k * n];
                Transpose(b, transposed, n, k);
                GemmDirect.BroadcastProduct(a, rowStride: k, columnStride: 1, transposed, c, m, k, n, path);
            }
            else
            {
                GemmDirect.DotProducts(a, b, c, m, k, n, path);
            }
        }
        else
            Packed(a, k, 1, b, 1, k, c, m, k, n, path, threads);
    }

    /// <summary>
    /// A recurrent layer's three weight gradients in one pass over their common <paramref name="b"/> (<c>dz</c>, <c>k × n</c>):
    /// <c>c1 += a1ᵀ·B</c>, <paramref name="a1"/> stored as <c>[k, m1]</c>; <c>c2 += a2ᵀ·B[depth2..k)</c>, <paramref name="a2"/>
    /// stored as <c>[k - depth2, m2]</c> (the states of the steps before, against the gradients from step 1 on); and, unless
    /// <paramref name="sums"/> is empty, <c>sums += </c> B's column sums. B is packed once for all three, and its sums come out
    /// of the packed block while it is in cache, where separate products pack it twice and sum it from memory once more
    /// (a bidirectional LSTM's <c>dz</c> is 3 MiB per direction).
    /// </summary>
    internal static void MultiplyAddTransposedAStacked(ReadOnlySpan<float> a1, Span<float> c1, int m1, ReadOnlySpan<float> a2, Span<float> c2, int m2, int depth2,
        Span<float> sums, ReadOnlySpan<float> b, int k, int n, SimdPath path, int threads = 0)
    {
        if (depth2 < 0 || depth2 > k) throw new ArgumentOutOfRangeException(nameof(depth2), $"The second product starts at depth {depth2}; the depth is {k}.");
        CheckSizes(a1.Length, b.Length, c1.Length, m1, k, n);
        CheckSizes(a2.Length, b.Length, c2.Length, m2, k - depth2, n);
        if (!sums.IsEmpty && sums.Length < n) throw new ArgumentException($"sums holds {sums.Length} values; B's {n} columns need {n}.", nameof(sums));
        if (k == 0 || n == 0) return;
        bool summed = !sums.IsEmpty;
        if ((m1 + m2 + (summed ? 1L : 0L)) * k * n < DirectLimit)
        {
            MultiplyAddTransposedA(a1, b, c1, m1, k, n, path);
            MultiplyAddTransposedA(a2, b.Slice(depth2 * n), c2, m2, k - depth2, n, path);
            if (summed)
                for (int p = 0; p < k; p++) System.Numerics.Tensors.TensorPrimitives.Add(sums.Slice(0, n), b.Slice(p * n, n), sums.Slice(0, n));
            return;
        }
        if (threads <= 0) threads = (m1 + m2 + 1L) * k * n >= ParallelLimit ? s_maxThreads : 1;
        float one = 1f;
        fixed (float* pa1 = a1, pa2 = a2, pc1 = c1, pc2 = c2, pb = b, ps = sums)
        {
            GemmProblem problem = new()
            {
                A = pa1, B = pb, C = pc1,
                ARow = 1, ACol = m1, BRow = n, BCol = 1, Ldc = n,
                M = m1, K = k, N = n,
            };
            if (m2 > 0 && depth2 < k)
                problem.Stacked[problem.StackedCount++] = new GemmSegment { A = pa2, ARow = 1, ACol = m2, C = pc2, Rows = m2, Depth = depth2 };
            // B's column sums are one more row of the product, a row of ones: one float read with both strides 0.
            if (summed)
                problem.Stacked[problem.StackedCount++] = new GemmSegment { A = &one, ARow = 0, ACol = 0, C = ps, Rows = 1, Depth = 0 };
            GemmWorkers.Run(problem, path, threads);
        }
    }

    /// <summary>
    /// <c>C = A·Bᵀ</c>, C overwritten without being read: the packed product stores its first depth block's tiles,
    /// which saves clearing C and reading the zeros back (a convolution's input gradient into its patch buffer).
    /// The same bits as clearing C and calling <see cref="MultiplyAddTransposedB(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int, SimdPath, GemmAlgorithm, int)"/>.
    /// </summary>
    internal static void MultiplyTransposedB(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n,
        SimdPath path, int threads = 0)
    {
        CheckSizes(a.Length, b.Length, c.Length, m, k, n);
        if (m == 0 || n == 0) return;
        if (k == 0 || UseDirect(GemmAlgorithm.Auto, m, k, n, DirectLimitTransposedB))
        {
            c.Slice(0, m * n).Clear();
            MultiplyAddTransposedB(a, b, c, m, k, n, path, GemmAlgorithm.Auto, threads);
            return;
        }
        Packed(a, k, 1, b, 1, k, c, m, k, n, path, threads, overwrite: true);
    }

    /// <summary>
    /// Fewer output columns than one 256-bit vector holds, over a depth long enough for vector dot products,
    /// and enough rows to repay the transposed copies (a single sample's prediction does not).
    /// </summary>
    private static bool IsNarrow(SimdPath path, int m, int k, int n) => path != SimdPath.Scalar && n < 8 && k >= ShortDepth && m >= 8;

    /// <summary><paramref name="destination"/> (<c>columns × rows</c>) = the transpose of <paramref name="source"/> (<c>rows × columns</c>).</summary>
    private static void Transpose(ReadOnlySpan<float> source, Span<float> destination, int rows, int columns)
    {
        ref float from = ref MemoryMarshal.GetReference(source);
        ref float to = ref MemoryMarshal.GetReference(destination);
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++) Unsafe.Add(ref to, c * rows + r) = Unsafe.Add(ref from, r * columns + c);
    }

    /// <summary><paramref name="destination"/> (<c>columns × rows</c>) += the transpose of <paramref name="source"/> (<c>rows × columns</c>).</summary>
    private static void AddTransposed(ReadOnlySpan<float> source, Span<float> destination, int rows, int columns)
    {
        ref float from = ref MemoryMarshal.GetReference(source);
        ref float to = ref MemoryMarshal.GetReference(destination);
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++) Unsafe.Add(ref to, c * rows + r) += Unsafe.Add(ref from, r * columns + c);
    }

    private static bool UseDirect(GemmAlgorithm algorithm, int m, int k, int n, long limit)
        => algorithm == GemmAlgorithm.Direct || algorithm == GemmAlgorithm.Auto && (long)m * k * n < limit;

    private static void Packed(ReadOnlySpan<float> a, nint aRow, nint aCol, ReadOnlySpan<float> b, nint bRow, nint bCol,
        Span<float> c, int m, int k, int n, SimdPath path, int threads, bool overwrite = false)
    {
        if (threads <= 0) threads = (long)m * k * n >= ParallelLimit ? s_maxThreads : 1;
        fixed (float* pa = a, pb = b, pc = c)
        {
            GemmProblem problem = new()
            {
                A = pa, B = pb, C = pc,
                ARow = aRow, ACol = aCol, BRow = bRow, BCol = bCol, Ldc = n,
                M = m, K = k, N = n, Overwrite = overwrite,
            };
            GemmWorkers.Run(problem, path, threads);
        }
    }

    private static void CheckSizes(int aLength, int bLength, int cLength, int m, int k, int n)
    {
        if (m < 0 || k < 0 || n < 0)
            throw new ArgumentOutOfRangeException(nameof(m), $"Matrix sizes must not be negative; got m={m}, k={k}, n={n}.");
        if (aLength < (long)m * k) throw new ArgumentException($"A holds {aLength} values; an {m}x{k} operand needs {(long)m * k}.", "a");
        if (bLength < (long)k * n) throw new ArgumentException($"B holds {bLength} values; a {k}x{n} operand needs {(long)k * n}.", "b");
        if (cLength < (long)m * n) throw new ArgumentException($"C holds {cLength} values; an {m}x{n} result needs {(long)m * n}.", "c");
    }

    private static int DefaultThreads(string? requested)
        => int.TryParse(requested, out int threads) && threads >= 1 ? threads : Environment.ProcessorCount;
}
