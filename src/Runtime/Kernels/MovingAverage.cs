namespace Compiled.Kernels;

/// <summary>
/// The exponential moving average TensorFlow's fused optimizer kernels keep in a slot, in their form
/// <c>average + (1 − decay) · (value − average)</c>, which rounds differently from <c>decay · average + (1 − decay) · value</c>.
/// </summary>
internal static class MovingAverage
{
    /// <summary>Moves the average stored at <paramref name="at"/> towards <paramref name="value"/>, stores it and returns it.</summary>
    public static TVector Update<TVector, TOps>(ref float average, TVector value, float oneMinusDecay, nuint at)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
    {
        TVector current = TOps.Load(ref average, at);
        TVector updated = TOps.FusedMultiplyAdd(TOps.Broadcast(oneMinusDecay), TOps.Subtract(value, current), current);
        TOps.Store(updated, ref average, at);
        return updated;
    }
}
