using System.Runtime.Intrinsics;

namespace Compiled.Kernels;

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
