namespace Compiled.Generator.Emit;

/// <summary>The fully qualified names generated code uses, so that no user type can capture them.</summary>
internal static class Code
{
    public const string Kernels = "global::Compiled.Kernels.";
    public const string Span = "global::System.Span<float>";
    public const string ReadOnlySpan = "global::System.ReadOnlySpan<float>";

    /// <summary><paramref name="name"/> as C# source names it: a reserved keyword escaped with <c>@</c> (a class <c>@event</c>).</summary>
    public static string Identifier(string name)
        => Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? "@" + name : name;

    /// <summary>A C# string literal of <paramref name="text"/>.</summary>
    public static string Literal(string text) => Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(text, quote: true);
}
