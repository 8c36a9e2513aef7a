using System.Buffers.Binary;
using System.Text;

namespace Compiled.Hdf5;

/// <summary>
/// One version 2 object header (<c>OHDR</c>, HDF5 File Format Specification 3.0, IV.A.1.b) of a file this library
/// has just written with PureHDF, in memory so that messages can be rewritten in place and the header written back
/// with its checksum. Only what PureHDF writes is understood; anything else is reported as an
/// <see cref="InvalidOperationException"/>, since it means PureHDF's output changed, not that a user's file is bad.
/// </summary>
internal sealed class Hdf5ObjectHeader
{
    public const byte LinkMessageType = 0x06;
    public const byte AttributeMessageType = 0x0C;
    public const byte ContinuationMessageType = 0x10;

    private static ReadOnlySpan<byte> Signature => "OHDR"u8;

    private Hdf5ObjectHeader(long position, byte[] bytes, List<Hdf5HeaderMessage> messages)
    {
        Position = position;
        Bytes = bytes;
        Messages = messages;
    }

    /// <summary>Where the header starts in the stream.</summary>
    public long Position { get; }

    /// <summary>The whole header, from its signature to its checksum; messages are rewritten here.</summary>
    public byte[] Bytes { get; }

    /// <summary>The header's messages in order, each located in <see cref="Bytes"/>.</summary>
    public IReadOnlyList<Hdf5HeaderMessage> Messages { get; }

    /// <summary>The data of <paramref name="message"/> in <see cref="Bytes"/>.</summary>
    public Span<byte> Data(Hdf5HeaderMessage message) => Bytes.AsSpan(message.Offset, message.Size);

    public static Hdf5ObjectHeader Read(Stream stream, long position)
    {
        Span<byte> prefix = stackalloc byte[6];
        stream.Position = position;
        stream.ReadExactly(prefix);
        if (!prefix[..4].SequenceEqual(Signature) || prefix[4] != 2)
            throw Unexpected($"the object header at byte {position} is not a version 2 header");
        byte flags = prefix[5];
        bool creationOrder = (flags & 0x04) != 0;
        int prefixLength = 6 + ((flags & 0x20) != 0 ? 16 : 0) + ((flags & 0x10) != 0 ? 4 : 0);
        int sizeLength = 1 << (flags & 0x03);
        byte[] sizeBytes = new byte[8];
        stream.Position = position + prefixLength;
        stream.ReadExactly(sizeBytes, 0, sizeLength);
        ulong chunkSize = BinaryPrimitives.ReadUInt64LittleEndian(sizeBytes);
        prefixLength += sizeLength;
        if (chunkSize > (ulong)(stream.Length - position)) throw Unexpected($"the object header at byte {position} runs past the end of the file");

        byte[] bytes = new byte[prefixLength + (int)chunkSize + 4];
        stream.Position = position;
        stream.ReadExactly(bytes);
        if (Hdf5Checksum.Lookup3(bytes.AsSpan(0, bytes.Length - 4)) != BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4)))
            throw Unexpected($"the object header at byte {position} fails its checksum");

        List<Hdf5HeaderMessage> messages = [];
        int headerLength = creationOrder ? 6 : 4;
        int at = prefixLength, end = prefixLength + (int)chunkSize;
        // Fewer bytes than a message header at the end of the chunk are a gap, not a message (IV.A.1.b).
        while (end - at >= headerLength)
        {
            byte type = bytes[at];
            int size = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at + 1));
            int data = at + headerLength;
            if (size > end - data) throw Unexpected($"a message of the object header at byte {position} runs past the header's end");
            if (type == ContinuationMessageType) throw Unexpected($"the object header at byte {position} continues elsewhere");
            messages.Add(new Hdf5HeaderMessage(type, data, size));
            at = data + size;
        }
        return new Hdf5ObjectHeader(position, bytes, messages);
    }

    /// <summary>Writes the header back where it was read, with the checksum of its current bytes.</summary>
    public void WriteBack(Stream stream)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(Bytes.AsSpan(Bytes.Length - 4), Hdf5Checksum.Lookup3(Bytes.AsSpan(0, Bytes.Length - 4)));
        stream.Position = Position;
        stream.Write(Bytes);
    }

    /// <summary>
    /// A link message's name and, for a hard link, the address of the object it names (null for soft and external
    /// links, which name no object of this file by address).
    /// </summary>
    public (string Name, ulong? Address) ReadLink(Hdf5HeaderMessage message)
    {
        ReadOnlySpan<byte> data = Data(message);
        if (data.Length < 3 || data[0] != 1) throw Unexpected($"a link message at byte {Position} is not version 1");
        byte flags = data[1];
        int at = 2;
        byte linkType = 0;
        if ((flags & 0x08) != 0) linkType = data[at++];
        if ((flags & 0x04) != 0) at += 8;
        if ((flags & 0x10) != 0) at++;
        int lengthSize = 1 << (flags & 0x03);
        ulong nameLength = 0;
        for (int i = 0; i < lengthSize; i++) nameLength |= (ulong)data[at + i] << (8 * i);
        at += lengthSize;
        if (nameLength > (ulong)(data.Length - at)) throw Unexpected($"a link message at byte {Position} has a name longer than the message");
        string name = Encoding.UTF8.GetString(data.Slice(at, (int)nameLength));
        at += (int)nameLength;
        if (linkType != 0) return (name, null);
        if (data.Length - at < 8) throw Unexpected($"the hard link '{name}' at byte {Position} has no 8-byte address");
        return (name, BinaryPrimitives.ReadUInt64LittleEndian(data[at..]));
    }

    public static InvalidOperationException Unexpected(string what)
        => new($"Rewriting the HDF5 file PureHDF wrote (string types, format versions) failed: {what}. This is a bug in Compiled.Hdf5 (PureHDF's output changed); the previous file, if any, was not replaced.");
}

/// <summary>A message of an <see cref="Hdf5ObjectHeader"/>: its type and where its data lies in the header's bytes.</summary>
internal readonly record struct Hdf5HeaderMessage(byte Type, int Offset, int Size);
