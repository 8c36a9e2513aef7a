using System.Text;

namespace Compiled.Generator.Emit;

/// <summary>
/// The name of a model's generated file. Roslyn requires hint names unique without regard to case and made of file-name
/// characters, while C# tells <c>Mlp</c> from <c>MLP</c> and allows <c>@event</c>: so the name drops the <c>@</c> of an
/// escaped keyword, and ends, before <c>.g.cs</c>, with the pattern of its capitals in hexadecimal (one bit per
/// character, set for a capital), which two names that differ only in case never share.
/// </summary>
internal static class HintName
{
    public static string For(string? @namespace, string className)
    {
        string qualified = ((@namespace is null ? "" : @namespace + ".") + className).Replace("@", "");
        return $"{qualified}.{CapitalsPattern(qualified)}.g.cs";
    }

    private static string CapitalsPattern(string name)
    {
        StringBuilder hex = new();
        // Four characters per digit, the first characters in the last digit, leading zero digits left out.
        for (int end = name.Length; end > 0; end -= 4)
        {
            int digit = 0;
            for (int i = System.Math.Max(0, end - 4); i < end; i++)
                digit = (digit << 1) | (char.IsUpper(name[i]) ? 1 : 0);
            hex.Insert(0, "0123456789abcdef"[digit]);
        }
        string pattern = hex.ToString().TrimStart('0');
        return pattern.Length == 0 ? "0" : pattern;
    }
}
