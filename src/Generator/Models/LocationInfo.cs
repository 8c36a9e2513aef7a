using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Compiled.Generator.Models;

/// <summary>
/// Where a diagnostic points, kept as plain values: a <see cref="Location"/> holds its syntax tree, which
/// would defeat the pipeline's caching.
/// </summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

    public static LocationInfo? From(SyntaxNode? node) => node is null ? null : From(node.GetLocation());

    public static LocationInfo From(SyntaxToken token) => From(token.GetLocation());

    private static LocationInfo From(Location location)
        => new(location.SourceTree?.FilePath ?? "", location.SourceSpan, location.GetLineSpan().Span);
}
