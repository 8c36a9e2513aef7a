namespace Compiled;

/// <summary>TensorFlow's <c>in_top_k</c>, which Keras's top-k accuracies call.</summary>
internal static class InTopK
{
    /// <summary>
    /// Whether class <paramref name="target"/> is among the <paramref name="k"/> largest of <paramref name="row"/>:
    /// fewer than k classes score strictly higher, so classes tied at the boundary all count as in. False for a
    /// target outside the row and for a row with a value that is not finite, as TensorFlow's kernel decides.
    /// </summary>
    public static bool Contains(ReadOnlySpan<float> row, int target, int k)
    {
        if ((uint)target >= (uint)row.Length) return false;
        float score = row[target];
        if (!float.IsFinite(score)) return false;
        int higher = 0;
        foreach (float value in row)
        {
            if (!float.IsFinite(value)) return false;
            if (value > score) higher++;
        }
        return higher < k;
    }
}
