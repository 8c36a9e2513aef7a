namespace Compiled.Kernels;

/// <summary>
/// Which batch variance feeds BatchNormalization's moving variance in training. tf.keras 2 normalises with the
/// biased batch variance on both of its paths, but updates the moving variance differently:
/// </summary>
/// <remarks>
/// tf.keras 2 (<c>keras/layers/normalization/batch_normalization.py</c>) takes TensorFlow's fused kernel when the
/// input has rank 4 or 5 and the axis is the channels axis, and the plain path otherwise (rank 2, 3, …); see
/// <see cref="BatchNormalization.MovingVarianceRuleFor"/>.
/// </remarks>
public enum MovingVarianceRule
{
    /// <summary>
    /// The plain (non-fused) path: <c>σ²_B = mean((x - μ_B)²)</c> from <c>tf.nn.moments</c>, and
    /// <c>moving -= (moving - σ²_B) · (1 - momentum)</c>.
    /// </summary>
    Biased = 0,

    /// <summary>
    /// TensorFlow's fused kernel (<c>FusedBatchNormV3</c>, inputs of rank 4 or 5): with <c>f = 1 - momentum</c> and
    /// <c>n</c> the values per channel, <c>moving = (1 - f) · moving + (f · n / (n - 1)) · σ²_B</c> (Bessel's
    /// correction; <c>n / 1</c> when <c>n = 1</c>). Keras does not undo it (its <c>_bessels_correction_test_only</c> is true).
    /// </summary>
    BesselCorrected = 1,
}
