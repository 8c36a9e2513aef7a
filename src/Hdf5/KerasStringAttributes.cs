using System.Buffers.Binary;
using System.Text;
using PureHDF;

namespace Compiled.Hdf5;

/// <summary>
/// Gives each string attribute of a Keras file the HDF5 string type tf.keras 2.4 (with h5py 2.10) gives it, which
/// PureHDF 2.2 cannot write: its writer has one string type, variable-length UTF-8 NULLPAD, and fixed-length strings
/// only for every string of a file at once (UTF-8 NULLTERM even then). The types matter to old readers: h5py 2.x
/// returns a variable-length UTF-8 string as <c>str</c>, but a variable-length ASCII or any fixed-length string as
/// <c>bytes</c>, and tf.keras 2.4 calls <c>.decode('utf8')</c> on <c>model_config</c>, <c>training_config</c>,
/// <c>model_weights</c>' <c>keras_version</c> and <c>backend</c>, and every name of <c>layer_names</c> and
/// <c>weight_names</c>, which fails on a <c>str</c>.
/// <para>
/// The writer records here what each attribute must become and writes a placeholder PureHDF can write, of the size
/// the final attribute message takes; <see cref="ApplyTo"/> then rewrites those messages in the written file,
/// in place, before the file replaces anything (see <see cref="AtomicFile"/>):
/// a variable-length string keeps its data (references to the global heap) and gets its character set and
/// padding changed in its datatype; a name list is written as a byte array PureHDF stores inline, 4 bytes shorter
/// than the names because its datatype (a 1-byte integer: 12 bytes) is 4 bytes longer than a fixed-length string's
/// (8 bytes), and is rewritten as the fixed-length strings, so no message changes size and no other byte moves.
/// </para>
/// </summary>
internal sealed class KerasStringAttributes
{
    /// <summary>Keras's <c>HDF5_OBJECT_HEADER_LIMIT</c>: a name list whose data is longer is split into <c>name0</c>, <c>name1</c>, …</summary>
    public const int ObjectHeaderLimit = 64512;

    private const byte Ascii = 0, Utf8 = 1;
    private const byte NullTerm = 0, NullPad = 1;
    private const int FixedStringDatatypeSize = 8;
    private const int ByteDatatypeSize = 12;
    private const int RankOneDataspaceSize = 12;
    private const int PlaceholderSurplus = ByteDatatypeSize - FixedStringDatatypeSize;
    /// <summary>An attribute message v3's fields before its name: version, flags, three sizes, the name's character set.</summary>
    private const int AttributeFieldsSize = 9;

    private abstract record Planned;
    private sealed record VariableText(byte CharacterSet) : Planned;
    private sealed record FixedNames(byte[][] Names, int Length, byte CharacterSet) : Planned;

    private readonly Dictionary<(string Owner, string Name), Planned> _planned = [];

    /// <summary>
    /// A scalar string attribute, variable-length NULLTERM as Keras writes it: UTF-8 when <paramref name="utf8"/>
    /// (h5py 2.x stores a Python 3 <c>str</c> so: the root's <c>keras_version</c> and <c>backend</c>), otherwise ASCII
    /// (Keras encodes to <c>bytes</c> first: configurations and <c>model_weights</c>' version and backend).
    /// </summary>
    /// <param name="owner">The group the attribute belongs to.</param>
    /// <param name="ownerPath">That group's path in the file (<c>/</c>, <c>/model_weights</c>).</param>
    /// <param name="name">The attribute's name.</param>
    /// <param name="value">Its text.</param>
    /// <param name="utf8">Whether Keras writes it as UTF-8.</param>
    public void Text(H5Object owner, string ownerPath, string name, string value, bool utf8)
    {
        owner.Attributes[name] = value;
        // Text that is not ASCII stays UTF-8, so that its type says what its bytes are. Keras's configurations are
        // ASCII whatever the names in them (json.dumps escapes the rest, as System.Text.Json does here), so this
        // only happens to a caller's own text, which an old Keras would then read as str.
        Plan(ownerPath, name, new VariableText(utf8 || !System.Text.Ascii.IsValid(value) ? Utf8 : Ascii));
    }

