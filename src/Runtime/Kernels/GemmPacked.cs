using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Compiled.Kernels;

/// <summary>
/// One product <c>C += op(A)·op(B)</c> described by raw pointers and strides, so that a worker thread can
/// take a share of it: <c>op(A)[i,p] = A[i·aRow + p·aCol]</c>, <c>op(B)[p,j] = B[p·bRow + j·bCol]</c>,
/// <c>C</c> row-major with leading dimension <c>ldc</c>. The caller keeps the memory pinned throughout.
/// </summary>
internal unsafe struct GemmProblem
{
    public float* A;
    public float* B;
    public float* C;
    public nint ARow, ACol, BRow, BCol, Ldc;
    public int M, K, N;

    /// <summary><c>C = op(A)·op(B)</c>: C's old values are neither read nor kept (the first depth block stores its tiles).</summary>
    public bool Overwrite;

    /// <summary>
    /// op(B) already packed by <see cref="GemmPacked.Pack"/> for this path, or null: the product then reads its blocks
    /// from here instead of packing <see cref="B"/> (which it does not read).
    /// </summary>
    public float* PackedB;

    /// <summary>
    /// More rows of op(A), each segment from an operand and into a C of its own (with C's <see cref="Ldc"/>), multiplied by
    /// the same B in the same pass: a recurrent layer's kernel, recurrent kernel and bias gradients share one packing of
    /// their common <c>dz</c>. Only accumulating products stack segments, and they are shared among threads by columns.
    /// </summary>
    public GemmSegments Stacked;

    /// <summary>How many of <see cref="Stacked"/> are used.</summary>
    public int StackedCount;

    /// <summary>Rows <c>[first, end)</c> of this product (which stacks no segments).</summary>
    public readonly GemmProblem Rows(int first, int end)
        => StackedCount == 0 ? this with { A = A + first * ARow, C = C + first * Ldc, M = end - first }
            : throw new InvalidOperationException("A product with stacked segments is shared by columns.");

    /// <summary>Columns <c>[first, end)</c> of this product.</summary>
    public readonly GemmProblem Columns(int first, int end)
    {
        GemmProblem columns = this with { B = B + first * BCol, C = C + first, N = end - first };
        for (int s = 0; s < StackedCount; s++) columns.Stacked[s].C += first;
        return columns;
    }
}

/// <summary>
/// Rows of op(A) stacked under a product's own (<see cref="GemmProblem.Stacked"/>): <c>op(A)[i, p] = A[i·ARow + (p - Depth)·ACol]</c>
/// for the product's depths <c>p ≥ Depth</c> (the sums start there), written to <c>C + i·ldc</c>. With both strides 0 and
/// <c>A</c> a single 1, one row of B's column sums.
/// </summary>
internal unsafe struct GemmSegment
{
    public float* A;
    public nint ARow, ACol;
    public float* C;
    public int Rows, Depth;
}

/// <summary>Room for the two segments a recurrent layer's weight gradients stack.</summary>
[InlineArray(2)]
internal struct GemmSegments
{
    private GemmSegment _element0;
}

/// <summary>
/// The blocked, packed product (after BLIS): <c>op(B)</c> is copied in blocks of <see cref="KC"/> rows into
/// panels of <c>2 × vector</c> columns, and a register-tiled micro-kernel multiplies <see cref="MR"/> rows of
/// <c>op(A)</c>, read in place, by one panel. Packing B makes its transposition a matter of how the copy
/// reads and keeps the kernel's vector loads contiguous and in cache; A is only broadcast element by
/// element, which costs the same from its own rows, so copying plain A would be pure overhead (measured:
/// 15% of a 512³ product). Only a transposed A with long rows is copied, since its reads alias in cache.
/// </summary>
internal static unsafe class GemmPacked
{
    /// <summary>Rows of the micro-kernel's tile: 6 rows × 2 vectors is 12 accumulators, which fits both 16 AVX2 and 32 AVX-512 registers.</summary>
    public const int MR = 6;

    /// <summary>Depth of a packed block: one B panel (KC × 32 floats, 32 KiB) stays in L1 and L2.</summary>
    public const int KC = 256;

    /// <summary>Rows of A (MC × KC floats, 96 KiB) kept in L2 while B's panels stream past.</summary>
    public const int MC = 96;

