namespace Compiled.Hdf5;

/// <summary>The names and values of Keras 3's native <c>.keras</c> format (<c>keras/src/saving/saving_lib.py</c>) that writer and reader share.</summary>
internal static class KerasArchiveLayout
{
    /// <summary>The extension Keras 3's <c>model.save</c> requires for its native format.</summary>
    public const string Extension = ".keras";

    /// <summary>The Keras release whose layout the files follow (the one that wrote the fixture read in the tests); Keras 3 reads it as information only.</summary>
    public const string KerasVersion = "3.9.2";

    /// <summary>The zip member with <c>keras_version</c> and <c>date_saved</c>.</summary>
    public const string MetadataMember = "metadata.json";

    /// <summary>The zip member with the model's serialized configuration, and <c>compile_config</c> once compiled.</summary>
    public const string ConfigMember = "config.json";

    /// <summary>The zip member with the weights, an HDF5 file in which each object's variables sit in a <c>vars</c> group by position.</summary>
    public const string WeightsMember = "model.weights.h5";

    /// <summary>The group holding the model's layers in <see cref="WeightsMember"/>: <c>layers/dense/vars/0</c>.</summary>
    public const string LayersGroup = "layers";

    /// <summary>The group holding the optimizer's variables in <see cref="WeightsMember"/>: <c>optimizer/vars/0</c>, its iteration count.</summary>
    public const string OptimizerGroup = "optimizer";

    /// <summary>The group an object's own variables sit in, named by position: <c>vars/0</c>, <c>vars/1</c>, …</summary>
    public const string VarsGroup = "vars";

    /// <summary>Whether <paramref name="path"/> names a <c>.keras</c> file, which Keras 3 and this library save in the native format.</summary>
    public static bool IsArchive(string path) => Path.GetExtension(path).Equals(Extension, StringComparison.OrdinalIgnoreCase);
}
