using System.Buffers.Binary;

namespace Compiled.Hdf5;

/// <summary>
/// Checks, before the HDF5 reader sees a file, the two things a damaged model file most often gets wrong and
/// that the reader would report obscurely or not at all: that it is HDF5 (the signature), and that it is whole
/// (the end-of-file address its superblock records, as the HDF5 library itself checks on open).
/// </summary>
internal static class Hdf5Preflight
{
    /// <summary>The eight bytes every HDF5 file's superblock starts with (HDF5 spec, II.A).</summary>
    internal static ReadOnlySpan<byte> Signature => [0x89, (byte)'H', (byte)'D', (byte)'F', (byte)'\r', (byte)'\n', 0x1A, (byte)'\n'];

    public static void Check(string path, ReadOnlySpan<byte> file)
    {
        if (file.IsEmpty) throw new ModelFileException(path, "the file is empty (0 bytes); expected an HDF5 file written by Keras's model.save or Save.");
        // The superblock sits at 0, or after a user block of 512, 1024, 2048, … bytes.
        long at = -1;
        for (long offset = 0; offset + Signature.Length <= file.Length; offset = offset == 0 ? 512 : offset * 2)
        {
            if (file.Slice((int)offset, Signature.Length).SequenceEqual(Signature)) { at = offset; break; }
        }
        if (at < 0)
            throw new ModelFileException(path, $"not an HDF5 file: it does not start with the HDF5 signature (the bytes {PrintableText.Hex(Signature)}), at offset 0 or after a user block, but with the bytes {PrintableText.Hex(file[..Math.Min(file.Length, Signature.Length)])} ({file.Length} bytes read); expected a Keras .h5 file.");

        ReadOnlySpan<byte> superblock = file.Slice((int)at);
        if (superblock.Length < 12) throw Truncated(path, file.Length, "the superblock is cut off");
        int version = superblock[8];
        // Where the offset size and the end-of-file address sit depends on the superblock version (HDF5 spec, II.A).
        (int offsetSizeAt, int baseAt) = version switch
        {
            0 => (13, 24),
            1 => (13, 28),
            2 or 3 => (9, 12),
            _ => throw new ModelFileException(path, $"HDF5 superblock version {version} is not one HDF5 defines; expected 0 to 3. The file is corrupted."),
        };
        int offsetSize = superblock[offsetSizeAt];
        if (offsetSize is not (2 or 4 or 8))
            throw new ModelFileException(path, $"the HDF5 superblock gives {offsetSize}-byte addresses; expected 2, 4 or 8. The file is corrupted.");
        // The base address, then the free-space (versions 0, 1) or extension (2, 3) address, then the end-of-file address.
        int endOfFileAt = baseAt + 2 * offsetSize;
        if (superblock.Length < endOfFileAt + offsetSize) throw Truncated(path, file.Length, "the superblock is cut off");
        ulong baseAddress = ReadAddress(superblock.Slice(baseAt), offsetSize);
        ulong endOfFile = ReadAddress(superblock.Slice(endOfFileAt), offsetSize);
        // Addresses count from the base address (the superblock's own position, unless a tool moved it).
        if (baseAddress > (ulong)file.Length || endOfFile > (ulong)file.Length - baseAddress)
            throw Truncated(path, file.Length, $"its superblock records an end of file at byte {endOfFile} after base address {baseAddress}");
    }

    private static ulong ReadAddress(ReadOnlySpan<byte> bytes, int size) => size switch
    {
        2 => BinaryPrimitives.ReadUInt16LittleEndian(bytes),
        4 => BinaryPrimitives.ReadUInt32LittleEndian(bytes),
        _ => BinaryPrimitives.ReadUInt64LittleEndian(bytes),
    };

    private static ModelFileException Truncated(string path, long length, string why)
        => new(path, $"the file is truncated or corrupted: {why}, but it holds {length}. Expected a complete HDF5 file.");
}
