namespace Compiled;

/// <summary>Keras's <c>keras.utils</c> helpers.</summary>
public static class Utils
{
    /// <summary>Keras's <c>to_categorical(y, num_classes)</c>: one one-hot row per label.</summary>
    /// <param name="labels">Class indices.</param>
    /// <param name="numClasses">The number of classes; by default one more than the largest label.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="numClasses"/> is negative, or a label lies outside <c>[0, classes)</c>.</exception>
    public static float[,] ToCategorical(ReadOnlySpan<int> labels, int? numClasses = null)
    {
        if (numClasses < 0)
            throw new ArgumentOutOfRangeException(nameof(numClasses), $"numClasses must not be negative; got {numClasses}. Pass the number of classes, or omit it to use one more than the largest label.");
        int classes = numClasses ?? (labels.IsEmpty ? 0 : Max(labels) + 1);
        float[,] oneHot = new float[labels.Length, classes];
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes)
                throw new ArgumentOutOfRangeException(nameof(labels), $"Label {labels[i]} at index {i} is outside [0, {classes}).");
            oneHot[i, labels[i]] = 1f;
        }
        return oneHot;
    }

    /// <summary>
    /// The numbers <c>0 … count-1</c> in a random order decided by <paramref name="seed"/> alone (Fisher-Yates
    /// over <see cref="SeededRandom"/>), the same on every run and machine: for shuffling and train/test splits.
    /// </summary>
    public static int[] Permutation(int count, ulong seed)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), $"count must not be negative; got {count}.");
        int[] order = new int[count];
        for (int i = 0; i < count; i++) order[i] = i;
        SeededRandom random = new(seed);
        for (int i = count - 1; i > 0; i--)
        {
            int j = random.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    /// <summary>
    /// Joins per-sample arrays side by side, row by row: what a model with several inputs reads (Keras's
    /// <c>fit([x1, x2], ...)</c>) and a model with several outputs is trained against (<c>fit(..., [y1, y2])</c>),
    /// in the model's input or output order.
    /// </summary>
    /// <param name="parts">One array per input or output, each with one row per sample.</param>
    public static float[,] JoinColumns(params float[][,] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Length == 0) throw new ArgumentException("JoinColumns needs at least one array.", nameof(parts));
        for (int p = 0; p < parts.Length; p++)
        {
            if (parts[p] is null) throw new ArgumentNullException(nameof(parts), $"parts[{p}] is null.");
            if (parts[p].GetLength(0) != parts[0].GetLength(0))
                throw new ArgumentException($"Every part needs one row per sample: parts[0] has {parts[0].GetLength(0)} rows, parts[{p}] has {parts[p].GetLength(0)}.", nameof(parts));
        }
        int rows = parts[0].GetLength(0), columns = parts.Sum(p => p.GetLength(1));
        float[,] joined = new float[rows, columns];
        for (int r = 0; r < rows; r++)
        {
            int offset = 0;
            foreach (float[,] part in parts)
            {
                for (int c = 0; c < part.GetLength(1); c++) joined[r, offset + c] = part[r, c];
                offset += part.GetLength(1);
            }
        }
        return joined;
    }

    private static int Max(ReadOnlySpan<int> values)
    {
        int max = int.MinValue;
        foreach (int v in values) max = Math.Max(max, v);
        return max;
    }
}
