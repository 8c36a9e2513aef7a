using System.Buffers.Binary;

namespace Compiled.Hdf5;

/// <summary>
/// In-place rewrites of an HDF5 file this library has just written with PureHDF, before it replaces anything
/// (<see cref="AtomicFile"/>): a walk over its object headers, and the version changes that let HDF5 1.8 open it.
/// </summary>
internal static class Hdf5FileRewrite
{
    /// <summary>A version 2 or 3 superblock with 8-byte addresses and lengths (II.A.2): 44 bytes and a checksum.</summary>
    private const int SuperblockSize = 48;
    private const byte DataLayoutMessageType = 0x08;

    /// <summary>
    /// Visits every object header reachable from the root group by hard links, once each, with its path
    /// (<c>/</c>, <c>/model_weights</c>, …), and writes back with a new checksum each one the visitor changed.
    /// </summary>
    public static void ObjectHeaders(Stream hdf5, Func<string, Hdf5ObjectHeader, bool> visit)
    {
        byte[] superblock = ReadSuperblock(hdf5);
        ulong baseAddress = BinaryPrimitives.ReadUInt64LittleEndian(superblock.AsSpan(12));
        ulong root = BinaryPrimitives.ReadUInt64LittleEndian(superblock.AsSpan(36));
        HashSet<ulong> visited = [root];
        Queue<(string Path, ulong Address)> pending = new([("/", root)]);
        while (pending.TryDequeue(out var next))
        {
            Hdf5ObjectHeader header = Hdf5ObjectHeader.Read(hdf5, checked((long)(baseAddress + next.Address)));
            foreach (Hdf5HeaderMessage message in header.Messages)
            {
                if (message.Type != Hdf5ObjectHeader.LinkMessageType) continue;
                (string name, ulong? address) = header.ReadLink(message);
                if (address is ulong child && visited.Add(child)) pending.Enqueue((next.Path == "/" ? "/" + name : next.Path + "/" + name, child));
            }
            if (visit(next.Path, header)) header.WriteBack(hdf5);
        }
    }

    /// <summary>
    /// Lowers the two structures PureHDF writes in versions HDF5 1.10 introduced, so that HDF5 1.8 (h5py 2.7 and
    /// older, MATLAB and Java readers of that era) opens the file: the superblock, version 3 → 2 (they differ
    /// only in version 3's SWMR and file-locking flags, which PureHDF leaves at 0), and every dataset's data layout
    /// message, version 4 → 3 (for compact and contiguous layouts, the only ones Keras files use, the two versions
    /// are encoded alike; version 4 only adds chunk indexes). Everything else PureHDF writes (version 2 object
    /// headers, link, attribute, datatype and fill value messages) is HDF5 1.8's. A chunked dataset, whose version
    /// 4 layout has no version 3 form, leaves the superblock at version 3; the result says whether it was lowered.
    /// </summary>
    public static bool LowerToHdf5_1_8(Stream hdf5)
    {
        bool lowerable = true;
        ObjectHeaders(hdf5, (_, header) =>
        {
            bool changed = false;
            foreach (Hdf5HeaderMessage message in header.Messages)
            {
                if (message.Type != DataLayoutMessageType) continue;
                Span<byte> layout = header.Data(message);
                if (layout.Length < 2) throw Hdf5ObjectHeader.Unexpected($"a data layout message at byte {header.Position} is empty");
                // Layout classes 0 (compact) and 1 (contiguous) are encoded alike in versions 3 and 4 (IV.A.2.i).
                if (layout[0] == 4 && layout[1] is 0 or 1)
                {
                    layout[0] = 3;
                    changed = true;
                }
                else if (layout[0] > 3) lowerable = false;
            }
            return changed;
        });
        if (!lowerable) return false;

        byte[] superblock = ReadSuperblock(hdf5);
        if (superblock[8] == 3)
        {
            if (superblock[11] != 0) throw Hdf5ObjectHeader.Unexpected($"the superblock has file consistency flags {superblock[11]}");
            superblock[8] = 2;
            BinaryPrimitives.WriteUInt32LittleEndian(superblock.AsSpan(SuperblockSize - 4), Hdf5Checksum.Lookup3(superblock.AsSpan(0, SuperblockSize - 4)));
            hdf5.Position = 0;
            hdf5.Write(superblock);
        }
        hdf5.Flush();
        return true;
    }

    private static byte[] ReadSuperblock(Stream hdf5)
    {
        byte[] superblock = new byte[SuperblockSize];
        hdf5.Position = 0;
        hdf5.ReadExactly(superblock);
        if (!superblock.AsSpan(0, 8).SequenceEqual(Hdf5Preflight.Signature))
            throw Hdf5ObjectHeader.Unexpected("the file does not start with a superblock");
        if (superblock[8] is not (2 or 3) || superblock[9] != 8 || superblock[10] != 8)
            throw Hdf5ObjectHeader.Unexpected($"the superblock is version {superblock[8]} with {superblock[9]}-byte addresses; expected version 2 or 3 with 8-byte addresses");
        if (Hdf5Checksum.Lookup3(superblock.AsSpan(0, SuperblockSize - 4)) != BinaryPrimitives.ReadUInt32LittleEndian(superblock.AsSpan(SuperblockSize - 4)))
            throw Hdf5ObjectHeader.Unexpected("the superblock fails its checksum");
        return superblock;
    }
}