    /// <summary>
    /// A non-empty list of names (<c>layer_names</c>, <c>weight_names</c>) as Keras writes it: fixed-length ASCII
    /// NULLPAD strings as long as the longest name, split into <c>name0</c>, <c>name1</c>, … as Keras splits a list
    /// longer than <see cref="ObjectHeaderLimit"/> bytes.
    /// </summary>
    /// <param name="owner">The group the attribute belongs to.</param>
    /// <param name="ownerPath">That group's path in the file.</param>
    /// <param name="name">The attribute's name.</param>
    /// <param name="names">The names, at least one.</param>
    public void Names(H5Object owner, string ownerPath, string name, IReadOnlyList<string> names)
    {
        if (names.Count == 0) throw new ArgumentException("An empty name list has no string type; Keras writes it as np.array([]).", nameof(names));
        byte[][] encoded = names.Select(Encoding.UTF8.GetBytes).ToArray();
        // h5py 2.x returns fixed-length strings as bytes whatever their character set, so a list holding a name that
        // is not ASCII stays fixed-length (Keras 2.4 reads it) and says UTF-8, which its bytes are.
        byte characterSet = names.All(n => System.Text.Ascii.IsValid(n)) ? Ascii : Utf8;
        int length = Math.Max(1, encoded.Max(e => e.Length));
        if (length > ObjectHeaderLimit)
            throw new NotSupportedException($"A name of {length} bytes in '{name}' is longer than the {ObjectHeaderLimit} bytes an HDF5 attribute can hold (Keras refuses it too); expected shorter names.");

        // Keras's save_attributes_to_hdf5_group: as few np.array_split chunks as keep each within the limit.
        int chunks = 1;
        while ((long)((encoded.Length + chunks - 1) / chunks) * length > ObjectHeaderLimit) chunks++;
        if (chunks == 1)
        {
            Place(owner, ownerPath, name, encoded, length, characterSet);
            return;
        }
        int start = 0;
        for (int chunk = 0; chunk < chunks; chunk++)
        {
            // np.array_split: the first (count % chunks) chunks hold one name more.
            int count = encoded.Length / chunks + (chunk < encoded.Length % chunks ? 1 : 0);
            Place(owner, ownerPath, name + chunk, encoded[start..(start + count)], length, characterSet);
            start += count;
        }
    }

    private void Place(H5Object owner, string ownerPath, string name, byte[][] names, int length, byte characterSet)
    {
        // The placeholder holds (names × length - 4) bytes; fewer than 4 bytes of names (one name of up to 3
        // characters) are padded to 4, which h5py strips as it strips any NULLPAD padding.
        length = Math.Max(length, (PlaceholderSurplus + names.Length - 1) / names.Length);
        owner.Attributes[name] = new byte[names.Length * length - PlaceholderSurplus];
        Plan(ownerPath, name, new FixedNames(names, length, characterSet));
    }

    private void Plan(string ownerPath, string name, Planned planned)
    {
        if (!_planned.TryAdd((ownerPath, name), planned))
            throw new InvalidOperationException($"The string attribute '{name}' of '{ownerPath}' was planned twice.");
    }

    /// <summary>
    /// Rewrites every planned attribute of the HDF5 file PureHDF has just written to <paramref name="hdf5"/>
    /// (readable, writable, seekable), walking the file from its superblock through every hard link.
    /// </summary>
    public void ApplyTo(Stream hdf5)
    {
        if (_planned.Count == 0) return;
        HashSet<(string, string)> done = [];
        Hdf5FileRewrite.ObjectHeaders(hdf5, (path, header) =>
        {
            bool changed = false;
            foreach (Hdf5HeaderMessage message in header.Messages)
            {
                if (message.Type != Hdf5ObjectHeader.AttributeMessageType) continue;
                Span<byte> data = header.Data(message);
                string name = AttributeName(data, header.Position);
                if (!_planned.TryGetValue((path, name), out Planned? planned)) continue;
                string where = $"attribute '{name}' of '{path}'";
                if (planned is VariableText text) RetypeVariableText(data, text, where);
                else RewriteFixedNames(data, (FixedNames)planned, where);
                done.Add((path, name));
                changed = true;
            }
            return changed;
        });
        foreach ((string owner, string name) in _planned.Keys)
            if (!done.Contains((owner, name))) throw Hdf5ObjectHeader.Unexpected($"the attribute '{name}' of '{owner}' was not found");
        hdf5.Flush();
    }

