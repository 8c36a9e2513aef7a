namespace Compiled.Kernels;

/// <summary>
/// tf.keras 2.4's RMSprop update. Its slots are <c>rms</c>, then <c>momentum</c> when momentum is positive, then
/// <c>mg</c> when centered, in that order. With momentum Keras calls TensorFlow's fused <c>ResourceApplyRMSProp</c>
/// (<c>ResourceApplyCenteredRMSProp</c> when centered), which puts ε inside the square root:
/// <code>
/// rms = rms + (1 − ρ) · (g² − rms)
/// mg  = mg + (1 − ρ) · (g − mg)                        # centered
/// mom = μ · mom + lr · g / √(rms − mg² + ε)            # − mg² when centered
/// p   = p − mom
/// </code>
/// without momentum it writes the update itself, with ε outside the square root:
/// <code>
/// rms = ρ · rms + (1 − ρ) · g²
/// mg  = ρ · mg + (1 − ρ) · g                           # centered
/// p   = p − lr · g / (√(rms − mg²) + ε)
/// </code>
/// </summary>
internal readonly struct RmspropStep : IFusedUpdate
{
    private readonly float _learningRate, _rho, _oneMinusRho, _momentum, _epsilon;
    private readonly bool _hasMomentum, _centered;

    /// <summary>The step for one update at the (decayed) <paramref name="learningRate"/>; momentum 0 takes the path without it.</summary>
    public RmspropStep(float learningRate, float rho, float momentum, float epsilon, bool centered)
        => (_learningRate, _rho, _oneMinusRho, _momentum, _epsilon, _hasMomentum, _centered) = (learningRate, rho, 1 - rho, momentum, epsilon, momentum > 0, centered);

    public int Slots => 1 + (_hasMomentum ? 1 : 0) + (_centered ? 1 : 0);

    public void Update<TVector, TOps>(ref float parameter, ref float gradient, ref float rms, ref float slot1, ref float slot2, nuint at)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
    {
        TVector g = TOps.Load(ref gradient, at);
        TVector g2 = TOps.Multiply(g, g);
        TVector r = Average<TVector, TOps>(ref rms, g2, at);
        TVector denominator = r;
        if (_centered)
        {
            // mg is the second slot without momentum, the third with it.
            TVector mean = Average<TVector, TOps>(ref _hasMomentum ? ref slot2 : ref slot1, g, at);
            denominator = TOps.Subtract(r, TOps.Multiply(mean, mean));
        }
        TVector p = TOps.Load(ref parameter, at);
        TVector lrG = TOps.Multiply(TOps.Broadcast(_learningRate), g);
        if (_hasMomentum)
        {
            TVector mom = TOps.FusedMultiplyAdd(TOps.Broadcast(_momentum), TOps.Load(ref slot1, at),
                TOps.Divide(lrG, TOps.Sqrt(TOps.Add(denominator, TOps.Broadcast(_epsilon)))));
            TOps.Store(mom, ref slot1, at);
            TOps.Store(TOps.Subtract(p, mom), ref parameter, at);
        }
        else
        {
            TOps.Store(TOps.Subtract(p, TOps.Divide(lrG, TOps.Add(TOps.Sqrt(denominator), TOps.Broadcast(_epsilon)))), ref parameter, at);
        }
    }

    /// <summary>
    /// A running mean as each of Keras's two paths writes it: the fused kernel's <c>m + (1 − ρ)(x − m)</c> with
    /// momentum, the Python <c>ρ·m + (1 − ρ)·x</c> without; they round differently.
    /// </summary>
    private TVector Average<TVector, TOps>(ref float slot, TVector value, nuint at)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
    {
        if (_hasMomentum) return MovingAverage.Update<TVector, TOps>(ref slot, value, _oneMinusRho, at);
        TVector updated = TOps.FusedMultiplyAdd(TOps.Broadcast(_rho), TOps.Load(ref slot, at), TOps.Multiply(TOps.Broadcast(_oneMinusRho), value));
        TOps.Store(updated, ref slot, at);
        return updated;
    }
}
