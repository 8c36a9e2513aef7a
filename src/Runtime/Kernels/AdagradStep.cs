namespace Compiled.Kernels;

/// <summary>
/// tf.keras 2.4's Adagrad update (TensorFlow's <c>ResourceApplyAdagradV2</c>), ε outside the square root:
/// <code>
/// accumulator = accumulator + g²
/// p           = p − lr · g / (√accumulator + ε)
/// </code>
/// </summary>
internal readonly struct AdagradStep : IFusedUpdate
{
    private readonly float _learningRate, _epsilon;

    /// <summary>The step for one update at the (decayed) <paramref name="learningRate"/>.</summary>
    public AdagradStep(float learningRate, float epsilon) => (_learningRate, _epsilon) = (learningRate, epsilon);

    public int Slots => 1;

    public void Update<TVector, TOps>(ref float parameter, ref float gradient, ref float accumulator, ref float unused1, ref float unused2, nuint at)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
    {
        TVector g = TOps.Load(ref gradient, at);
        TVector a = TOps.FusedMultiplyAdd(g, g, TOps.Load(ref accumulator, at));
        TOps.Store(a, ref accumulator, at);
        TVector step = TOps.Divide(TOps.Multiply(TOps.Broadcast(_learningRate), g), TOps.Add(TOps.Sqrt(a), TOps.Broadcast(_epsilon)));
        TOps.Store(TOps.Subtract(TOps.Load(ref parameter, at), step), ref parameter, at);
    }
}
