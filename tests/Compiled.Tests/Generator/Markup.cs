using Microsoft.CodeAnalysis.Text;

namespace Compiled.Tests.Generator;

/// <summary>Source text with one span marked as <c>[|…|]</c>: where a diagnostic must point.</summary>
internal static class Markup
{
    public static (string Source, TextSpan Span) Parse(string markup)
    {
        int start = markup.IndexOf("[|", StringComparison.Ordinal);
        int end = markup.IndexOf("|]", StringComparison.Ordinal);
        if (start < 0 || end < start) throw new ArgumentException("Markup needs one [| … |] span.", nameof(markup));
        string source = markup.Remove(end, 2).Remove(start, 2);
        return (source, TextSpan.FromBounds(start, end - 2));
    }
}
