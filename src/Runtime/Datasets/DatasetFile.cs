namespace Compiled.Datasets;

/// <summary>One published file of a data set: its name, its size in bytes and its SHA-256 (lower-case hex).</summary>
internal sealed record DatasetFile(string Name, long Size, string Sha256);