    /// <summary>Columns of a packed B block (KC × NC floats, 1 MiB) kept in L3.</summary>
    public const int NC = 1024;

    /// <summary>The depth stride of a transposed A from which it is copied into panels before use (see <see cref="Run{TVector, TOps}"/>).</summary>
    private const int PackedTransposedAStride = 256;

    // Per thread, so that worker threads never share a packing buffer; allocated once per thread.
    [ThreadStatic] private static float[]? t_packedA;
    [ThreadStatic] private static float[]? t_packedB;

    public static void Run(in GemmProblem problem, SimdPath path)
    {
        switch (EffectivePath(problem.N, path))
        {
            case SimdPath.Vector512: Run<Vector512<float>, Vector512Ops>(problem); break;
            case SimdPath.Vector256: Run<Vector256<float>, Vector256Ops>(problem); break;
            default: Run<float, ScalarOps>(problem); break;
        }
    }

    /// <summary>The path a product of <paramref name="n"/> columns runs on when <paramref name="path"/> is asked for.</summary>
    // A 32-column panel would be mostly padding for a narrow product (a 10-class output layer): 16 wastes less.
    private static SimdPath EffectivePath(int n, SimdPath path) => path == SimdPath.Vector512 && n <= 16 ? SimdPath.Vector256 : path;

    /// <summary>
    /// Floats enough for op(B) of <c>k × n</c> packed for any path: every block of <see cref="NC"/> columns pads its
    /// last panel by less than two 512-bit vectors.
    /// </summary>
    public static long PackedLength(int k, int n) => (long)k * (n + 2L * Vector512<float>.Count * ((n + NC - 1) / NC));

    /// <summary>
    /// op(B) of <paramref name="problem"/> packed once into <paramref name="destination"/>, block after block in the
    /// order <see cref="Run{TVector, TOps}"/> reads them, for products that reuse one B many times (a recurrent kernel
    /// at every time step). A product given it as <see cref="GemmProblem.PackedB"/> on the same path gives the same bits
    /// as one that packs B itself.
    /// </summary>
    public static void Pack(in GemmProblem problem, SimdPath path, float* destination)
    {
        path = EffectivePath(problem.N, path);
        int vector = path switch { SimdPath.Vector512 => Vector512<float>.Count, SimdPath.Vector256 => Vector256<float>.Count, _ => 1 };
        int nr = 2 * vector, wide = path == SimdPath.Vector512 ? 4 * vector : 0;
        for (int jc = 0; jc < problem.N; jc += NC)
        {
            int nc = Math.Min(NC, problem.N - jc);
            for (int pc = 0; pc < problem.K; pc += KC)
            {
                int kc = Math.Min(KC, problem.K - pc);
                PackB(problem, pc, kc, jc, nc, nr, wide, destination, vectorised: path != SimdPath.Scalar);
                destination += (nint)kc * PaddedColumns(nc, nr, wide);
            }
        }
    }

    /// <summary>The columns <paramref name="nc"/> take once cut into panels, the last one padded.</summary>
    private static int PaddedColumns(int nc, int nr, int wide)
    {
        int padded = 0;
        for (int jr = 0; jr < nc; jr += PanelWidth(nc - jr, nr, wide)) padded += PanelWidth(nc - jr, nr, wide);
        return padded;
    }

