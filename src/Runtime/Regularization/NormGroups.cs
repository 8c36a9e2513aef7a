namespace Compiled;

/// <summary>
/// Which norm each value of a row-major weight belongs to, for a norm over some of its axes (Keras's
/// <c>reduce_sum(square(w), axis, keepdims=True)</c>): worked out once per weight so that applying a constraint
/// after every update is two passes over the values with no division of indices.
/// </summary>
internal sealed class NormGroups
{
    private NormGroups(int[] group, int count) => (Group, Count) = (group, count);

    /// <summary>For each value, the index of its norm.</summary>
    public int[] Group { get; }

    /// <summary>How many norms there are: the product of the axes not reduced over.</summary>
    public int Count { get; }

    /// <summary>The groups of a weight of <paramref name="shape"/> for a norm over <paramref name="axis"/>.</summary>
    /// <exception cref="ArgumentException">An axis lies outside the shape.</exception>
    public static NormGroups Of(IReadOnlyList<int> shape, IReadOnlyList<int> axis, string constraint)
    {
        int rank = shape.Count;
        bool[] reduced = new bool[rank];
        foreach (int a in axis)
        {
            int normal = a < 0 ? a + rank : a;
            if (normal < 0 || normal >= rank)
                throw new ArgumentException($"{constraint}'s axis {a} is outside a weight of shape ({string.Join(", ", shape)}), which has {rank} axes.", nameof(axis));
            reduced[normal] = true;
        }
        int length = 1;
        foreach (int d in shape) length = checked(length * d);
        // The kept axes' strides in the array of norms; a reduced axis contributes nothing.
        int[] strides = new int[rank];
        int count = 1;
        for (int k = rank - 1; k >= 0; k--)
        {
            if (reduced[k]) continue;
            strides[k] = count;
            count *= shape[k];
        }
        int[] group = new int[length];
        int[] coordinate = new int[rank];
        int current = 0;
        for (int i = 0; i < length; i++)
        {
            group[i] = current;
            // Advance the row-major coordinate, keeping the group index in step.
            for (int k = rank - 1; k >= 0; k--)
            {
                coordinate[k]++;
                current += strides[k];
                if (coordinate[k] < shape[k]) break;
                current -= strides[k] * coordinate[k];
                coordinate[k] = 0;
            }
        }
        return new NormGroups(group, count);
    }
}
