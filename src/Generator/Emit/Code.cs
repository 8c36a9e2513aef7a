namespace Compiled.Generator.Emit;

/// <summary>The fully qualified names generated code uses, so that no user type can capture them.</summary>
internal static class Code
{
    public const string Kernels = "global::Compiled.Kernels.";
    public const string Span = "global::System.Span<float>";
    public const string ReadOnlySpan = "global::System.ReadOnlySpan<float>";

    /// <summary>A C# string literal of <paramref name="text"/>.</summary>
    public static string Literal(string text) => Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(text, quote: true);
}
