namespace Compiled.Kernels;

/// <summary>
/// Concatenate's data movement. Row-major, joining on an axis makes every input a run of
/// <c>partWidth</c> values repeated <c>outer</c> times inside runs of <c>wholeWidth</c>; these copy one
/// input into or out of the joined buffer. Splitting a multi-input model's samples is the same copy.
/// </summary>
public static class Concatenation
{
    /// <summary>Copies <paramref name="part"/> into its place in <paramref name="whole"/>.</summary>
    /// <param name="part">One input: <paramref name="outer"/> runs of <paramref name="partWidth"/> values.</param>
    /// <param name="whole">The joined buffer: <paramref name="outer"/> runs of <paramref name="wholeWidth"/> values.</param>
    /// <param name="outer">The product of the axes before the joined one, batch included.</param>
    /// <param name="partWidth">This input's values per run: its size from the joined axis on.</param>
    /// <param name="wholeWidth">The joined buffer's values per run.</param>
    /// <param name="offset">Where this input starts inside each run.</param>
    public static void Write(ReadOnlySpan<float> part, Span<float> whole, int outer, int partWidth, int wholeWidth, int offset)
    {
        Check(part.Length, whole.Length, outer, partWidth, wholeWidth, offset);
        for (int i = 0; i < outer; i++)
            part.Slice(i * partWidth, partWidth).CopyTo(whole.Slice(i * wholeWidth + offset, partWidth));
    }

    /// <summary>Copies one input's place in <paramref name="whole"/> out into <paramref name="part"/>: the inverse of <see cref="Write"/>.</summary>
    public static void Read(ReadOnlySpan<float> whole, Span<float> part, int outer, int partWidth, int wholeWidth, int offset)
    {
        Check(part.Length, whole.Length, outer, partWidth, wholeWidth, offset);
        for (int i = 0; i < outer; i++)
            whole.Slice(i * wholeWidth + offset, partWidth).CopyTo(part.Slice(i * partWidth, partWidth));
    }

    private static void Check(int part, int whole, int outer, int partWidth, int wholeWidth, int offset)
    {
        if (outer < 0 || partWidth < 0 || offset < 0 || offset + partWidth > wholeWidth)
            throw new ArgumentOutOfRangeException(nameof(offset), $"A part of width {partWidth} at offset {offset} does not fit runs of {wholeWidth}.");
        if (part < (long)outer * partWidth || whole < (long)outer * wholeWidth)
            throw new ArgumentException($"{outer} runs need {(long)outer * partWidth} part values and {(long)outer * wholeWidth} joined values; got {part} and {whole}.");
    }
}
