namespace Compiled;

/// <summary>
/// Keras's <c>Masking(mask_value=0.0)</c>: a step of a <c>(timesteps, features)</c> sequence whose every feature equals
/// <c>mask_value</c> is padding. The layer zeroes such steps (<c>output = input · mask</c>) and hands the mask
/// (<c>mask[t] = any(input[t, :] != mask_value)</c>) to the layers after it: an LSTM or Bidirectional carries its states
/// through the masked steps, and Dropout, Activation and TimeDistributed pass the mask on. Input and output shapes are
/// equal; no weights. A mask that reaches a layer that cannot honour it (or the model's output, whose loss Keras would
/// weight by it) is a build error (CMP052).
/// </summary>
/// <example><c>[Sequential(InputShape = new[] { 100, 39 })] [Masking] [LSTM(32)]</c> is Keras's <c>Masking(0.0)</c> then <c>LSTM(32)</c>.</example>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class MaskingAttribute : Attribute
{
    /// <param name="maskValue">The value every feature of a padded step holds, compared at float32 precision as Keras compares it.</param>
    public MaskingAttribute(double maskValue = 0.0) => MaskValue = maskValue;

    /// <summary>The value every feature of a padded step holds.</summary>
    public double MaskValue { get; }

    /// <summary>The layer's name; Keras's default is <c>masking</c>, <c>masking_1</c>, … in model order.</summary>
    public string? Name { get; set; }

    /// <summary>In a <see cref="FunctionalAttribute"/> model, the node this layer is applied to.</summary>
    public string? Input { get; set; }
}