    public static void Run<TVector, TOps>(in GemmProblem problem)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
    {
        int nr = 2 * TOps.Count;
        // With 32 registers, Vector512 takes panels of four vectors where the columns fill them (see WideMicroKernel).
        int wide = typeof(TVector) == typeof(Vector512<float>) ? 4 * TOps.Count : 0;
        float[] packedB = t_packedB ??= new float[KC * (NC + 2 * Vector512<float>.Count)];
        int m = problem.M, k = problem.K, n = problem.N;
        // A partial tile lands here first; allocated by the caller so the kernel's accumulators stay in registers
        // (a stackalloc inside the kernel makes the JIT spill them on every step).
        float* tile = stackalloc float[MR * 4 * Vector512<float>.Count];
        // Transposed A is read across its rows: each depth step is a new cache line, and once rows are 1 KiB
        // or longer those lines alias in the caches (512-wide layers: 140 against 210 GFLOP/s). Copy such
        // blocks into MR-row panels first; shorter rows read faster in place than copied.
        bool packA = problem.ACol >= PackedTransposedAStride;
        for (int s = 0; s < problem.StackedCount; s++) packA |= problem.Stacked[s].ACol >= PackedTransposedAStride;
        float[] packedA = packA ? t_packedA ??= new float[MC * KC] : [];
        fixed (float* buffer = packedB, pa = packedA)
        {
            float* prepacked = problem.PackedB;
            for (int jc = 0; jc < n; jc += NC)
            {
                int nc = Math.Min(NC, n - jc);
                for (int pc = 0; pc < k; pc += KC)
                {
                    int kc = Math.Min(KC, k - pc);
                    bool store = problem.Overwrite && pc == 0;
                    float* pb = buffer;
                    if (prepacked == null)
                        PackB(problem, pc, kc, jc, nc, nr, wide, pb, vectorised: typeof(TVector) != typeof(float));
                    else
                    {
                        pb = prepacked;
                        prepacked += (nint)kc * PaddedColumns(nc, nr, wide);
                    }
                    MultiplyRows<TVector, TOps>(problem.A, problem.ARow, problem.ACol, problem.C, m, depth: 0, problem.Ldc, pc, kc, jc, nc, pb, nr, wide, tile, pa, store);
                    for (int s = 0; s < problem.StackedCount; s++)
                    {
                        GemmSegment segment = problem.Stacked[s];
                        MultiplyRows<TVector, TOps>(segment.A, segment.ARow, segment.ACol, segment.C, segment.Rows, segment.Depth, problem.Ldc, pc, kc, jc, nc, pb, nr, wide, tile, pa, store: false);
                    }
                }
            }
        }
    }

    /// <summary>
    /// <c>C[0..m, jc..jc+nc) += op(A)[0..m, pc..pc+kc) · B's packed block</c> for rows of op(A) read through
    /// <paramref name="aRow"/> and <paramref name="aCol"/>, whose sums start at <paramref name="depth"/>: the part of the
    /// block before it is skipped, and the operand's own depth 0 is the product's depth <paramref name="depth"/>.
    /// </summary>
    private static void MultiplyRows<TVector, TOps>(float* a, nint aRow, nint aCol, float* c, int m, int depth, nint ldc,
        int pc, int kc, int jc, int nc, float* pb, int nr, int wide, float* tile, float* pa, bool store)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
    {
        int skip = Math.Max(0, depth - pc);
        if (skip >= kc) return;
        kc -= skip;
        bool packA = aCol >= PackedTransposedAStride;
        for (int ic = 0; ic < m; ic += MC)
        {
            int mc = Math.Min(MC, m - ic);
            float* aBlock = a + ic * aRow + (pc + skip - depth) * aCol;
            nint blockRow = aRow, blockCol = aCol, aPanel = MR * aRow;
            if (packA)
            {
                PackTransposedA(aBlock, aCol, mc, kc, pa);
                aBlock = pa;
                (blockRow, blockCol, aPanel) = (1, MR, MR * kc);
            }
            for (int jr = 0; jr < nc; jr += PanelWidth(nc - jr, nr, wide))
            {
                int width = PanelWidth(nc - jr, nr, wide);
                int columns = Math.Min(width, nc - jr);
                // Each panel is width × (its block's whole depth) floats: a skipped start is width·skip floats into it.
                float* bPanel = pb + jr * (kc + skip) + skip * width;
                float* cColumn = c + ic * ldc + jc + jr;
                if (width == wide && packA)
                {
                    // Packed A comes in panels of MR rows: six-row tiles only.
                    for (int ir = 0; ir < mc; ir += MR)
                        WideMicroKernel<SixRows>(aBlock + ir / MR * aPanel, blockRow, blockCol, bPanel, kc,
                            cColumn + ir * ldc, ldc, Math.Min(MR, mc - ir), tile, store);
                    continue;
                }
                if (width == wide)
                {
                    for (int ir = 0, rows; ir < mc; ir += rows)
                    {
                        rows = WideTileRows(mc - ir);
                        float* aTile = aBlock + ir * blockRow, cTile = cColumn + ir * ldc;
                        if (rows > 4) WideMicroKernel<SixRows>(aTile, blockRow, blockCol, bPanel, kc, cTile, ldc, rows, tile, store);
                        else WideMicroKernel<FourRows>(aTile, blockRow, blockCol, bPanel, kc, cTile, ldc, rows, tile, store);
                    }
                    continue;
                }
                for (int ir = 0; ir < mc; ir += MR)
                    MicroKernel<TVector, TOps>(aBlock + ir / MR * aPanel, blockRow, blockCol, bPanel, kc,
                        cColumn + ir * ldc, ldc, Math.Min(MR, mc - ir), columns, tile, store);
            }
        }
    }

