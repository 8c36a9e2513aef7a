namespace Compiled;

/// <summary>
/// Keras's <c>BatchNormalization(axis=-1, momentum=0.99, epsilon=0.001, center=True, scale=True)</c> over the last axis:
/// <c>y = gamma · (x - mean) / sqrt(variance + epsilon) + beta</c> per channel. In training, mean and variance are the
/// batch's (the biased variance), and the moving statistics follow them:
/// <c>moving = moving · momentum + batch · (1 - momentum)</c>; in <c>Predict</c> and <c>Evaluate</c> the moving statistics
/// are used. Weights <c>gamma</c> and <c>beta</c> (trainable) and <c>moving_mean</c> and <c>moving_variance</c>
/// (non-trainable, counted as Keras counts them), each <c>(channels)</c>. Input and output shapes are equal.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class BatchNormalizationAttribute : Attribute
{
    /// <summary>The axis normalised per value; only -1, the last (channels_last), is supported.</summary>
    public int Axis { get; set; } = -1;

    /// <summary>How much of the moving statistics each training batch keeps; default 0.99.</summary>
    public double Momentum { get; set; } = 0.99;

    /// <summary>Added to the variance before its square root; default 0.001.</summary>
    public double Epsilon { get; set; } = 0.001;

    /// <summary>Whether the layer adds the learned offset <c>beta</c>; default <c>true</c>.</summary>
    public bool Center { get; set; } = true;

    /// <summary>Whether the layer multiplies by the learned scale <c>gamma</c>; default <c>true</c>.</summary>
    public bool Scale { get; set; } = true;

    /// <summary>Initializer of <c>beta</c>; default <c>"zeros"</c>.</summary>
    public string BetaInitializer { get; set; } = "zeros";

    /// <summary>Initializer of <c>gamma</c>; default <c>"ones"</c>.</summary>
    public string GammaInitializer { get; set; } = "ones";

    /// <summary>Initializer of <c>moving_mean</c>; default <c>"zeros"</c>.</summary>
    public string MovingMeanInitializer { get; set; } = "zeros";

    /// <summary>Initializer of <c>moving_variance</c>; default <c>"ones"</c>.</summary>
    public string MovingVarianceInitializer { get; set; } = "ones";

    /// <summary>The layer's name; Keras's default is <c>batch_normalization</c>, <c>batch_normalization_1</c>, … in model order.</summary>
    public string? Name { get; set; }

    /// <summary>In a <see cref="FunctionalAttribute"/> model, the node this layer is applied to.</summary>
    public string? Input { get; set; }
}
