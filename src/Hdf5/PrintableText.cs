using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Compiled.Hdf5;

/// <summary>
/// Keeps what a damaged file holds from reaching an error message as raw bytes: names, configurations and the
/// HDF5 reader's own messages can carry control characters (a NUL, an escape sequence a terminal would run, a
/// right-to-left override) once a file is corrupted. Such characters are shown as their code point, <c>&lt;U+0007&gt;</c>,
/// and bytes as hexadecimal.
/// </summary>
internal static partial class PrintableText
{
    /// <summary><paramref name="text"/> with every character that does not print replaced by <c>&lt;U+XXXX&gt;</c>.</summary>
    public static string Of(string text)
    {
        StringBuilder? result = null;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            int width = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            bool printable = width == 2
                ? Prints(CharUnicodeInfo.GetUnicodeCategory(text, i))
                : !char.IsSurrogate(c) && Prints(CharUnicodeInfo.GetUnicodeCategory(c));
            if (!printable)
            {
                result ??= new StringBuilder(text, 0, i, text.Length + 16);
                int code = width == 2 ? char.ConvertToUtf32(c, text[i + 1]) : c;
                result.Append(CultureInfo.InvariantCulture, $"<U+{code:X4}>");
            }
            else result?.Append(text, i, width);
            i += width - 1;
        }
        return result?.ToString() ?? text;
    }

    /// <summary>Bytes as space-separated hexadecimal pairs: <c>18 00 00 00</c>.</summary>
    public static string Hex(ReadOnlySpan<byte> bytes) => string.Join(' ', bytes.ToArray().Select(b => b.ToString("X2", CultureInfo.InvariantCulture)));

    /// <summary>
    /// The HDF5 reader's message about a damaged file, without the bytes it may quote: PureHDF reports a structure
    /// whose signature is wrong by quoting the four bytes it found as text (<c>'\x18\0\0\0'</c>); those are given
    /// as hexadecimal instead. Any other message is made printable.
    /// </summary>
    public static string OfReaderMessage(string message)
    {
        Match signature = SignatureMismatch().Match(message);
        if (signature.Success)
        {
            // PureHDF decodes the bytes as ASCII (any byte above 0x7F became '?'), so the characters are the bytes.
            string found = Hex(signature.Groups["actual"].Value.Select(c => (byte)Math.Min((int)c, 0xFF)).ToArray());
            return $"an HDF5 structure does not start with its signature: expected '{Of(signature.Groups["expected"].Value)}', found the bytes {found}";
        }
        // Other quotations of what the reader found (a driver ID, a name) that are not text become their bytes, as
        // far as they survive: PureHDF decoded them, and a byte that was not UTF-8 became U+FFFD, shown as ??.
        return Of(Quotation().Replace(message.TrimEnd('.'), quote => quote.Groups[1].Value.Any(c => c == '\uFFFD' || !Prints(CharUnicodeInfo.GetUnicodeCategory(c)))
            ? $"[bytes {string.Join(' ', quote.Groups[1].Value.Select(c => c == '\uFFFD' ? "??" : c <= 0xFF ? ((int)c).ToString("X2", CultureInfo.InvariantCulture) : $"U+{(int)c:X4}"))}]"
            : quote.Value));
    }

    private static bool Prints(UnicodeCategory category) => category is not (UnicodeCategory.Control or UnicodeCategory.Format
        or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
        or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator);

    [GeneratedRegex("^The actual signature '(?<actual>.*)' does not match the expected signature '(?<expected>.*)'\\.?$", RegexOptions.Singleline)]
    private static partial Regex SignatureMismatch();

    [GeneratedRegex("'([^']*)'", RegexOptions.Singleline)]
    private static partial Regex Quotation();
}
