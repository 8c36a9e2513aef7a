using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Compiled.Kernels;

/// <summary>
/// The few vector operations the hand-written kernels need, as static members of a struct, so one
/// generic kernel body is specialised by the JIT into a scalar, a Vector256 and a Vector512 version
/// with no dispatch left at run time (the same trick as TensorPrimitives' operator structs).
/// </summary>
internal interface IVectorOps<TVector> where TVector : struct
{
    static abstract int Count { get; }
    static abstract TVector Zero { get; }
    static abstract TVector Load(ref float source, nuint offset);
    static abstract void Store(TVector value, ref float destination, nuint offset);
    static abstract TVector Broadcast(float value);
    static abstract TVector MultiplyAdd(TVector left, TVector right, TVector addend);
    /// <summary><c>left · right + addend</c> rounded once on every path, the scalar one included (unlike <see cref="MultiplyAdd"/>, whose scalar form rounds twice).</summary>
    static abstract TVector FusedMultiplyAdd(TVector left, TVector right, TVector addend);
    static abstract TVector Multiply(TVector left, TVector right);
    static abstract TVector Add(TVector left, TVector right);
    static abstract TVector Subtract(TVector left, TVector right);
    /// <summary><paramref name="value"/> where <paramref name="condition"/> is positive, zero elsewhere.</summary>
    static abstract TVector WherePositive(TVector condition, TVector value);
    static abstract float Sum(TVector value);
    static abstract TVector Divide(TVector left, TVector right);
    static abstract TVector Max(TVector left, TVector right);
    /// <summary>A vector with every bit set: the "true" lane of the masks below.</summary>
    static abstract TVector AllBitsSet { get; }
    /// <summary>A mask of the lanes where <paramref name="left"/> equals <paramref name="right"/> (all bits set, or zero).</summary>
    static abstract TVector EqualsMask(TVector left, TVector right);
    static abstract TVector And(TVector left, TVector right);
    /// <summary><paramref name="left"/> with the bits of <paramref name="right"/> cleared.</summary>
    static abstract TVector AndNot(TVector left, TVector right);
    static abstract TVector Min(TVector left, TVector right);
    /// <summary><c>2^n</c> for lanes holding whole numbers <c>n</c> from -126 to 127 (built from the exponent bits, so exact).</summary>
    static abstract TVector PowerOfTwo(TVector n);
    /// <summary>The square root of each lane, correctly rounded on every path (IEEE 754 requires it of each).</summary>
    static abstract TVector Sqrt(TVector value);
}

/// <summary>One float at a time: the fallback every CPU runs, and the tail of the vector paths.</summary>
internal readonly struct ScalarOps : IVectorOps<float>
{
    public static int Count => 1;
    public static float Zero => 0f;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Load(ref float source, nuint offset) => Unsafe.Add(ref source, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float value, ref float destination, nuint offset) => Unsafe.Add(ref destination, offset) = value;
    public static float Broadcast(float value) => value;
    public static float MultiplyAdd(float left, float right, float addend) => left * right + addend;
    public static float FusedMultiplyAdd(float left, float right, float addend) => MathF.FusedMultiplyAdd(left, right, addend);
    public static float Multiply(float left, float right) => left * right;
    public static float Add(float left, float right) => left + right;
    public static float Subtract(float left, float right) => left - right;
    public static float WherePositive(float condition, float value) => condition > 0f ? value : 0f;
    public static float Sum(float value) => value;
    public static float Divide(float left, float right) => left / right;
    public static float Max(float left, float right) => MathF.Max(left, right);
    // The scalar masks use the vector lanes' bit patterns in a float.
    public static float AllBitsSet => BitConverter.Int32BitsToSingle(-1);
    public static float EqualsMask(float left, float right) => left == right ? AllBitsSet : 0f;
    public static float And(float left, float right)
        => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(left) & BitConverter.SingleToInt32Bits(right));
    public static float AndNot(float left, float right)
        => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(left) & ~BitConverter.SingleToInt32Bits(right));
    public static float Min(float left, float right) => MathF.Min(left, right);
    public static float PowerOfTwo(float n) => BitConverter.Int32BitsToSingle(((int)n + 127) << 23);
    public static float Sqrt(float value) => MathF.Sqrt(value);
}

