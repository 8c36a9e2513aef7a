namespace Compiled.Kernels;

/// <summary>
/// tf.keras 2.4's Nadam update, which Keras writes out itself (no fused TensorFlow kernel). With the momentum
/// schedule μₜ, its running product <c>Πₜ = μ₁·…·μₜ</c> and the caller's coefficients
/// <c>a = (1 − μₜ) / (1 − Πₜ)</c>, <c>b = μₜ₊₁ / (1 − Πₜ·μₜ₊₁)</c>, <c>c = 1 / (1 − β₂ᵗ)</c>:
/// <code>
/// m     = β₁ · m + (1 − β₁) · g
/// v     = β₂ · v + (1 − β₂) · g²
/// m_bar = a · g + b · m
/// p     = p − lr · m_bar / (√(c · v) + ε)
/// </code>
/// </summary>
internal readonly struct NadamStep : IFusedUpdate
{
    private readonly float _learningRate, _beta1, _oneMinusBeta1, _beta2, _oneMinusBeta2, _epsilon, _gradientWeight, _momentWeight, _varianceCorrection;

    public NadamStep(float learningRate, float beta1, float beta2, float epsilon, float gradientWeight, float momentWeight, float varianceCorrection)
        => (_learningRate, _beta1, _oneMinusBeta1, _beta2, _oneMinusBeta2, _epsilon, _gradientWeight, _momentWeight, _varianceCorrection)
            = (learningRate, beta1, 1 - beta1, beta2, 1 - beta2, epsilon, gradientWeight, momentWeight, varianceCorrection);

    public int Slots => 2;

    public void Update<TVector, TOps>(ref float parameter, ref float gradient, ref float m, ref float v, ref float unused, nuint at)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
    {
        TVector g = TOps.Load(ref gradient, at);
        TVector mi = TOps.FusedMultiplyAdd(TOps.Broadcast(_beta1), TOps.Load(ref m, at), TOps.Multiply(TOps.Broadcast(_oneMinusBeta1), g));
        TOps.Store(mi, ref m, at);
        TVector vi = TOps.FusedMultiplyAdd(TOps.Broadcast(_beta2), TOps.Load(ref v, at), TOps.Multiply(TOps.Broadcast(_oneMinusBeta2), TOps.Multiply(g, g)));
        TOps.Store(vi, ref v, at);
        TVector mBar = TOps.FusedMultiplyAdd(TOps.Broadcast(_gradientWeight), g, TOps.Multiply(TOps.Broadcast(_momentWeight), mi));
        TVector denominator = TOps.Add(TOps.Sqrt(TOps.Multiply(TOps.Broadcast(_varianceCorrection), vi)), TOps.Broadcast(_epsilon));
        TOps.Store(TOps.Subtract(TOps.Load(ref parameter, at), TOps.Divide(TOps.Multiply(TOps.Broadcast(_learningRate), mBar), denominator)), ref parameter, at);
    }
}
