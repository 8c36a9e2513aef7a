namespace Compiled.Generator;

/// <summary>Names of the pipeline's steps, so tests can check each one is cached on unrelated edits.</summary>
internal static class TrackingNames
{
    public const string Parse = nameof(Parse);
    public const string Diagnostics = nameof(Diagnostics);
    public const string Models = nameof(Models);
    public const string Placeholders = nameof(Placeholders);
    public const string KerasFiles = nameof(KerasFiles);
    public const string OrphanLayers = nameof(OrphanLayers);
}
