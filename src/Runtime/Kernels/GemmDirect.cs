using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Compiled.Kernels;

/// <summary>
/// The unpacked products, for small matrices where copying operands into packed panels would cost more
/// than it saves: register tiles straight over the row-major operands.
/// </summary>
internal static class GemmDirect
{
    /// <summary>
    /// <c>C += op(A)·B</c> where <c>op(A)[i,p] = A[i*rowStride + p*columnStride]</c>: each element of
    /// <c>op(A)</c> is broadcast and multiplied into a contiguous row of <c>B</c>, so both the plain and
    /// the transposed <c>A</c> stream <c>B</c> and <c>C</c> with unit stride.
    /// </summary>
    public static void BroadcastProduct(ReadOnlySpan<float> a, int rowStride, int columnStride, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, SimdPath path)
    {
        if (m == 0 || n == 0 || k == 0) return;
        ref float ra = ref MemoryMarshal.GetReference(a);
        ref float rb = ref MemoryMarshal.GetReference(b);
        ref float rc = ref MemoryMarshal.GetReference(c);
        int vectorColumns = 0;
        if (path == SimdPath.Vector512 && n >= Vector512<float>.Count)
        {
            vectorColumns = n - n % Vector512<float>.Count;
            BroadcastColumns<Vector512<float>, Vector512Ops>(ref ra, rowStride, columnStride, ref rb, ref rc, m, k, n, 0, vectorColumns);
        }
        else if (path != SimdPath.Scalar && n >= Vector256<float>.Count)
        {
            vectorColumns = n - n % Vector256<float>.Count;
            BroadcastColumns<Vector256<float>, Vector256Ops>(ref ra, rowStride, columnStride, ref rb, ref rc, m, k, n, 0, vectorColumns);
        }
        if (vectorColumns < n)
            BroadcastColumns<float, ScalarOps>(ref ra, rowStride, columnStride, ref rb, ref rc, m, k, n, vectorColumns, n);
    }

