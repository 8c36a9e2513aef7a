using PureHDF;

namespace Compiled.Hdf5;

/// <summary>
/// Reads attributes and datasets after checking what they declare (type class, element size, shape) against what
/// is expected and against the file's length, so that a corrupted header cannot make the reader allocate
/// gigabytes or return values of the wrong kind.
/// </summary>
internal sealed class Hdf5Values(string path, long fileLength)
{
    // Keras's own limit for one attribute (HDF5's object header limit) is 64 KiB; this bounds a name list well above it.
    private const ulong MaxNames = 1 << 20;

    public ModelFileException Error(string message, Exception? inner = null) => new(path, message, inner);

    /// <summary>A scalar string attribute (variable or fixed length), or null when absent.</summary>
    public string? OptionalString(IH5Object owner, string name, string where)
    {
        if (!owner.AttributeExists(name)) return null;
        IH5Attribute attribute = owner.Attribute(name);
        CheckStringType(attribute.Type, $"{where} attribute '{name}'");
        ulong count = ElementCount(attribute.Space, $"{where} attribute '{name}'");
        if (count != 1) throw Error($"{where} attribute '{name}' holds {count} values; expected one string.");
        CheckFits(attribute.Type, count, $"{where} attribute '{name}'");
        return Clean(attribute.Read<string>());
    }

    /// <summary>
    /// A list of names: Keras's <c>layer_names</c> or <c>weight_names</c>, fixed-length (Keras 2.0-2.4) or variable-length
    /// (2.11) strings, possibly split into <c>name0</c>, <c>name1</c>, … when long; an empty list may be h5py's float64
    /// array of shape (0,). Null when absent.
    /// </summary>
    public string[]? OptionalNames(IH5Object owner, string name, string where)
    {
        if (owner.AttributeExists(name)) return Names(owner.Attribute(name), $"{where} attribute '{name}'");
        if (!owner.AttributeExists(name + "0")) return null;
        List<string> all = [];
        for (int chunk = 0; owner.AttributeExists(name + chunk); chunk++)
            all.AddRange(Names(owner.Attribute(name + chunk), $"{where} attribute '{name}{chunk}'"));
        return all.ToArray();
    }

    private string[] Names(IH5Attribute attribute, string what)
    {
        ulong count = ElementCount(attribute.Space, what);
        if (count == 0) return [];
        CheckStringType(attribute.Type, what);
        if (count > MaxNames) throw Error($"{what} declares {count} names; expected a list of layer or weight names.");
        CheckFits(attribute.Type, count, what);
        return attribute.Space.Rank > 1
            ? throw Error($"{what} has {attribute.Space.Rank} dimensions; expected a list of names.")
            : attribute.Read<string[]>().Select(Clean).ToArray();
    }

    /// <summary>A float32 dataset of exactly <paramref name="shape"/>, checked before anything is read.</summary>
    public float[] Floats(IH5Dataset dataset, IReadOnlyList<int> shape, string what)
    {
        if (dataset.Type.Class != H5DataTypeClass.FloatingPoint || dataset.Type.Size != 4)
            throw Error($"{what} is {Describe(dataset.Type)}; expected float32.");
        ulong[] found = dataset.Space.Type == H5DataspaceType.Scalar ? [] : dataset.Space.Dimensions;
        if (found.Length != shape.Count || found.Where((d, i) => d != (ulong)shape[i]).Any())
            throw Error($"{what} has shape {ModelVariable.ShapeToText(found)}; expected {ModelVariable.ShapeToText(shape)}.");
        ulong count = (ulong)shape.Aggregate(1L, (a, d) => a * d);
        CheckFits(dataset.Type, count, what);
        float[] values = dataset.Read<float[]>();
        return values.Length == (int)count ? values : throw Error($"{what} gave {values.Length} values; expected {count}.");
    }

    /// <summary>A scalar integer dataset, such as an optimizer's iteration count.</summary>
    public long Integer(IH5Dataset dataset, string what)
    {
        if (dataset.Type.Class != H5DataTypeClass.FixedPoint || dataset.Type.Size is not (4 or 8))
            throw Error($"{what} is {Describe(dataset.Type)}; expected a 32- or 64-bit integer.");
        ulong count = ElementCount(dataset.Space, what);
        if (count != 1) throw Error($"{what} holds {count} values; expected one.");
        return dataset.Type.Size == 8 ? dataset.Read<long>() : dataset.Read<int>();
    }

    private ulong ElementCount(IH5Dataspace space, string what)
    {
        if (space.Type == H5DataspaceType.Scalar) return 1;
        if (space.Type == H5DataspaceType.Null) return 0;
        ulong count = 1;
        foreach (ulong d in space.Dimensions)
        {
            if (d != 0 && count > ulong.MaxValue / d) throw Error($"{what} declares an impossible size; expected a size that fits in the file. The file is corrupted.");
            count *= d;
        }
        return count;
    }

    private void CheckStringType(IH5DataType type, string what)
    {
        if (type.Class is not (H5DataTypeClass.String or H5DataTypeClass.VariableLength))
            throw Error($"{what} is {Describe(type)}; expected strings.");
    }

    /// <summary>Refuses sizes the file cannot hold: each value takes at least its stored size (a variable-length string, its 16-byte reference).</summary>
    private void CheckFits(IH5DataType type, ulong count, string what)
    {
        ulong size = Math.Max(1u, (ulong)type.Size);
        if (count > (ulong)fileLength / size)
            throw Error($"{what} declares {count} values of {size} bytes, more than the {fileLength}-byte file can hold; expected sizes within the file. The file is corrupted.");
    }

    private static string Describe(IH5DataType type) => $"HDF5 {type.Class} of {type.Size} bytes";

    /// <summary>Fixed-length strings come back with their NULLPAD padding on some writers; names never contain NUL.</summary>
    private static string Clean(string value) => value.TrimEnd('\0');
}