    /// <summary>
    /// The width of the panel that starts with <paramref name="remaining"/> columns left: <paramref name="wide"/> (four
    /// vectors) while the columns fill it, else <paramref name="nr"/> (two vectors, the last one zero-padded), so that a
    /// 288-column product runs four wide panels and one narrow one rather than padding a fifth wide one by half.
    /// </summary>
    private static int PanelWidth(int remaining, int nr, int wide) => wide > 0 && remaining >= wide ? wide : nr;

    /// <summary>
    /// Rows <c>[pc, pc+kc)</c>, columns <c>[jc, jc+nc)</c> of op(B) into panels of <see cref="PanelWidth"/> columns,
    /// zero-padded, each <c>width × kc</c> floats at <c>destination + jr·kc</c>.
    /// </summary>
    private static void PackB(in GemmProblem problem, int pc, int kc, int jc, int nc, int nr, int wide, float* destination, bool vectorised)
    {
        for (int jr = 0; jr < nc; jr += PanelWidth(nc - jr, nr, wide))
        {
            int width = PanelWidth(nc - jr, nr, wide);
            int columns = Math.Min(width, nc - jr);
            float* panel = destination + jr * kc;
            float* source = problem.B + pc * problem.BRow + (jc + jr) * problem.BCol;
            if (problem.BCol == 1 && columns == 64 && width == 64)
            {
                for (int p = 0; p < kc; p++)
                {
                    float* row = source + p * problem.BRow;
                    float* target = panel + p * 64;
                    Vector512.Store(Vector512.Load(row), target);
                    Vector512.Store(Vector512.Load(row + 16), target + 16);
                    Vector512.Store(Vector512.Load(row + 32), target + 32);
                    Vector512.Store(Vector512.Load(row + 48), target + 48);
                }
            }
            else if (problem.BCol == 1 && columns == 32 && width == 32 && Vector512.IsHardwareAccelerated)
            {
                // The common case of a whole 512-bit panel: two vector copies per row instead of a call.
                for (int p = 0; p < kc; p++)
                {
                    float* row = source + p * problem.BRow;
                    Vector512.Store(Vector512.Load(row), panel + p * 32);
                    Vector512.Store(Vector512.Load(row + 16), panel + p * 32 + 16);
                }
            }
            else if (problem.BCol == 1)
            {
                for (int p = 0; p < kc; p++)
                {
                    new ReadOnlySpan<float>(source + p * problem.BRow, columns).CopyTo(new Span<float>(panel + p * width, columns));
                    if (columns < width) new Span<float>(panel + p * width + columns, width - columns).Clear();
                }
            }
            else if (vectorised && Avx.IsSupported && problem.BRow == 1)
            {
                PackTransposedB(source, problem.BCol, kc, columns, width, panel);
            }
            else
            {
                // Transposed B: walk each column along its contiguous depth.
                for (int j = 0; j < columns; j++)
                {
                    float* column = source + j * problem.BCol;
                    for (int p = 0; p < kc; p++) panel[p * width + j] = column[p * problem.BRow];
                }
                for (int j = columns; j < width; j++)
                    for (int p = 0; p < kc; p++) panel[p * width + j] = 0f;
            }
        }
    }

