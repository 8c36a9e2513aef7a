using System.Buffers.Binary;

namespace Compiled.Datasets;

/// <summary>
/// Reads RIFF/WAVE files of 16-bit PCM mono, the format of the Free Spoken Digit Dataset's recordings: the bytes
/// <c>RIFF</c>, a little-endian size, <c>WAVE</c>, then chunks of a four-letter id, a little-endian size and that
/// many bytes (plus one pad byte when odd). The <c>fmt </c> chunk must say PCM (format 1), one channel, 16 bits per
/// sample; the <c>data</c> chunk holds the samples; other chunks (<c>LIST</c>, <c>fact</c>, ...) are skipped.
/// Every way a file can be wrong is a <see cref="DatasetException"/> naming the file and what was expected; nothing
/// else escapes, and no message quotes the file's raw bytes.
/// </summary>
internal static class Wav
{
    /// <summary>The format tag of integer PCM in the <c>fmt </c> chunk.</summary>
    private const ushort Pcm = 1;

    /// <summary>
    /// Reads the samples of the WAV file held in <paramref name="bytes"/>; <paramref name="path"/> names it in errors.
    /// </summary>
    /// <returns>
    /// The samples scaled from 16-bit integers to [-1, 1) (<c>sample / 32768</c>, as librosa and soundfile read
    /// PCM16), and the sample rate in hertz.
    /// </returns>
    public static (float[] Samples, int SampleRate) Read(ReadOnlySpan<byte> bytes, string path)
    {
        if (bytes.Length < 12)
            throw new DatasetException(path, $"{path} is truncated: it has {bytes.Length} bytes, fewer than the 12 of a RIFF/WAVE header.");
        if (!bytes[..4].SequenceEqual("RIFF"u8) || !bytes[8..12].SequenceEqual("WAVE"u8))
            throw new DatasetException(path, $"{path} is not a WAV file: it does not start with a RIFF/WAVE header ('RIFF', a size, 'WAVE').");

        // The RIFF size is not trusted to bound the chunks: some writers leave it wrong. Chunks are read up to the
        // end of the bytes, and each chunk must fit inside them.
        int? sampleRate = null;
        int position = 12;
        while (bytes.Length - position >= 8)
        {
            ReadOnlySpan<byte> id = bytes.Slice(position, 4);
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(position + 4)..]);
            int body = position + 8;
            if (size > (uint)(bytes.Length - body))
            {
                throw new DatasetException(path,
                    $"{path} is truncated: its {Describe(id)} chunk at byte {position} promises {size} bytes, but only {bytes.Length - body} follow.");
            }
            ReadOnlySpan<byte> chunk = bytes.Slice(body, (int)size);
            if (id.SequenceEqual("fmt "u8))
            {
                sampleRate = ReadFormat(chunk, path);
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (sampleRate is not { } rate)
                    throw new DatasetException(path, $"{path} is not a valid WAV file: its data chunk comes before any 'fmt ' chunk, so the samples' format is unknown.");
                if (chunk.Length % 2 != 0)
                    throw new DatasetException(path, $"{path} is corrupt: its data chunk has {chunk.Length} bytes, not a whole number of 16-bit samples.");
                float[] samples = new float[chunk.Length / 2];
                for (int i = 0; i < samples.Length; i++)
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(chunk[(2 * i)..]) / 32768f;
                return (samples, rate);
            }
            // Chunks are padded to an even length; the pad byte may be missing after a last chunk.
            position = body + (int)size + (int)(size & 1);
        }
        throw new DatasetException(path, sampleRate is null
            ? $"{path} is not a valid WAV file: it has neither a 'fmt ' nor a 'data' chunk."
            : $"{path} is truncated: it has a 'fmt ' chunk but no 'data' chunk with the samples.");
    }

    /// <summary>Checks a <c>fmt </c> chunk for 16-bit PCM mono; returns its sample rate.</summary>
    private static int ReadFormat(ReadOnlySpan<byte> chunk, string path)
    {
        if (chunk.Length < 16)
            throw new DatasetException(path, $"{path} is corrupt: its 'fmt ' chunk has {chunk.Length} bytes, fewer than the 16 that describe PCM samples.");
        ushort format = BinaryPrimitives.ReadUInt16LittleEndian(chunk);
        ushort channels = BinaryPrimitives.ReadUInt16LittleEndian(chunk[2..]);
        uint sampleRate = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
        ushort blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(chunk[12..]);
        ushort bitsPerSample = BinaryPrimitives.ReadUInt16LittleEndian(chunk[14..]);
        if (format != Pcm || channels != 1 || bitsPerSample != 16 || blockAlign != 2)
        {
            throw new DatasetException(path,
                $"{path} holds {FormatName(format)}, {channels} channel(s), {bitsPerSample} bits per sample (block align {blockAlign}); " +
                "expected PCM, 1 channel (mono), 16 bits per sample (block align 2).");
        }
        if (sampleRate is 0 or > int.MaxValue)
            throw new DatasetException(path, $"{path} is corrupt: its 'fmt ' chunk gives a sample rate of {sampleRate} Hz.");
        return (int)sampleRate;
    }

    private static string FormatName(ushort format) => format switch
    {
        1 => "PCM",
        3 => "IEEE float samples (format 3)",
        6 => "A-law samples (format 6)",
        7 => "mu-law samples (format 7)",
        0xFFFE => "WAVE_FORMAT_EXTENSIBLE samples (format 0xFFFE)",
        _ => $"samples of format {format}",
    };

    /// <summary>The name of a chunk id the format defines; any other id is not quoted, since it is the file's raw bytes.</summary>
    private static string Describe(ReadOnlySpan<byte> id) =>
        id.SequenceEqual("fmt "u8) ? "'fmt '"
        : id.SequenceEqual("data"u8) ? "'data'"
        : id.SequenceEqual("LIST"u8) ? "'LIST'"
        : id.SequenceEqual("fact"u8) ? "'fact'"
        : "unknown";
}
