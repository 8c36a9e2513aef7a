namespace Compiled.Generator.Models;

/// <summary>What the project's references let generated code use.</summary>
/// <param name="CanLoadKerasFiles">Whether the Keras HDF5 package (Compiled.Hdf5) is referenced, so that models get a static <c>Load</c>.</param>
/// <remarks>
/// A record rather than a bool: each model is combined with it, and a pair of two classes runs on the compiler's incremental
/// code shared by every generator, where a pair holding a bool has that code compiled anew for it in each fresh compiler process.
/// </remarks>
internal sealed record ProjectReferences(bool CanLoadKerasFiles);
