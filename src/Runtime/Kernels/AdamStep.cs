namespace Compiled.Kernels;

/// <summary>
/// tf.keras 2.4's Adam update (TensorFlow's <c>ResourceApplyAdam</c> and, with amsgrad, <c>ResourceApplyAdamWithAmsgrad</c>),
/// with the bias correction folded into the step size by the caller, <c>lr_t = lr · √(1 − β₂ᵗ) / (1 − β₁ᵗ)</c>:
/// <code>
/// m    = m + (1 − β₁) · (g − m)
/// v    = v + (1 − β₂) · (g² − v)
/// vhat = max(vhat, v)                       # amsgrad only
/// p    = p − lr_t · m / (√v + ε)            # √vhat with amsgrad
/// </code>
/// ε is added to the uncorrected √v: Keras's "epsilon hat" of the Adam paper, not its ε.
/// </summary>
internal readonly struct AdamStep : IFusedUpdate
{
    private readonly float _stepSize, _oneMinusBeta1, _oneMinusBeta2, _epsilon;
    private readonly bool _amsgrad;

    /// <summary>The step for one update; <paramref name="stepSize"/> is its bias-corrected learning rate <c>lr_t</c>.</summary>
    public AdamStep(float stepSize, float beta1, float beta2, float epsilon, bool amsgrad)
        => (_stepSize, _oneMinusBeta1, _oneMinusBeta2, _epsilon, _amsgrad) = (stepSize, 1 - beta1, 1 - beta2, epsilon, amsgrad);

    public int Slots => _amsgrad ? 3 : 2;

    public void Update<TVector, TOps>(ref float parameter, ref float gradient, ref float m, ref float v, ref float vhat, nuint at)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
    {
        TVector g = TOps.Load(ref gradient, at);
        TVector mi = MovingAverage.Update<TVector, TOps>(ref m, g, _oneMinusBeta1, at);
        TVector vi = MovingAverage.Update<TVector, TOps>(ref v, TOps.Multiply(g, g), _oneMinusBeta2, at);
        if (_amsgrad)
        {
            vi = TOps.Max(TOps.Load(ref vhat, at), vi);
            TOps.Store(vi, ref vhat, at);
        }
        TVector step = TOps.Divide(TOps.Multiply(TOps.Broadcast(_stepSize), mi), TOps.Add(TOps.Sqrt(vi), TOps.Broadcast(_epsilon)));
        TOps.Store(TOps.Subtract(TOps.Load(ref parameter, at), step), ref parameter, at);
    }
}