    /// <summary>The name of a version 3 attribute message (IV.A.2.m).</summary>
    private static string AttributeName(ReadOnlySpan<byte> data, long header)
    {
        if (data.Length < AttributeFieldsSize || data[0] != 3) throw Hdf5ObjectHeader.Unexpected($"an attribute message of the object header at byte {header} is not version 3");
        int nameSize = BinaryPrimitives.ReadUInt16LittleEndian(data[2..]);
        if (nameSize < 1 || AttributeFieldsSize + nameSize > data.Length) throw Hdf5ObjectHeader.Unexpected($"an attribute message of the object header at byte {header} has a name longer than itself");
        return Encoding.UTF8.GetString(data.Slice(AttributeFieldsSize, nameSize - 1));
    }

    /// <summary>
    /// A variable-length string's datatype (class 9, IV.A.2.d): bits 0-3 of its class bit field say string (1),
    /// bits 4-7 the padding, bits 8-11 the character set. Its data, references to the global heap, stays.
    /// </summary>
    private static void RetypeVariableText(Span<byte> data, VariableText planned, string where)
    {
        Span<byte> datatype = data[(AttributeFieldsSize + BinaryPrimitives.ReadUInt16LittleEndian(data[2..]))..];
        if ((datatype[0] & 0x0F) != 9 || (datatype[1] & 0x0F) != 1) throw Hdf5ObjectHeader.Unexpected($"the {where} is not a variable-length string");
        datatype[1] = (byte)(1 | NullTerm << 4);
        datatype[2] = planned.CharacterSet;
    }

    /// <summary>
    /// Replaces the placeholder (a 1-byte integer array, IV.A.2.d class 0, in a rank-1 dataspace) by the names as
    /// fixed-length strings: a class 3 version 1 datatype (bits 0-3 padding, 4-7 character set; size = length), a
    /// rank-1 dataspace of the names' count, and the names, each NUL-padded to the length. Same total size.
    /// </summary>
    private static void RewriteFixedNames(Span<byte> data, FixedNames planned, string where)
    {
        int nameSize = BinaryPrimitives.ReadUInt16LittleEndian(data[2..]);
        int datatypeSize = BinaryPrimitives.ReadUInt16LittleEndian(data[4..]);
        int dataspaceSize = BinaryPrimitives.ReadUInt16LittleEndian(data[6..]);
        int at = AttributeFieldsSize + nameSize;
        int count = planned.Names.Length, bytes = count * planned.Length;
        Span<byte> datatype = data[at..];
        Span<byte> dataspace = data[(at + datatypeSize)..];
        bool placeholder = datatypeSize == ByteDatatypeSize && dataspaceSize == RankOneDataspaceSize
            && (datatype[0] & 0x0F) == 0 && BinaryPrimitives.ReadUInt32LittleEndian(datatype[4..]) == 1
            && dataspace[0] == 2 && dataspace[1] == 1 && (dataspace[2] & 1) == 0
            && BinaryPrimitives.ReadUInt64LittleEndian(dataspace[4..]) == (ulong)(bytes - PlaceholderSurplus)
            && data.Length == at + ByteDatatypeSize + RankOneDataspaceSize + bytes - PlaceholderSurplus;
        if (!placeholder) throw Hdf5ObjectHeader.Unexpected($"the {where} is not the {bytes - PlaceholderSurplus}-byte placeholder written for it");

        BinaryPrimitives.WriteUInt16LittleEndian(data[4..], FixedStringDatatypeSize);
        BinaryPrimitives.WriteUInt16LittleEndian(data[6..], RankOneDataspaceSize);
        Span<byte> rest = data[at..];
        rest.Clear();
        rest[0] = 0x13;   // version 1, class 3 (string)
        rest[1] = (byte)(NullPad | planned.CharacterSet << 4);
        BinaryPrimitives.WriteUInt32LittleEndian(rest[4..], (uint)planned.Length);
        Span<byte> space = rest[FixedStringDatatypeSize..];
        space[0] = 2;     // version 2, rank 1, no maximum dimensions, simple
        space[1] = 1;
        space[3] = 1;
        BinaryPrimitives.WriteUInt64LittleEndian(space[4..], (ulong)count);
        Span<byte> names = rest[(FixedStringDatatypeSize + RankOneDataspaceSize)..];
        for (int i = 0; i < count; i++) planned.Names[i].CopyTo(names[(i * planned.Length)..]);
    }
}
