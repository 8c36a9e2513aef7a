namespace Samples.SpokenDigits;

/// <summary>
/// Sequences of different lengths as one batch of a fixed length, as Keras's
/// <c>pad_sequences(sequences, maxlen, dtype="float32", padding="post", truncating="post")</c> makes them: a shorter
/// sequence is followed by frames of zeros, a longer one loses its frames past <c>maxLength</c>.
/// </summary>
public static class PadSequences
{
    /// <summary>
    /// One row per sequence of <c>maxLength * features</c> floats, frame after frame: the input of a model whose input
    /// shape is <c>(maxLength, features)</c>.
    /// </summary>
    /// <remarks>
    /// Zeros after standardisation are the training mean, the most neutral frame there is. The frames kept are the
    /// first ones, since the recordings are trimmed to start where the speech starts.
    /// </remarks>
    public static float[,] Apply(IReadOnlyList<float[][]> sequences, int maxLength, int features)
    {
        float[,] batch = new float[sequences.Count, maxLength * features];
        for (int i = 0; i < sequences.Count; i++)
        {
            float[][] sequence = sequences[i];
            for (int t = 0; t < Math.Min(sequence.Length, maxLength); t++)
            {
                if (sequence[t].Length != features)
                    throw new ArgumentException($"sequence {i}, frame {t} has {sequence[t].Length} features; expected {features}.", nameof(sequences));
                for (int j = 0; j < features; j++) batch[i, t * features + j] = sequence[t][j];
            }
        }
        return batch;
    }
}
