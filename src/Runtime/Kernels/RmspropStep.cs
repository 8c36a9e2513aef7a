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
        TVector r = TOps.Load(ref rms, at);
        // The fused kernel's form m + (1 − ρ)(x − m) and the Python form ρ·m + (1 − ρ)·x round differently.
        r = _hasMomentum
            ? TOps.FusedMultiplyAdd(TOps.Broadcast(_oneMinusRho), TOps.Subtract(g2, r), r)
            : TOps.FusedMultiplyAdd(TOps.Broadcast(_rho), r, TOps.Multiply(TOps.Broadcast(_oneMinusRho), g2));
        TOps.Store(r, ref rms, at);
        TVector denominator = r;
        if (_centered)
        {
            // mg is the second slot without momentum, the third with it.
            ref float mg = ref _hasMomentum ? ref slot2 : ref slot1;
            TVector mean = TOps.Load(ref mg, at);
            mean = _hasMomentum
                ? TOps.FusedMultiplyAdd(TOps.Broadcast(_oneMinusRho), TOps.Subtract(g, mean), mean)
                : TOps.FusedMultiplyAdd(TOps.Broadcast(_rho), mean, TOps.Multiply(TOps.Broadcast(_oneMinusRho), g));
            TOps.Store(mean, ref mg, at);
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
}
