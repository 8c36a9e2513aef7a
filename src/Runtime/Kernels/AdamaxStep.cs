namespace Compiled.Kernels;

/// <summary>
/// tf.keras 2.4's Adamax update (TensorFlow's <c>ResourceApplyAdaMax</c>), the bias correction folded into the
/// step size by the caller, <c>lr_t = lr / (1 − β₁ᵗ)</c>:
/// <code>
/// m = m + (1 − β₁) · (g − m)
/// v = max(β₂ · v, |g|)
/// p = p − lr_t · m / (v + ε)
/// </code>
/// </summary>
internal readonly struct AdamaxStep : IFusedUpdate
{
    private readonly float _stepSize, _oneMinusBeta1, _beta2, _epsilon;

    /// <summary>The step for one update; <paramref name="stepSize"/> is its bias-corrected learning rate <c>lr_t</c>.</summary>
    public AdamaxStep(float stepSize, float beta1, float beta2, float epsilon)
        => (_stepSize, _oneMinusBeta1, _beta2, _epsilon) = (stepSize, 1 - beta1, beta2, epsilon);

    public int Slots => 2;

    public void Update<TVector, TOps>(ref float parameter, ref float gradient, ref float m, ref float v, ref float unused, nuint at)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
    {
        TVector g = TOps.Load(ref gradient, at);
        TVector mi = MovingAverage.Update<TVector, TOps>(ref m, g, _oneMinusBeta1, at);
        // |g| as max(g, −g): the ops have no absolute value, and the two agree for every float but NaN's sign.
        TVector vi = TOps.Max(TOps.Multiply(TOps.Broadcast(_beta2), TOps.Load(ref v, at)), TOps.Max(g, TOps.Subtract(TOps.Zero, g)));
        TOps.Store(vi, ref v, at);
        TVector step = TOps.Divide(TOps.Multiply(TOps.Broadcast(_stepSize), mi), TOps.Add(vi, TOps.Broadcast(_epsilon)));
        TOps.Store(TOps.Subtract(TOps.Load(ref parameter, at), step), ref parameter, at);
    }
}