    /// <summary>Columns <c>[first, end)</c> of the broadcast product; <c>end - first</c> is a multiple of the vector width.</summary>
    private static void BroadcastColumns<TVector, TOps>(ref float a, int rowStride, int columnStride, ref float b, ref float c, int m, int k, int n, int first, int end)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
    {
        int width = TOps.Count;
        int i = 0;
        for (; i + 4 <= m; i += 4)
        {
            int j = first;
            for (; j + 2 * width <= end; j += 2 * width)
                Tile4x2<TVector, TOps>(ref a, rowStride, columnStride, ref b, ref c, k, n, i, j);
            for (; j < end; j += width)
                Tile4x1<TVector, TOps>(ref a, rowStride, columnStride, ref b, ref c, k, n, i, j);
        }
        for (; i < m; i++)
        {
            for (int j = first; j < end; j += width)
            {
                nuint ci = (nuint)(i * n + j);
                TVector acc = TOps.Load(ref c, ci);
                nint ai = (nint)i * rowStride;
                for (int p = 0; p < k; p++)
                    acc = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref a, ai + (nint)p * columnStride)), TOps.Load(ref b, (nuint)(p * n + j)), acc);
                TOps.Store(acc, ref c, ci);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile4x2<TVector, TOps>(ref float a, int rowStride, int columnStride, ref float b, ref float c, int k, int n, int i, int j)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
    {
        int width = TOps.Count;
        nuint c0 = (nuint)(i * n + j), c1 = c0 + (nuint)n, c2 = c1 + (nuint)n, c3 = c2 + (nuint)n;
        nuint w = (nuint)width;
        TVector x0 = TOps.Load(ref c, c0), y0 = TOps.Load(ref c, c0 + w);
        TVector x1 = TOps.Load(ref c, c1), y1 = TOps.Load(ref c, c1 + w);
        TVector x2 = TOps.Load(ref c, c2), y2 = TOps.Load(ref c, c2 + w);
        TVector x3 = TOps.Load(ref c, c3), y3 = TOps.Load(ref c, c3 + w);
        nint a0 = (nint)i * rowStride, rs = rowStride;
        for (int p = 0; p < k; p++)
        {
            nuint bi = (nuint)(p * n + j);
            TVector bx = TOps.Load(ref b, bi), by = TOps.Load(ref b, bi + w);
            nint ap = a0 + (nint)p * columnStride;
            TVector s0 = TOps.Broadcast(Unsafe.Add(ref a, ap));
            TVector s1 = TOps.Broadcast(Unsafe.Add(ref a, ap + rs));
            TVector s2 = TOps.Broadcast(Unsafe.Add(ref a, ap + 2 * rs));
            TVector s3 = TOps.Broadcast(Unsafe.Add(ref a, ap + 3 * rs));
            x0 = TOps.MultiplyAdd(s0, bx, x0); y0 = TOps.MultiplyAdd(s0, by, y0);
            x1 = TOps.MultiplyAdd(s1, bx, x1); y1 = TOps.MultiplyAdd(s1, by, y1);
            x2 = TOps.MultiplyAdd(s2, bx, x2); y2 = TOps.MultiplyAdd(s2, by, y2);
            x3 = TOps.MultiplyAdd(s3, bx, x3); y3 = TOps.MultiplyAdd(s3, by, y3);
        }
        TOps.Store(x0, ref c, c0); TOps.Store(y0, ref c, c0 + w);
        TOps.Store(x1, ref c, c1); TOps.Store(y1, ref c, c1 + w);
        TOps.Store(x2, ref c, c2); TOps.Store(y2, ref c, c2 + w);
        TOps.Store(x3, ref c, c3); TOps.Store(y3, ref c, c3 + w);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile4x1<TVector, TOps>(ref float a, int rowStride, int columnStride, ref float b, ref float c, int k, int n, int i, int j)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
    {
        nuint c0 = (nuint)(i * n + j), c1 = c0 + (nuint)n, c2 = c1 + (nuint)n, c3 = c2 + (nuint)n;
        TVector x0 = TOps.Load(ref c, c0), x1 = TOps.Load(ref c, c1), x2 = TOps.Load(ref c, c2), x3 = TOps.Load(ref c, c3);
        nint a0 = (nint)i * rowStride, rs = rowStride;
        for (int p = 0; p < k; p++)
        {
            TVector bx = TOps.Load(ref b, (nuint)(p * n + j));
            nint ap = a0 + (nint)p * columnStride;
            x0 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref a, ap)), bx, x0);
            x1 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref a, ap + rs)), bx, x1);
            x2 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref a, ap + 2 * rs)), bx, x2);
            x3 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref a, ap + 3 * rs)), bx, x3);
        }
        TOps.Store(x0, ref c, c0); TOps.Store(x1, ref c, c1); TOps.Store(x2, ref c, c2); TOps.Store(x3, ref c, c3);
    }

    /// <summary><c>C[i,j] += dot(A[i,:], B[j,:])</c>, four rows of <c>B</c> at a time so each load of <c>A</c> serves four products.</summary>
    private static void DotProducts<TVector, TOps>(ref float a, ref float b, ref float c, int m, int k, int n)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
    {
        int width = TOps.Count;
        int vectorEnd = k - k % width;
        for (int i = 0; i < m; i++)
        {
            ref float aRow = ref Unsafe.Add(ref a, (nint)i * k);
            ref float cRow = ref Unsafe.Add(ref c, (nint)i * n);
            int j = 0;
            for (; j + 4 <= n; j += 4)
            {
                ref float b0 = ref Unsafe.Add(ref b, (nint)j * k);
                ref float b1 = ref Unsafe.Add(ref b0, k);
                ref float b2 = ref Unsafe.Add(ref b1, k);
                ref float b3 = ref Unsafe.Add(ref b2, k);
                TVector s0 = TOps.Zero, s1 = TOps.Zero, s2 = TOps.Zero, s3 = TOps.Zero;
                for (int p = 0; p < vectorEnd; p += width)
                {
                    TVector av = TOps.Load(ref aRow, (nuint)p);
                    s0 = TOps.MultiplyAdd(av, TOps.Load(ref b0, (nuint)p), s0);
                    s1 = TOps.MultiplyAdd(av, TOps.Load(ref b1, (nuint)p), s1);
                    s2 = TOps.MultiplyAdd(av, TOps.Load(ref b2, (nuint)p), s2);
                    s3 = TOps.MultiplyAdd(av, TOps.Load(ref b3, (nuint)p), s3);
                }
                float t0 = TOps.Sum(s0), t1 = TOps.Sum(s1), t2 = TOps.Sum(s2), t3 = TOps.Sum(s3);
                for (int p = vectorEnd; p < k; p++)
                {
                    float av = Unsafe.Add(ref aRow, p);
                    t0 += av * Unsafe.Add(ref b0, p);
                    t1 += av * Unsafe.Add(ref b1, p);
                    t2 += av * Unsafe.Add(ref b2, p);
                    t3 += av * Unsafe.Add(ref b3, p);
                }
                Unsafe.Add(ref cRow, j) += t0;
                Unsafe.Add(ref cRow, j + 1) += t1;
                Unsafe.Add(ref cRow, j + 2) += t2;
                Unsafe.Add(ref cRow, j + 3) += t3;
            }
            for (; j < n; j++)
            {
                ref float bRow = ref Unsafe.Add(ref b, (nint)j * k);
                TVector s = TOps.Zero;
                for (int p = 0; p < vectorEnd; p += width)
                    s = TOps.MultiplyAdd(TOps.Load(ref aRow, (nuint)p), TOps.Load(ref bRow, (nuint)p), s);
                float t = TOps.Sum(s);
                for (int p = vectorEnd; p < k; p++)
                    t += Unsafe.Add(ref aRow, p) * Unsafe.Add(ref bRow, p);
                Unsafe.Add(ref cRow, j) += t;
            }
        }
    }

    /// <summary><c>C += A·Bᵀ</c> with <c>B</c> stored as <c>[n,k]</c>, as dot products along <c>k</c>.</summary>
    public static void DotProducts(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, SimdPath path)
    {
        if (m == 0 || n == 0 || k == 0) return;
        ref float ra = ref MemoryMarshal.GetReference(a);
        ref float rb = ref MemoryMarshal.GetReference(b);
        ref float rc = ref MemoryMarshal.GetReference(c);
        switch (path)
        {
            case SimdPath.Vector512 when k >= Vector512<float>.Count:
                DotProducts<Vector512<float>, Vector512Ops>(ref ra, ref rb, ref rc, m, k, n);
                break;
            case SimdPath.Vector512 or SimdPath.Vector256 when k >= Vector256<float>.Count:
                DotProducts<Vector256<float>, Vector256Ops>(ref ra, ref rb, ref rc, m, k, n);
                break;
            default:
                DotProducts<float, ScalarOps>(ref ra, ref rb, ref rc, m, k, n);
                break;
        }
    }
}
