using System.Security.Cryptography;
using System.Text;

namespace Compiled.Datasets;

/// <summary>
/// A whole folder of files vouched for by one SHA-256: the text <c>sha256sum</c> prints for the files, one line
/// <c>&lt;sha256&gt;  &lt;name&gt;\n</c> per file in ordinal name order (what <c>LC_ALL=C sha256sum *</c> prints), and
/// the SHA-256 of that text. A data set of thousands of files then pins one constant instead of carrying a hash per
/// file, and anyone can check a folder by hand: <c>cd recordings &amp;&amp; LC_ALL=C sha256sum *.wav | sha256sum</c>.
/// </summary>
internal static class Sha256Manifest
{
    /// <summary>The manifest's text for <paramref name="files"/>, which must be in ordinal name order.</summary>
    public static string Text(IReadOnlyList<(string Name, byte[] Bytes)> files)
    {
        var text = new StringBuilder(files.Count * 90);
        string? previous = null;
        foreach ((string name, byte[] bytes) in files)
        {
            if (previous is not null && string.CompareOrdinal(previous, name) >= 0)
                throw new ArgumentException($"'{previous}' comes before '{name}': the manifest lists files in ordinal name order.", nameof(files));
            previous = name;
            text.Append(Convert.ToHexStringLower(SHA256.HashData(bytes))).Append("  ").Append(name).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>The SHA-256 (lower-case hex) of the manifest of <paramref name="files"/>.</summary>
    public static string Sha256(IReadOnlyList<(string Name, byte[] Bytes)> files) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Text(files))));
}
