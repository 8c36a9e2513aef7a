using PureHDF;

namespace Compiled.Hdf5;

/// <summary>
/// A Keras HDF5 file ready to write: PureHDF's tree, and the string types its attributes must be given once PureHDF
/// has written it (<see cref="KerasStringAttributes"/>); the file is then lowered to the versions HDF5 1.8 reads
/// (<see cref="Hdf5FileRewrite.LowerToHdf5_1_8"/>).
/// </summary>
internal sealed record KerasHdf5Document(H5File File, KerasStringAttributes Strings)
{
    /// <summary>Writes the file to <paramref name="stream"/> (readable, writable, seekable), string types included.</summary>
    public void Write(Stream stream)
    {
        File.Write(stream);
        Strings.ApplyTo(stream);
        Hdf5FileRewrite.LowerToHdf5_1_8(stream);
    }
}
