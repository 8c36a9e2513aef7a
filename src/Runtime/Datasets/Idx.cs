using System.Buffers.Binary;
using System.IO.Compression;

namespace Compiled.Datasets;

/// <summary>
/// Reads gzip-compressed IDX files, the format of MNIST's originals: a header of four bytes <c>00 00 08 d</c>
/// (unsigned bytes, <c>d</c> dimensions), then <c>d</c> big-endian 32-bit sizes, then the bytes themselves, row-major.
/// Every way a file can be wrong (not gzip, another magic number, a truncated header or body, bytes after the
/// body) is a <see cref="DatasetException"/> naming the file; nothing else escapes.
/// </summary>
internal static class Idx
{
    /// <summary>The data type code of unsigned bytes, the only type MNIST uses.</summary>
    private const byte UnsignedByte = 0x08;

    /// <summary>Reads the file at <paramref name="path"/>, which must have <paramref name="dimensions"/> dimensions.</summary>
    /// <returns>The sizes from the header, and the data.</returns>
    public static (int[] Shape, byte[] Data) Read(string path, int dimensions)
    {
        try
        {
            using FileStream file = new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
            return ReadCompressed(file, path, dimensions);
        }
        catch (Exception e) when ((e is IOException or UnauthorizedAccessException) && e is not DatasetException)
        {
            throw new DatasetException(path, $"{path} could not be read: {e.Message}", e);
        }
    }

    /// <summary>Reads gzip-compressed IDX bytes from <paramref name="compressed"/>; <paramref name="path"/> names it in errors.</summary>
    public static (int[] Shape, byte[] Data) ReadCompressed(Stream compressed, string path, int dimensions)
    {
        try
        {
            (int[] Shape, byte[] Data) idx;
            using (GZipStream gzip = new(compressed, CompressionMode.Decompress, leaveOpen: true))
                idx = Read(gzip, path, dimensions);
            // GZipStream ends quietly when the file is cut inside its 8-byte trailer (CRC-32 and size), or just before
            // it: the size it records, modulo 2^32, must be what came out.
            if (compressed.CanSeek)
            {
                long expected = (4 + 4L * dimensions + idx.Data.Length) & 0xFFFF_FFFF;
                uint recorded = 0;
                if (compressed.Length >= 18)
                {
                    Span<byte> trailer = stackalloc byte[4];
                    compressed.Seek(-4, SeekOrigin.End);
                    compressed.ReadExactly(trailer);
                    recorded = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
                }
                if (recorded != expected)
                    throw new DatasetException(path, $"{path} is truncated or corrupt: its gzip trailer records {recorded} uncompressed bytes, but it decompresses to {expected}.");
            }
            return idx;
        }
        catch (InvalidDataException e)
        {
            throw new DatasetException(path, $"{path} is not a valid gzip file: {e.Message}", e);
        }
    }

    /// <summary>Reads decompressed IDX bytes from <paramref name="stream"/>; <paramref name="path"/> names it in errors.</summary>
    public static (int[] Shape, byte[] Data) Read(Stream stream, string path, int dimensions)
    {
        Span<byte> header = stackalloc byte[4];
        int got = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        if (got < header.Length)
            throw new DatasetException(path, $"{path} is truncated: it ends after {got} bytes, inside the IDX header's first 4 bytes.");
        if (header[0] != 0 || header[1] != 0 || header[2] != UnsignedByte || header[3] != dimensions)
            throw new DatasetException(path, $"{path} is not an IDX file of unsigned bytes with {dimensions} dimensions: it starts {Hex(header)}, expected 00 00 08 {dimensions:x2}.");

        Span<byte> sizes = stackalloc byte[4 * dimensions];
        got = stream.ReadAtLeast(sizes, sizes.Length, throwOnEndOfStream: false);
        if (got < sizes.Length)
            throw new DatasetException(path, $"{path} is truncated: it ends inside the IDX header, after {4 + got} of its {4 + sizes.Length} bytes.");
        int[] shape = new int[dimensions];
        long length = 1;
        for (int d = 0; d < dimensions; d++)
        {
            uint size = BinaryPrimitives.ReadUInt32BigEndian(sizes[(4 * d)..]);
            length *= size;
            if (size > int.MaxValue || length > Array.MaxLength)
                throw new DatasetException(path, $"{path} has an impossible IDX header: its sizes {Describe(sizes, d + 1)} make more than {Array.MaxLength} bytes.");
            shape[d] = (int)size;
        }

        byte[] data = GC.AllocateUninitializedArray<byte>((int)length);
        got = stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
        if (got < data.Length)
            throw new DatasetException(path, $"{path} is truncated: its IDX header promises {string.Join(" x ", shape)} = {data.Length} bytes of data, but it ends after {got} of them.");
        long extra = 0;
        Span<byte> rest = stackalloc byte[4096];
        for (int n; (n = stream.Read(rest)) > 0;) extra += n;
        if (extra > 0)
            throw new DatasetException(path, $"{path} is corrupt: {extra} bytes follow the {data.Length} bytes of data its IDX header ({string.Join(" x ", shape)}) promises.");
        return (shape, data);
    }

    private static string Hex(ReadOnlySpan<byte> bytes) => string.Join(" ", bytes.ToArray().Select(b => b.ToString("x2")));

    private static string Describe(ReadOnlySpan<byte> sizes, int count)
    {
        var values = new List<uint>();
        for (int d = 0; d < count; d++) values.Add(BinaryPrimitives.ReadUInt32BigEndian(sizes[(4 * d)..]));
        return string.Join(" x ", values);
    }
}
