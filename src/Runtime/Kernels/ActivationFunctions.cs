using System.Runtime.CompilerServices;

namespace Compiled.Kernels;

/// <summary>
/// An activation function written once for every vector width, with its derivative written from its output: what
/// the fused kernels apply (the LSTM's gates and cell), and what <see cref="ActivationDriver"/> maps over a span.
/// Each is built from <see cref="IVectorOps{TVector}"/> operations that round alike on every path (multiply-adds fused on
/// all of them, see <see cref="VectorMath"/>), so every path gives the same bits.
/// </summary>
internal interface IActivationFunction
{
    /// <summary><c>y = f(x)</c>.</summary>
    static abstract TVector Apply<TVector, TOps>(TVector x)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>;

    /// <summary><c>f'(x)</c>, given <c>y = f(x)</c>.</summary>
    static abstract TVector Derivative<TVector, TOps>(TVector y)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>;
}

/// <summary><c>linear</c>: <c>f(x) = x</c>.</summary>
internal readonly struct LinearFunction : IActivationFunction
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Apply<TVector, TOps>(TVector x) where TVector : struct where TOps : struct, IVectorOps<TVector> => x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Derivative<TVector, TOps>(TVector y) where TVector : struct where TOps : struct, IVectorOps<TVector> => TOps.Broadcast(1f);
}

/// <summary><c>relu</c>: <c>f(x) = max(x, 0)</c>; its derivative is 1 where the output is positive, else 0.</summary>
internal readonly struct ReluFunction : IActivationFunction
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Apply<TVector, TOps>(TVector x) where TVector : struct where TOps : struct, IVectorOps<TVector> => TOps.Max(x, TOps.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Derivative<TVector, TOps>(TVector y) where TVector : struct where TOps : struct, IVectorOps<TVector>
        => TOps.WherePositive(y, TOps.Broadcast(1f));
}

/// <summary><c>sigmoid</c>: <c>f(x) = 1 / (1 + e^-x)</c>, computed as <c>1 / (2 + (e^-x - 1))</c>; <c>f' = y · (1 - y)</c>.</summary>
internal readonly struct SigmoidFunction : IActivationFunction
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Apply<TVector, TOps>(TVector x) where TVector : struct where TOps : struct, IVectorOps<TVector>
        => TOps.Divide(TOps.Broadcast(1f), TOps.Add(TOps.Broadcast(2f), VectorMath.ExpM1<TVector, TOps>(TOps.Subtract(TOps.Zero, x))));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Derivative<TVector, TOps>(TVector y) where TVector : struct where TOps : struct, IVectorOps<TVector>
        => TOps.Multiply(y, TOps.Subtract(TOps.Broadcast(1f), y));
}

/// <summary>
/// <c>tanh</c>: with <c>e = e^(-2x) - 1</c>, <c>tanh x = -e / (2 + e)</c>, exact in relative terms near zero where
/// <c>(1 - e^-2x) / (1 + e^-2x)</c> would cancel; <c>x</c> is clamped to ±9, beyond which tanh is ±1 in float.
/// <c>f' = 1 - y²</c>.
/// </summary>
internal readonly struct TanhFunction : IActivationFunction
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Apply<TVector, TOps>(TVector x) where TVector : struct where TOps : struct, IVectorOps<TVector>
    {
        x = TOps.Min(TOps.Max(x, TOps.Broadcast(-9f)), TOps.Broadcast(9f));
        TVector e = VectorMath.ExpM1<TVector, TOps>(TOps.Multiply(x, TOps.Broadcast(-2f)));
        return TOps.Divide(TOps.Subtract(TOps.Zero, e), TOps.Add(TOps.Broadcast(2f), e));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Derivative<TVector, TOps>(TVector y) where TVector : struct where TOps : struct, IVectorOps<TVector>
        => TOps.Subtract(TOps.Broadcast(1f), TOps.Multiply(y, y));
}

/// <summary>
/// Keras 2's <c>hard_sigmoid</c>: <c>f(x) = clip(0.2·x + 0.5, 0, 1)</c>, the product and sum rounded separately as
/// Keras computes them; <c>f' = 0.2</c> where the output is strictly between 0 and 1, else 0.
/// </summary>
internal readonly struct HardSigmoidFunction : IActivationFunction
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Apply<TVector, TOps>(TVector x) where TVector : struct where TOps : struct, IVectorOps<TVector>
        => TOps.Min(TOps.Max(TOps.Add(TOps.Multiply(x, TOps.Broadcast(0.2f)), TOps.Broadcast(0.5f)), TOps.Zero), TOps.Broadcast(1f));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Derivative<TVector, TOps>(TVector y) where TVector : struct where TOps : struct, IVectorOps<TVector>
        => TOps.WherePositive(y, TOps.WherePositive(TOps.Subtract(TOps.Broadcast(1f), y), TOps.Broadcast(0.2f)));
}
