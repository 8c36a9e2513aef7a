using System.Globalization;
using Compiled.Hdf5;
using Samples.Iris;

namespace Compiled.Tests.Hdf5;

/// <summary>
/// A reader error never embeds raw bytes: what a damaged file holds (names, structures' signatures, the HDF5
/// reader's words about them) reaches <see cref="ModelFileException.Message"/> as printable text, bytes as hexadecimal.
/// <see cref="CorruptFileTests"/> checks the same over its mutated and truncated files.
/// </summary>
public class ErrorMessageTests
{
    /// <summary>The first character of <paramref name="message"/> that does not print (as U+XXXX), or null.</summary>
    internal static string? FirstUnprintable(string message)
    {
        for (int i = 0; i < message.Length; i++)
        {
            bool pair = char.IsHighSurrogate(message[i]) && i + 1 < message.Length && char.IsLowSurrogate(message[i + 1]);
            UnicodeCategory category = pair ? CharUnicodeInfo.GetUnicodeCategory(message, i) : CharUnicodeInfo.GetUnicodeCategory(message[i]);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
                return $"U+{(int)message[i]:X4} at {i}";
            if (pair) i++;
        }
        return null;
    }

    [Fact]
    public void A_file_that_is_not_HDF5_is_described_with_its_first_bytes_in_hexadecimal()
    {
        using var directory = new TempDirectory();
        string path = directory.File("not.h5");
        File.WriteAllBytes(path, [0x18, 0, 0, 0, 0x1B, (byte)'[', (byte)'2', (byte)'J', 7, 7]);
        var error = Assert.Throws<ModelFileException>(() => new IrisNet(seed: 1).LoadWeights(path));
        Assert.Contains("not an HDF5 file: it does not start with the HDF5 signature (the bytes 89 48 44 46 0D 0A 1A 0A)", error.Message);
        Assert.Contains("but with the bytes 18 00 00 00 1B 5B 32 4A (10 bytes read)", error.Message);
        Assert.Null(FirstUnprintable(error.Message));
    }

    /// <summary>An object header whose signature is damaged: PureHDF quotes the bytes it found as text; we give them in hexadecimal.</summary>
    [Fact]
    public void A_damaged_structure_signature_is_given_in_hexadecimal()
    {
        using var directory = new TempDirectory();
        string path = directory.File("iris.h5");
        new IrisNet(seed: 1).Save(path);
        byte[] bytes = File.ReadAllBytes(path);
        // The root group's object header, the first one after the superblock.
        int at = bytes.AsSpan().IndexOf("OHDR"u8);
        Assert.True(at > 0);
        bytes[at] = 0x18;
        bytes[at + 1] = bytes[at + 2] = bytes[at + 3] = 0;
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<ModelFileException>(() => Model.Load<IrisNet>(path));
        Assert.Contains("an HDF5 structure does not start with its signature: expected 'OHDR', found the bytes 18 00 00 00", error.Message);
        Assert.Null(FirstUnprintable(error.Message));
    }

    /// <summary>A layer name holding control characters (a terminal escape, a bell) is quoted with them as code points.</summary>
    [Fact]
    public void Names_with_control_characters_are_quoted_as_code_points()
    {
        using var directory = new TempDirectory();
        string path = directory.File("weights.h5");
        PureHDF.H5File file = new();
        file.Attributes["layer_names"] = new[] { "de\u001b[2Jnse\a", "dense_1" };
        file.Write(path);

        var error = Assert.Throws<ModelFileException>(() => new IrisNet(seed: 1).LoadWeights(path));
        Assert.Contains("de<U+001B>[2Jnse<U+0007>", error.Message);
        Assert.Null(FirstUnprintable(error.Message));
    }

    [Theory]
    [InlineData("plain text, é and 😀", "plain text, é and 😀")]
    [InlineData("nul\0 tab\t newline\n del\u007f", "nul<U+0000> tab<U+0009> newline<U+000A> del<U+007F>")]
    [InlineData("right-to-left \u202Eoverride", "right-to-left <U+202E>override")]
    public void Printable_text_keeps_what_prints_and_spells_out_the_rest(string text, string expected)
    {
        Assert.Equal(expected, PrintableText.Of(text));
        Assert.Null(FirstUnprintable(PrintableText.Of(text)));
    }

    [Fact]
    public void A_lone_surrogate_is_spelled_out()
    {
        // Built here: a theory's data would turn the lone surrogate into U+FFFD on its way to the test.
        string text = "lone " + (char)0xD800 + " surrogate " + (char)0xDC00;
        Assert.Equal("lone <U+D800> surrogate <U+DC00>", PrintableText.Of(text));
    }

    [Fact]
    public void The_readers_signature_message_loses_its_bytes()
    {
        string message = "The actual signature '\u0018\0\0\0' does not match the expected signature 'TREE'.";
        Assert.Equal("an HDF5 structure does not start with its signature: expected 'TREE', found the bytes 18 00 00 00", PrintableText.OfReaderMessage(message));
        Assert.Equal("Some <U+0007> error", PrintableText.OfReaderMessage("Some \a error."));
        Assert.Equal("The driver ID [bytes 00 ?? 41 ??] is not supported; the link 'dense' is missing",
            PrintableText.OfReaderMessage("The driver ID '\0\uFFFDA\uFFFD' is not supported; the link 'dense' is missing."));
    }
}
