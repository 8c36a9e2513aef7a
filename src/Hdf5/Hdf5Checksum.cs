using System.Buffers.Binary;

namespace Compiled.Hdf5;

/// <summary>
/// HDF5's metadata checksum: Bob Jenkins's lookup3 <c>hashlittle</c> with an initial value of 0, as the HDF5 library's
/// <c>H5_checksum_lookup3</c> computes it over a version 2/3 superblock or a version 2 object header. Rewriting any
/// byte of such a structure means writing its checksum again, or every reader refuses it.
/// </summary>
internal static class Hdf5Checksum
{
    public static uint Lookup3(ReadOnlySpan<byte> data)
    {
        uint a, b, c;
        a = b = c = 0xdeadbeef + (uint)data.Length;
        while (data.Length > 12)
        {
            a += BinaryPrimitives.ReadUInt32LittleEndian(data);
            b += BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            c += BinaryPrimitives.ReadUInt32LittleEndian(data[8..]);
            Mix(ref a, ref b, ref c);
            data = data[12..];
        }
        // The last 1 to 12 bytes, zero-extended (lookup3 adds them byte by byte); none left means no final mix.
        if (data.IsEmpty) return c;
        Span<byte> last = stackalloc byte[12];
        last.Clear();
        data.CopyTo(last);
        a += BinaryPrimitives.ReadUInt32LittleEndian(last);
        b += BinaryPrimitives.ReadUInt32LittleEndian(last[4..]);
        c += BinaryPrimitives.ReadUInt32LittleEndian(last[8..]);
        Final(ref a, ref b, ref c);
        return c;
    }

    private static uint Rotate(uint x, int k) => (x << k) | (x >> (32 - k));

    private static void Mix(ref uint a, ref uint b, ref uint c)
    {
        a -= c; a ^= Rotate(c, 4); c += b;
        b -= a; b ^= Rotate(a, 6); a += c;
        c -= b; c ^= Rotate(b, 8); b += a;
        a -= c; a ^= Rotate(c, 16); c += b;
        b -= a; b ^= Rotate(a, 19); a += c;
        c -= b; c ^= Rotate(b, 4); b += a;
    }

    private static void Final(ref uint a, ref uint b, ref uint c)
    {
        c ^= b; c -= Rotate(b, 14);
        a ^= c; a -= Rotate(c, 11);
        b ^= a; b -= Rotate(a, 25);
        c ^= b; c -= Rotate(b, 16);
        a ^= c; a -= Rotate(c, 4);
        b ^= a; b -= Rotate(a, 14);
        c ^= b; c -= Rotate(b, 24);
    }
}
