namespace Compiled;

/// <summary>Keras's <c>keras.utils</c> helpers.</summary>
public static class Utils
{
    /// <summary>Keras's <c>to_categorical(y, num_classes)</c>: one one-hot row per label.</summary>
    /// <param name="labels">Class indices.</param>
    /// <param name="numClasses">The number of classes; by default one more than the largest label.</param>
    public static float[,] ToCategorical(ReadOnlySpan<int> labels, int? numClasses = null)
    {
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

    private static int Max(ReadOnlySpan<int> values)
    {
        int max = int.MinValue;
        foreach (int v in values) max = Math.Max(max, v);
        return max;
    }
}
