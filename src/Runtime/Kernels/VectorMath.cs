using System.Runtime.CompilerServices;

namespace Compiled.Kernels;

/// <summary>
/// Transcendental functions written once over <see cref="IVectorOps{TVector}"/>, from multiplications, additions and
/// exact exponent arithmetic only (no library call), with multiply-adds fused on every path, the scalar one through
/// <see cref="MathF.FusedMultiplyAdd"/>: every vector width and the scalar path compute the same operations in the same
/// order, each rounded once, so they give the same bits. Fusing halves the operations of the series and of the
/// argument's reduction (an LSTM's cell evaluates five of these per unit and step).
/// </summary>
internal static class VectorMath
{
    private const float Log2E = 1.44269504f;
    // ln 2 in two parts (Cody and Waite): the high part has few enough bits that n · Ln2High is exact for |n| ≤ 128.
    private const float Ln2High = 0.693359375f;
    private const float Ln2Low = -2.12194440e-4f;
    // Adding 1.5 · 2^23 leaves no bits below the units, so adding and subtracting it rounds to the nearest whole number.
    private const float RoundingShift = 12582912f;
    // The range whose 2^n stays a normal float: e^-87 ≈ 1.6e-38 and e^88 ≈ 1.7e38.
    private const float Lowest = -87f;
    private const float Highest = 88f;

    /// <summary>
    /// <c>e^x - 1</c>, accurate to about one unit in the last place also where it is near zero (where <c>e^x</c>, then
    /// minus one, would lose the low bits): <c>x = n·ln 2 + r</c> with <c>|r| ≤ ln 2 / 2</c>,
    /// <c>e^r - 1 = r + r²/2! + … + r⁸/8!</c> (the next term is below a quarter of a unit in the last place), and
    /// <c>e^x - 1 = 2^n·(e^r - 1) + (2^n - 1)</c>. Arguments are clamped to [-87, 88].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector ExpM1<TVector, TOps>(TVector x)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
    {
        x = TOps.Min(TOps.Max(x, TOps.Broadcast(Lowest)), TOps.Broadcast(Highest));
        TVector shift = TOps.Broadcast(RoundingShift);
        TVector n = TOps.Subtract(TOps.FusedMultiplyAdd(x, TOps.Broadcast(Log2E), shift), shift);
        // n · Ln2High is exact, so the first reduction step loses nothing; the second adds ln 2's low part.
        TVector r = TOps.FusedMultiplyAdd(n, TOps.Broadcast(-Ln2High), x);
        r = TOps.FusedMultiplyAdd(n, TOps.Broadcast(-Ln2Low), r);

        // Horner's rule from the highest term: r · (1 + r · (1/2 + r · (1/6 + …))).
        TVector series = TOps.Broadcast(1f / 40320f);
        series = TOps.FusedMultiplyAdd(series, r, TOps.Broadcast(1f / 5040f));
        series = TOps.FusedMultiplyAdd(series, r, TOps.Broadcast(1f / 720f));
        series = TOps.FusedMultiplyAdd(series, r, TOps.Broadcast(1f / 120f));
        series = TOps.FusedMultiplyAdd(series, r, TOps.Broadcast(1f / 24f));
        series = TOps.FusedMultiplyAdd(series, r, TOps.Broadcast(1f / 6f));
        series = TOps.FusedMultiplyAdd(series, r, TOps.Broadcast(0.5f));
        series = TOps.FusedMultiplyAdd(series, r, TOps.Broadcast(1f));
        TVector expM1OfR = TOps.Multiply(series, r);

        TVector scale = TOps.PowerOfTwo(n);
        return TOps.FusedMultiplyAdd(scale, expM1OfR, TOps.Subtract(scale, TOps.Broadcast(1f)));
    }
}
