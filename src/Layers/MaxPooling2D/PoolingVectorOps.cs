using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Compiled.Kernels;

/// <summary>
/// The vector operations the pooling kernels need beyond <see cref="IVectorOps{TVector}"/>: maximum, division and
/// the lane masks that route a max-pooling gradient to the first maximum of each channel. A mask is a vector whose
/// lanes are all bits set (true) or zero (false); the scalar version uses the same bit patterns in a float.
/// </summary>
internal interface IPoolingOps<TVector> where TVector : struct
{
    static abstract int Count { get; }
    static abstract TVector Zero { get; }
    static abstract TVector AllBitsSet { get; }
    static abstract TVector Load(ref float source, nuint offset);
    static abstract void Store(TVector value, ref float destination, nuint offset);
    static abstract TVector Broadcast(float value);
    static abstract TVector Add(TVector left, TVector right);
    static abstract TVector Multiply(TVector left, TVector right);
    static abstract TVector Divide(TVector left, TVector right);
    static abstract TVector Max(TVector left, TVector right);
    /// <summary>A mask of the lanes where <paramref name="left"/> equals <paramref name="right"/>.</summary>
    static abstract TVector EqualsMask(TVector left, TVector right);
    static abstract TVector And(TVector left, TVector right);
    /// <summary><paramref name="left"/> with the bits of <paramref name="right"/> cleared.</summary>
    static abstract TVector AndNot(TVector left, TVector right);
}

internal readonly struct ScalarPoolingOps : IPoolingOps<float>
{
    public static int Count => 1;
    public static float Zero => 0f;
    public static float AllBitsSet => BitConverter.Int32BitsToSingle(-1);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Load(ref float source, nuint offset) => Unsafe.Add(ref source, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float value, ref float destination, nuint offset) => Unsafe.Add(ref destination, offset) = value;
    public static float Broadcast(float value) => value;
    public static float Add(float left, float right) => left + right;
    public static float Multiply(float left, float right) => left * right;
    public static float Divide(float left, float right) => left / right;
    public static float Max(float left, float right) => MathF.Max(left, right);
    public static float EqualsMask(float left, float right) => left == right ? AllBitsSet : 0f;
    public static float And(float left, float right)
        => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(left) & BitConverter.SingleToInt32Bits(right));
    public static float AndNot(float left, float right)
        => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(left) & ~BitConverter.SingleToInt32Bits(right));
}

internal readonly struct Vector256PoolingOps : IPoolingOps<Vector256<float>>
{
    public static int Count => Vector256<float>.Count;
    public static Vector256<float> Zero => Vector256<float>.Zero;
    public static Vector256<float> AllBitsSet => Vector256<float>.AllBitsSet;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(ref float source, nuint offset) => Vector256.LoadUnsafe(ref source, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<float> value, ref float destination, nuint offset) => value.StoreUnsafe(ref destination, offset);
    public static Vector256<float> Broadcast(float value) => Vector256.Create(value);
    public static Vector256<float> Add(Vector256<float> left, Vector256<float> right) => left + right;
    public static Vector256<float> Multiply(Vector256<float> left, Vector256<float> right) => left * right;
    public static Vector256<float> Divide(Vector256<float> left, Vector256<float> right) => left / right;
    public static Vector256<float> Max(Vector256<float> left, Vector256<float> right) => Vector256.Max(left, right);
    public static Vector256<float> EqualsMask(Vector256<float> left, Vector256<float> right) => Vector256.Equals(left, right);
    public static Vector256<float> And(Vector256<float> left, Vector256<float> right) => left & right;
    public static Vector256<float> AndNot(Vector256<float> left, Vector256<float> right) => Vector256.AndNot(left, right);
}

internal readonly struct Vector512PoolingOps : IPoolingOps<Vector512<float>>
{
    public static int Count => Vector512<float>.Count;
    public static Vector512<float> Zero => Vector512<float>.Zero;
    public static Vector512<float> AllBitsSet => Vector512<float>.AllBitsSet;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load(ref float source, nuint offset) => Vector512.LoadUnsafe(ref source, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<float> value, ref float destination, nuint offset) => value.StoreUnsafe(ref destination, offset);
    public static Vector512<float> Broadcast(float value) => Vector512.Create(value);
    public static Vector512<float> Add(Vector512<float> left, Vector512<float> right) => left + right;
    public static Vector512<float> Multiply(Vector512<float> left, Vector512<float> right) => left * right;
    public static Vector512<float> Divide(Vector512<float> left, Vector512<float> right) => left / right;
    public static Vector512<float> Max(Vector512<float> left, Vector512<float> right) => Vector512.Max(left, right);
    public static Vector512<float> EqualsMask(Vector512<float> left, Vector512<float> right) => Vector512.Equals(left, right);
    public static Vector512<float> And(Vector512<float> left, Vector512<float> right) => left & right;
    public static Vector512<float> AndNot(Vector512<float> left, Vector512<float> right) => Vector512.AndNot(left, right);
}

/// <summary>
/// How a row of <c>channels</c> floats is cut for a <see cref="SimdPath"/>: whole Vector512s, then whole Vector256s,
/// then single floats. Kernels that accumulate into their destination cannot let a last vector overlap the one
/// before (it would add twice), so every kernel here uses this exact partition instead.
/// </summary>
internal readonly struct ChannelSplit
{
    public readonly int Vector512End;
    public readonly int Vector256End;

    public ChannelSplit(int channels, SimdPath path)
    {
        Vector512End = path == SimdPath.Vector512 ? channels - channels % Vector512<float>.Count : 0;
        Vector256End = path != SimdPath.Scalar
            ? Vector512End + (channels - Vector512End) - (channels - Vector512End) % Vector256<float>.Count
            : 0;
    }
}
