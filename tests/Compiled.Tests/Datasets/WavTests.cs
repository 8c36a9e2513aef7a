using System.Buffers.Binary;
using Compiled.Datasets;

namespace Compiled.Tests.Datasets;

/// <summary>The WAV reader on well-formed and damaged files: every damage is a <see cref="DatasetException"/> naming the file and what was expected, never a crash.</summary>
public class WavTests
{
    private const string Name = "/cache/fsdd/recordings/0_test_0.wav";

    /// <summary>A WAV file: the RIFF header, then the chunks given as (id, body).</summary>
    private static byte[] Riff(params (string Id, byte[] Body)[] chunks)
    {
        using MemoryStream stream = new();
        stream.Write("RIFF"u8);
        stream.Write(new byte[4]);
        stream.Write("WAVE"u8);
        foreach ((string id, byte[] body) in chunks)
        {
            stream.Write(System.Text.Encoding.ASCII.GetBytes(id));
            byte[] size = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(size, body.Length);
            stream.Write(size);
            stream.Write(body);
            if (body.Length % 2 == 1) stream.WriteByte(0);
        }
        byte[] bytes = stream.ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), bytes.Length - 8);
        return bytes;
    }

    private static byte[] Format(ushort format = 1, ushort channels = 1, int rate = 8000, ushort bits = 16)
    {
        byte[] fmt = new byte[16];
        ushort blockAlign = (ushort)(channels * bits / 8);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt, format);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(2), channels);
        BinaryPrimitives.WriteInt32LittleEndian(fmt.AsSpan(4), rate);
        BinaryPrimitives.WriteInt32LittleEndian(fmt.AsSpan(8), rate * blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(12), blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(14), bits);
        return fmt;
    }

    private static byte[] Pcm(params short[] samples)
    {
        byte[] data = new byte[2 * samples.Length];
        for (int i = 0; i < samples.Length; i++) BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(2 * i), samples[i]);
        return data;
    }

    private static DatasetException Refused(byte[] bytes) => Assert.Throws<DatasetException>(() => Wav.Read(bytes, Name));

    [Fact]
    public void Pcm16_mono_samples_are_divided_by_32768_into_minus_one_to_one()
    {
        (float[] samples, int rate) = Wav.Read(Riff(("fmt ", Format(rate: 16000)), ("data", Pcm(0, 1, -1, 16384, 32767, -32768))), Name);
        Assert.Equal(16000, rate);
        Assert.Equal([0f, 1 / 32768f, -1 / 32768f, 0.5f, 32767 / 32768f, -1f], samples);
    }

    [Fact]
    public void Other_chunks_are_skipped_with_their_pad_byte()
    {
        (float[] samples, _) = Wav.Read(Riff(("LIST", "INFOabc"u8.ToArray()), ("fmt ", Format()), ("fact", new byte[4]), ("data", Pcm(5, -5))), Name);
        Assert.Equal([5 / 32768f, -5 / 32768f], samples);
    }

    [Fact]
    public void Stereo_8_bit_and_float_files_are_refused_saying_what_they_hold_and_what_was_expected()
    {
        Assert.Equal($"{Name} holds PCM, 2 channel(s), 16 bits per sample (block align 4); expected PCM, 1 channel (mono), 16 bits per sample (block align 2).",
            Refused(Riff(("fmt ", Format(channels: 2)), ("data", Pcm(1, 2)))).Message);
        Assert.Contains("holds PCM, 1 channel(s), 8 bits per sample", Refused(Riff(("fmt ", Format(bits: 8)), ("data", [1, 2]))).Message);
        Assert.Contains("holds IEEE float samples (format 3), 1 channel(s), 32 bits per sample", Refused(Riff(("fmt ", Format(format: 3, bits: 32)), ("data", new byte[8]))).Message);
    }

    [Fact]
    public void A_file_that_is_not_riff_wave_is_refused_without_quoting_its_bytes()
    {
        DatasetException e = Refused("MZ-not-a-wav-file, an executable perhaps"u8.ToArray());
        Assert.Equal($"{Name} is not a WAV file: it does not start with a RIFF/WAVE header ('RIFF', a size, 'WAVE').", e.Message);
        Assert.Equal(Name, e.FilePath);
        Assert.Equal($"{Name} is truncated: it has 5 bytes, fewer than the 12 of a RIFF/WAVE header.", Refused("RIFF\0"u8.ToArray()).Message);
    }

    [Fact]
    public void A_data_chunk_cut_short_is_refused_saying_how_much_it_promised()
    {
        byte[] bytes = Riff(("fmt ", Format()), ("data", Pcm(1, 2, 3, 4)));
        Assert.Equal($"{Name} is truncated: its 'data' chunk at byte 36 promises 8 bytes, but only 5 follow.", Refused(bytes[..^3]).Message);
    }

    [Fact]
    public void Missing_or_misplaced_chunks_and_odd_sample_bytes_are_refused()
    {
        Assert.Contains("has a 'fmt ' chunk but no 'data' chunk", Refused(Riff(("fmt ", Format()))).Message);
        Assert.Contains("has neither a 'fmt ' nor a 'data' chunk", Refused(Riff(("LIST", new byte[4]))).Message);
        Assert.Contains("its data chunk comes before any 'fmt ' chunk", Refused(Riff(("data", Pcm(1)), ("fmt ", Format()))).Message);
        Assert.Contains("its data chunk has 3 bytes, not a whole number of 16-bit samples", Refused(Riff(("fmt ", Format()), ("data", [1, 2, 3]))).Message);
        Assert.Contains("its 'fmt ' chunk has 14 bytes, fewer than the 16", Refused(Riff(("fmt ", Format()[..14]), ("data", Pcm(1)))).Message);
        Assert.Contains("gives a sample rate of 0 Hz", Refused(Riff(("fmt ", Format(rate: 0)), ("data", Pcm(1)))).Message);
        Assert.Contains("its unknown chunk at byte 12 promises", Refused([.. "RIFF\0\0\0\0WAVE"u8, 0xff, 0xfe, 0xfd, 0xfc, 0xff, 0xff, 0xff, 0x7f]).Message);
    }

    [SkippableFact]
    public void Every_truncation_and_many_corruptions_of_a_real_recording_are_refused_cleanly()
    {
        byte[] published = FsddFiles.Bytes("7_jackson_32.wav");
        Assert.Equal(4301, Wav.Read(published, Name).Samples.Length);
        for (int length = 0; length < published.Length; length++)
        {
            DatasetException e = Refused(published[..length]);
            Assert.StartsWith(Name, e.Message);
        }
        // Flipped header bytes: read as some other valid file, or refused with a DatasetException; nothing else may escape.
        SeededRandom random = new(5);
        for (int trial = 0; trial < 2000; trial++)
        {
            byte[] damaged = (byte[])published.Clone();
            damaged[random.NextInt(44)] ^= (byte)(1 + random.NextInt(255));
            try
            {
                Wav.Read(damaged, Name);
            }
            catch (DatasetException e)
            {
                Assert.StartsWith(Name, e.Message);
            }
        }
    }
}
