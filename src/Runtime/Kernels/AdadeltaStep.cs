namespace Compiled.Kernels;

/// <summary>
/// tf.keras 2.4's Adadelta update (TensorFlow's <c>ResourceApplyAdadelta</c>), ε inside both square roots:
/// <code>
/// accum_grad = ρ · accum_grad + (1 − ρ) · g²
/// update     = √(accum_var + ε) / √(accum_grad + ε) · g
/// accum_var  = ρ · accum_var + (1 − ρ) · update²
/// p          = p − lr · update
/// </code>
/// </summary>
internal readonly struct AdadeltaStep : IFusedUpdate
{
    private readonly float _learningRate, _rho, _oneMinusRho, _epsilon;

    /// <summary>The step for one update at the (decayed) <paramref name="learningRate"/>.</summary>
    public AdadeltaStep(float learningRate, float rho, float epsilon) => (_learningRate, _rho, _oneMinusRho, _epsilon) = (learningRate, rho, 1 - rho, epsilon);

    public int Slots => 2;

    public void Update<TVector, TOps>(ref float parameter, ref float gradient, ref float accumGrad, ref float accumVar, ref float unused, nuint at)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
    {
        TVector g = TOps.Load(ref gradient, at);
        TVector rho = TOps.Broadcast(_rho), oneMinusRho = TOps.Broadcast(_oneMinusRho), epsilon = TOps.Broadcast(_epsilon);
        TVector ag = TOps.FusedMultiplyAdd(rho, TOps.Load(ref accumGrad, at), TOps.Multiply(oneMinusRho, TOps.Multiply(g, g)));
        TOps.Store(ag, ref accumGrad, at);
        TVector av = TOps.Load(ref accumVar, at);
        TVector update = TOps.Multiply(TOps.Divide(TOps.Sqrt(TOps.Add(av, epsilon)), TOps.Sqrt(TOps.Add(ag, epsilon))), g);
        TOps.Store(TOps.FusedMultiplyAdd(rho, av, TOps.Multiply(oneMinusRho, TOps.Multiply(update, update))), ref accumVar, at);
        TOps.Store(TOps.Subtract(TOps.Load(ref parameter, at), TOps.Multiply(TOps.Broadcast(_learningRate), update)), ref parameter, at);
    }
}
