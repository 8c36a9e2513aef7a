using Microsoft.CodeAnalysis;

namespace Compiled.Tests.Generator;

/// <summary>The diagnostics tests' one assertion: a source with one marked span gives exactly one error there.</summary>
internal static class SingleError
{
    /// <summary>
    /// Runs the generator on <paramref name="markup"/> (after <c>using Compiled;</c>) and asserts one error diagnostic,
    /// <paramref name="id"/>, whose message contains <paramref name="messagePart"/>, on the span marked <c>[|…|]</c>.
    /// </summary>
    public static GeneratorRun AssertAt(string id, string messagePart, string markup)
    {
        (string source, Microsoft.CodeAnalysis.Text.TextSpan span) = Markup.Parse("using Compiled;\n\n" + markup);
        GeneratorRun run = GeneratorHarness.Run(source);

        Assert.Null(run.Exception);
        Diagnostic diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains(messagePart, diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        return run;
    }
}