    /// <summary>
    /// One panel of a transposed B (column <c>j</c>'s depth <c>p</c> at <c>source[j·stride + p]</c>) in 8 × 8
    /// blocks turned in registers: the element-by-element copy wrote each panel column with a 128-byte stride
    /// and cost a third of a 128×512×512 <c>A·Bᵀ</c> (the input gradient of a 512-wide layer).
    /// </summary>
    private static void PackTransposedB(float* source, nint stride, int kc, int columns, int nr, float* panel)
    {
        int wholeColumns = columns & ~7;
        int p = 0;
        for (; p + 8 <= kc; p += 8)
        {
            for (int j = 0; j < wholeColumns; j += 8)
                Transpose8x8(source + j * stride + p, stride, panel + p * nr + j, nr);
            for (int j = wholeColumns; j < columns; j++)
                for (int q = 0; q < 8; q++) panel[(p + q) * nr + j] = source[j * stride + p + q];
        }
        for (; p < kc; p++)
            for (int j = 0; j < columns; j++) panel[p * nr + j] = source[j * stride + p];
        for (int j = columns; j < nr; j++)
            for (int q = 0; q < kc; q++) panel[q * nr + j] = 0f;
    }

    /// <summary>Rows <c>i</c> of <paramref name="source"/> (8 floats each, <paramref name="sourceStride"/> apart) become columns <c>i</c> of <paramref name="destination"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(float* source, nint sourceStride, float* destination, nint destinationStride)
    {
        Vector256<float> r0 = Avx.LoadVector256(source), r1 = Avx.LoadVector256(source + sourceStride);
        Vector256<float> r2 = Avx.LoadVector256(source + 2 * sourceStride), r3 = Avx.LoadVector256(source + 3 * sourceStride);
        Vector256<float> r4 = Avx.LoadVector256(source + 4 * sourceStride), r5 = Avx.LoadVector256(source + 5 * sourceStride);
        Vector256<float> r6 = Avx.LoadVector256(source + 6 * sourceStride), r7 = Avx.LoadVector256(source + 7 * sourceStride);
        // Interleave pairs of rows, then pairs of pairs within each 128-bit half, then swap the halves.
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1), t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5), t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> s0 = Avx.Shuffle(t0, t2, 0x44), s1 = Avx.Shuffle(t0, t2, 0xEE), s2 = Avx.Shuffle(t1, t3, 0x44), s3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> s4 = Avx.Shuffle(t4, t6, 0x44), s5 = Avx.Shuffle(t4, t6, 0xEE), s6 = Avx.Shuffle(t5, t7, 0x44), s7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(destination, Avx.Permute2x128(s0, s4, 0x20));
        Avx.Store(destination + destinationStride, Avx.Permute2x128(s1, s5, 0x20));
        Avx.Store(destination + 2 * destinationStride, Avx.Permute2x128(s2, s6, 0x20));
        Avx.Store(destination + 3 * destinationStride, Avx.Permute2x128(s3, s7, 0x20));
        Avx.Store(destination + 4 * destinationStride, Avx.Permute2x128(s0, s4, 0x31));
        Avx.Store(destination + 5 * destinationStride, Avx.Permute2x128(s1, s5, 0x31));
        Avx.Store(destination + 6 * destinationStride, Avx.Permute2x128(s2, s6, 0x31));
        Avx.Store(destination + 7 * destinationStride, Avx.Permute2x128(s3, s7, 0x31));
    }

    /// <summary>
    /// <c>mc × kc</c> of a transposed A (row <c>i</c>, depth <c>p</c> at <c>a[p·stride + i]</c>) into panels of
    /// <see cref="MR"/> rows laid out depth by depth, <c>panel[p·MR + i]</c>: contiguous reads, contiguous writes.
    /// </summary>
    private static void PackTransposedA(float* a, nint stride, int mc, int kc, float* destination)
    {
        for (int ir = 0; ir < mc; ir += MR)
        {
            int rows = Math.Min(MR, mc - ir);
            float* panel = destination + ir * kc;
            if (rows == MR)
            {
                // A whole panel row is six floats: one 128-bit copy and one 64-bit copy, not six scalar moves
                // (the scalar copy was a third of mnist's 784x64x128 kernel gradient).
                for (int p = 0; p < kc; p++)
                {
                    float* source = a + p * stride + ir;
                    float* target = panel + p * MR;
                    Vector128.Store(Vector128.Load(source), target);
                    Unsafe.WriteUnaligned(target + 4, Unsafe.ReadUnaligned<ulong>(source + 4));
                }
                continue;
            }
            for (int p = 0; p < kc; p++)
            {
                float* source = a + p * stride + ir;
                float* target = panel + p * MR;
                for (int i = 0; i < rows; i++) target[i] = source[i];
            }
        }
    }

    /// <summary>
    /// <c>C[0..rows, 0..columns] += op(A)[0..rows, 0..kc] · Bpanel</c>: 6 rows × 2 vectors of accumulators
    /// live in registers for the whole depth. A is read in place through six row pointers that step by
    /// its column stride, so plain and transposed A need no packing; missing rows of a partial tile reread
    /// the last real row and are dropped when the tile is written.
    /// </summary>
    private static void MicroKernel<TVector, TOps>(float* a, nint aRow, nint aCol, float* b, int kc, float* c, nint ldc, int rows, int columns, float* tile, bool store)
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
        TVector c00 = TOps.Zero, c01 = TOps.Zero, c10 = TOps.Zero, c11 = TOps.Zero, c20 = TOps.Zero, c21 = TOps.Zero;
        TVector c30 = TOps.Zero, c31 = TOps.Zero, c40 = TOps.Zero, c41 = TOps.Zero, c50 = TOps.Zero, c51 = TOps.Zero;
        for (int p = 0; p < kc; p++)
        {
            TVector b0 = TOps.Load(ref *b, 0), b1 = TOps.Load(ref *b, w);
            TVector s0 = TOps.Broadcast(*a0);
            c00 = TOps.MultiplyAdd(s0, b0, c00); c01 = TOps.MultiplyAdd(s0, b1, c01);
            TVector s1 = TOps.Broadcast(*a1);
            c10 = TOps.MultiplyAdd(s1, b0, c10); c11 = TOps.MultiplyAdd(s1, b1, c11);
            TVector s2 = TOps.Broadcast(*a2);
            c20 = TOps.MultiplyAdd(s2, b0, c20); c21 = TOps.MultiplyAdd(s2, b1, c21);
            TVector s3 = TOps.Broadcast(*a3);
            c30 = TOps.MultiplyAdd(s3, b0, c30); c31 = TOps.MultiplyAdd(s3, b1, c31);
            TVector s4 = TOps.Broadcast(*a4);
            c40 = TOps.MultiplyAdd(s4, b0, c40); c41 = TOps.MultiplyAdd(s4, b1, c41);
            TVector s5 = TOps.Broadcast(*a5);
            c50 = TOps.MultiplyAdd(s5, b0, c50); c51 = TOps.MultiplyAdd(s5, b1, c51);
            a0 += aCol; a1 += aCol; a2 += aCol; a3 += aCol; a4 += aCol; a5 += aCol;
            b += 2 * w;
        }

        if (rows == MR && columns == 2 * (int)w && store)
        {
            TOps.Store(c00, ref *c, 0); TOps.Store(c01, ref *c, w);
            TOps.Store(c10, ref *(c + ldc), 0); TOps.Store(c11, ref *(c + ldc), w);
            TOps.Store(c20, ref *(c + 2 * ldc), 0); TOps.Store(c21, ref *(c + 2 * ldc), w);
            TOps.Store(c30, ref *(c + 3 * ldc), 0); TOps.Store(c31, ref *(c + 3 * ldc), w);
            TOps.Store(c40, ref *(c + 4 * ldc), 0); TOps.Store(c41, ref *(c + 4 * ldc), w);
            TOps.Store(c50, ref *(c + 5 * ldc), 0); TOps.Store(c51, ref *(c + 5 * ldc), w);
            return;
        }
        if (rows == MR && columns == 2 * (int)w)
        {
            Accumulate<TVector, TOps>(c, w, c00, c01);
            Accumulate<TVector, TOps>(c + ldc, w, c10, c11);
            Accumulate<TVector, TOps>(c + 2 * ldc, w, c20, c21);
            Accumulate<TVector, TOps>(c + 3 * ldc, w, c30, c31);
            Accumulate<TVector, TOps>(c + 4 * ldc, w, c40, c41);
            Accumulate<TVector, TOps>(c + 5 * ldc, w, c50, c51);
            return;
        }

        nuint stride = 2 * w;
        TOps.Store(c00, ref *tile, 0); TOps.Store(c01, ref *tile, w);
        TOps.Store(c10, ref *tile, stride); TOps.Store(c11, ref *tile, stride + w);
        TOps.Store(c20, ref *tile, 2 * stride); TOps.Store(c21, ref *tile, 2 * stride + w);
        TOps.Store(c30, ref *tile, 3 * stride); TOps.Store(c31, ref *tile, 3 * stride + w);
        TOps.Store(c40, ref *tile, 4 * stride); TOps.Store(c41, ref *tile, 4 * stride + w);
        TOps.Store(c50, ref *tile, 5 * stride); TOps.Store(c51, ref *tile, 5 * stride + w);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++)
                c[i * ldc + j] = store ? tile[(nuint)i * stride + (nuint)j] : c[i * ldc + j] + tile[(nuint)i * stride + (nuint)j];
    }

    /// <summary>
    /// <see cref="MicroKernel{TVector, TOps}"/> on a 64-column panel with Vector512: 6 rows × 4 vectors are 24 of the 32
    /// registers, and per depth step 4 loads of B and 6 broadcasts of A feed 24 multiply-adds instead of 12, halving the
    /// loads and the loop's bookkeeping per multiply-add. Every element of C is the same chain of multiply-adds in the
    /// same order as in the two-vector kernel, so the bits are the same. Wide panels are always whole (see
    /// <see cref="PanelWidth"/>); a partial tile of rows goes through <paramref name="tile"/>. <typeparamref name="TRows"/>
    /// gives six rows or four (16 accumulators, the same multiply-adds per load of B), specialised by the JIT.
    /// </summary>
    private static void WideMicroKernel<TRows>(float* a, nint aRow, nint aCol, float* b, int kc, float* c, nint ldc, int rows, float* tile, bool store)
        where TRows : struct, ITileRows
    {
        float* a0 = a;
        float* a1 = a + Math.Min(1, rows - 1) * aRow;
        float* a2 = a + Math.Min(2, rows - 1) * aRow;
        float* a3 = a + Math.Min(3, rows - 1) * aRow;
        float* a4 = a + Math.Min(4, rows - 1) * aRow;
        float* a5 = a + Math.Min(5, rows - 1) * aRow;
        Vector512<float> c00 = default, c01 = default, c02 = default, c03 = default, c10 = default, c11 = default, c12 = default, c13 = default;
        Vector512<float> c20 = default, c21 = default, c22 = default, c23 = default, c30 = default, c31 = default, c32 = default, c33 = default;
        Vector512<float> c40 = default, c41 = default, c42 = default, c43 = default, c50 = default, c51 = default, c52 = default, c53 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b), b1 = Vector512.Load(b + 16), b2 = Vector512.Load(b + 32), b3 = Vector512.Load(b + 48);
            Vector512<float> s = Vector512.Create(*a0);
            c00 = Vector512.FusedMultiplyAdd(s, b0, c00); c01 = Vector512.FusedMultiplyAdd(s, b1, c01);
            c02 = Vector512.FusedMultiplyAdd(s, b2, c02); c03 = Vector512.FusedMultiplyAdd(s, b3, c03);
            s = Vector512.Create(*a1);
            c10 = Vector512.FusedMultiplyAdd(s, b0, c10); c11 = Vector512.FusedMultiplyAdd(s, b1, c11);
            c12 = Vector512.FusedMultiplyAdd(s, b2, c12); c13 = Vector512.FusedMultiplyAdd(s, b3, c13);
            s = Vector512.Create(*a2);
            c20 = Vector512.FusedMultiplyAdd(s, b0, c20); c21 = Vector512.FusedMultiplyAdd(s, b1, c21);
            c22 = Vector512.FusedMultiplyAdd(s, b2, c22); c23 = Vector512.FusedMultiplyAdd(s, b3, c23);
            s = Vector512.Create(*a3);
            c30 = Vector512.FusedMultiplyAdd(s, b0, c30); c31 = Vector512.FusedMultiplyAdd(s, b1, c31);
            c32 = Vector512.FusedMultiplyAdd(s, b2, c32); c33 = Vector512.FusedMultiplyAdd(s, b3, c33);
            if (TRows.Six)
            {
                s = Vector512.Create(*a4);
                c40 = Vector512.FusedMultiplyAdd(s, b0, c40); c41 = Vector512.FusedMultiplyAdd(s, b1, c41);
                c42 = Vector512.FusedMultiplyAdd(s, b2, c42); c43 = Vector512.FusedMultiplyAdd(s, b3, c43);
                s = Vector512.Create(*a5);
                c50 = Vector512.FusedMultiplyAdd(s, b0, c50); c51 = Vector512.FusedMultiplyAdd(s, b1, c51);
                c52 = Vector512.FusedMultiplyAdd(s, b2, c52); c53 = Vector512.FusedMultiplyAdd(s, b3, c53);
                a4 += aCol; a5 += aCol;
            }
            a0 += aCol; a1 += aCol; a2 += aCol; a3 += aCol;
            b += 64;
        }

        int whole = TRows.Six ? MR : 4;
        if (rows == whole && store)
        {
            StoreWide(c, c00, c01, c02, c03);
            StoreWide(c + ldc, c10, c11, c12, c13);
            StoreWide(c + 2 * ldc, c20, c21, c22, c23);
            StoreWide(c + 3 * ldc, c30, c31, c32, c33);
            if (TRows.Six)
            {
                StoreWide(c + 4 * ldc, c40, c41, c42, c43);
                StoreWide(c + 5 * ldc, c50, c51, c52, c53);
            }
            return;
        }
        if (rows == whole)
        {
            AddWide(c, c00, c01, c02, c03);
            AddWide(c + ldc, c10, c11, c12, c13);
            AddWide(c + 2 * ldc, c20, c21, c22, c23);
            AddWide(c + 3 * ldc, c30, c31, c32, c33);
            if (TRows.Six)
            {
                AddWide(c + 4 * ldc, c40, c41, c42, c43);
                AddWide(c + 5 * ldc, c50, c51, c52, c53);
            }
            return;
        }
        // A partial tile: the rows the kernel reread are dropped, as in the two-vector kernel.
        StoreWide(tile, c00, c01, c02, c03);
        StoreWide(tile + 64, c10, c11, c12, c13);
        StoreWide(tile + 128, c20, c21, c22, c23);
        StoreWide(tile + 192, c30, c31, c32, c33);
        if (TRows.Six)
        {
            StoreWide(tile + 256, c40, c41, c42, c43);
            StoreWide(tile + 320, c50, c51, c52, c53);
        }
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < 64; j++) c[i * ldc + j] = store ? tile[i * 64 + j] : c[i * ldc + j] + tile[i * 64 + j];
    }

    /// <summary>
    /// The rows of the next wide tile when <paramref name="left"/> rows remain: six, but never a last tile of one or two
    /// rows, which would cost a whole six-row tile (a 32-row product, an LSTM's batch, would run 36): seven or eight rows
    /// go as two four-row tiles, and three or four as one. Every element of C is the same chain of multiply-adds whatever
    /// tile computes it, so the split changes no bit.
    /// </summary>
    private static int WideTileRows(int left) => left is <= 4 or 7 or 8 ? Math.Min(4, left) : Math.Min(MR, left);

    /// <summary>How many rows a wide tile has: a type argument, so the JIT compiles each count's kernel with its own registers.</summary>
    private interface ITileRows
    {
        static abstract bool Six { get; }
    }

    private readonly struct SixRows : ITileRows
    {
        public static bool Six => true;
    }

    private readonly struct FourRows : ITileRows
    {
        public static bool Six => false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddWide(float* row, Vector512<float> v0, Vector512<float> v1, Vector512<float> v2, Vector512<float> v3)
    {
        Vector512.Store(Vector512.Load(row) + v0, row);
        Vector512.Store(Vector512.Load(row + 16) + v1, row + 16);
        Vector512.Store(Vector512.Load(row + 32) + v2, row + 32);
        Vector512.Store(Vector512.Load(row + 48) + v3, row + 48);
    }

    /// <summary>Four Vector512s of a wide tile's row, side by side (the direct convolution kernels store their tiles with it too).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void StoreWide(float* row, Vector512<float> v0, Vector512<float> v1, Vector512<float> v2, Vector512<float> v3)
    {
        Vector512.Store(v0, row);
        Vector512.Store(v1, row + 16);
        Vector512.Store(v2, row + 32);
        Vector512.Store(v3, row + 48);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate<TVector, TOps>(float* row, nuint w, TVector left, TVector right)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
    {
        TOps.Store(TOps.Add(TOps.Load(ref *row, 0), left), ref *row, 0);
        TOps.Store(TOps.Add(TOps.Load(ref *row, w), right), ref *row, w);
    }
}
