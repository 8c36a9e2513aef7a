namespace Compiled;

/// <summary>
/// Keras's <c>_maybe_convert_labels</c> for the hinge losses: when every target passed to the loss is 0 or 1, they are
/// binary labels and become -1 and 1 (<c>2 · y - 1</c>); otherwise they are used as they are.
/// </summary>
internal static class HingeLabels
{
    /// <summary>Whether every target is 0 or 1.</summary>
    public static bool AreBinary(ReadOnlySpan<float> targets)
    {
        foreach (float t in targets)
            if (t is not (0f or 1f)) return false;
        return true;
    }

    /// <summary>The target as a -1/1 label.</summary>
    public static float Signed(float target, bool binary) => binary ? 2 * target - 1 : target;
}
