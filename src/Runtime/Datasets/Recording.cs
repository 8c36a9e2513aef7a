namespace Compiled.Datasets;

/// <summary>
/// One labelled audio recording: its samples as floats in [-1, 1), its sample rate, its class label, who spoke it and
/// which of that speaker's takes it is. For the Free Spoken Digit Dataset (<see cref="FreeSpokenDigits"/>) the label
/// is the digit spoken, 0 to 9, and the recording comes from the file <c>{digit}_{speaker}_{index}.wav</c>.
/// </summary>
/// <example>
/// <code>
/// var (train, test) = FreeSpokenDigits.LoadData();
/// Recording first = train[0];   // 0_george_10.wav: digit 0, george's take 10, 8000 Hz
/// Console.WriteLine($"{first.Name}: digit {first.Label} by {first.Speaker}, {first.Duration.TotalSeconds:0.000} s");
/// </code>
/// </example>
public sealed class Recording
{
    /// <summary>A recording and its label.</summary>
    /// <param name="name">The file it was read from (<c>0_george_0.wav</c>), to find it again.</param>
    /// <param name="samples">The samples, one per tick of <paramref name="sampleRate"/>, scaled to [-1, 1).</param>
    /// <param name="sampleRate">Samples per second (8000 for the Free Spoken Digit Dataset).</param>
    /// <param name="label">The class (for spoken digits, the digit 0 to 9).</param>
    /// <param name="speaker">Who spoke it (<c>george</c>).</param>
    /// <param name="index">Which of the speaker's takes of this label it is (0 to 49 for the Free Spoken Digit Dataset).</param>
    public Recording(string name, float[] samples, int sampleRate, int label, string speaker, int index)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentOutOfRangeException.ThrowIfNegative(label);
        ArgumentNullException.ThrowIfNull(speaker);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        Name = name;
        Samples = samples;
        SampleRate = sampleRate;
        Label = label;
        Speaker = speaker;
        Index = index;
    }

    /// <summary>The file the recording was read from, such as <c>0_george_0.wav</c>.</summary>
    public string Name { get; }

    /// <summary>
    /// The samples, mono, scaled to [-1, 1): a 16-bit PCM value <c>v</c> becomes <c>v / 32768f</c>, as librosa and
    /// soundfile read such files.
    /// </summary>
    public float[] Samples { get; }

    /// <summary>Samples per second, in hertz (8000 for the Free Spoken Digit Dataset).</summary>
    public int SampleRate { get; }

    /// <summary>The class of the recording; for spoken digits, the digit 0 to 9. Keras's <c>y</c>.</summary>
    public int Label { get; }

    /// <summary>Who spoke it, as the file name has it (<c>george</c>, <c>jackson</c>, ...).</summary>
    public string Speaker { get; }

    /// <summary>Which of the speaker's takes of this label it is (0 to 49 for the Free Spoken Digit Dataset).</summary>
    public int Index { get; }

    /// <summary>How long the recording lasts: <c>Samples.Length / SampleRate</c> seconds.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds((double)Samples.Length / SampleRate);

    /// <summary>The file name, label and length, for debugging and logs.</summary>
    public override string ToString() => $"{Name} (label {Label}, {Samples.Length} samples at {SampleRate} Hz)";
}