internal readonly struct Vector256Ops : IVectorOps<Vector256<float>>
{
    public static int Count => Vector256<float>.Count;
    public static Vector256<float> Zero => Vector256<float>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(ref float source, nuint offset) => Vector256.LoadUnsafe(ref source, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<float> value, ref float destination, nuint offset) => value.StoreUnsafe(ref destination, offset);
    public static Vector256<float> Broadcast(float value) => Vector256.Create(value);
    public static Vector256<float> MultiplyAdd(Vector256<float> left, Vector256<float> right, Vector256<float> addend)
        => Vector256.FusedMultiplyAdd(left, right, addend);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> FusedMultiplyAdd(Vector256<float> left, Vector256<float> right, Vector256<float> addend)
        => Vector256.FusedMultiplyAdd(left, right, addend);
    public static Vector256<float> Multiply(Vector256<float> left, Vector256<float> right) => left * right;
    public static Vector256<float> Add(Vector256<float> left, Vector256<float> right) => left + right;
    public static Vector256<float> Subtract(Vector256<float> left, Vector256<float> right) => left - right;
    public static Vector256<float> WherePositive(Vector256<float> condition, Vector256<float> value)
        => Vector256.ConditionalSelect(Vector256.GreaterThan(condition, Vector256<float>.Zero), value, Vector256<float>.Zero);
    public static float Sum(Vector256<float> value) => Vector256.Sum(value);
    public static Vector256<float> Divide(Vector256<float> left, Vector256<float> right) => left / right;
    public static Vector256<float> Max(Vector256<float> left, Vector256<float> right) => Vector256.Max(left, right);
    public static Vector256<float> AllBitsSet => Vector256<float>.AllBitsSet;
    public static Vector256<float> EqualsMask(Vector256<float> left, Vector256<float> right) => Vector256.Equals(left, right);
    public static Vector256<float> And(Vector256<float> left, Vector256<float> right) => left & right;
    public static Vector256<float> AndNot(Vector256<float> left, Vector256<float> right) => Vector256.AndNot(left, right);
    public static Vector256<float> Min(Vector256<float> left, Vector256<float> right) => Vector256.Min(left, right);
    public static Vector256<float> PowerOfTwo(Vector256<float> n)
        => Vector256.ShiftLeft(Vector256.ConvertToInt32(n) + Vector256.Create(127), 23).AsSingle();
    public static Vector256<float> Sqrt(Vector256<float> value) => Vector256.Sqrt(value);
}

internal readonly struct Vector512Ops : IVectorOps<Vector512<float>>
{
    public static int Count => Vector512<float>.Count;
    public static Vector512<float> Zero => Vector512<float>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load(ref float source, nuint offset) => Vector512.LoadUnsafe(ref source, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<float> value, ref float destination, nuint offset) => value.StoreUnsafe(ref destination, offset);
    public static Vector512<float> Broadcast(float value) => Vector512.Create(value);
    public static Vector512<float> MultiplyAdd(Vector512<float> left, Vector512<float> right, Vector512<float> addend)
        => Vector512.FusedMultiplyAdd(left, right, addend);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> FusedMultiplyAdd(Vector512<float> left, Vector512<float> right, Vector512<float> addend)
        => Vector512.FusedMultiplyAdd(left, right, addend);
    public static Vector512<float> Multiply(Vector512<float> left, Vector512<float> right) => left * right;
    public static Vector512<float> Add(Vector512<float> left, Vector512<float> right) => left + right;
    public static Vector512<float> Subtract(Vector512<float> left, Vector512<float> right) => left - right;
    public static Vector512<float> WherePositive(Vector512<float> condition, Vector512<float> value)
        => Vector512.ConditionalSelect(Vector512.GreaterThan(condition, Vector512<float>.Zero), value, Vector512<float>.Zero);
    public static float Sum(Vector512<float> value) => Vector512.Sum(value);
    public static Vector512<float> Divide(Vector512<float> left, Vector512<float> right) => left / right;
    public static Vector512<float> Max(Vector512<float> left, Vector512<float> right) => Vector512.Max(left, right);
    public static Vector512<float> AllBitsSet => Vector512<float>.AllBitsSet;
    public static Vector512<float> EqualsMask(Vector512<float> left, Vector512<float> right) => Vector512.Equals(left, right);
    public static Vector512<float> And(Vector512<float> left, Vector512<float> right) => left & right;
    public static Vector512<float> AndNot(Vector512<float> left, Vector512<float> right) => Vector512.AndNot(left, right);
    public static Vector512<float> Min(Vector512<float> left, Vector512<float> right) => Vector512.Min(left, right);
    public static Vector512<float> PowerOfTwo(Vector512<float> n)
        => Vector512.ShiftLeft(Vector512.ConvertToInt32(n) + Vector512.Create(127), 23).AsSingle();
    public static Vector512<float> Sqrt(Vector512<float> value) => Vector512.Sqrt(value);
}
