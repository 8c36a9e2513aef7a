namespace Compiled;

/// <summary>
/// Keras's <c>GRU(units, activation='tanh', recurrent_activation='sigmoid', use_bias=True,
/// kernel_initializer='glorot_uniform', recurrent_initializer='orthogonal', bias_initializer='zeros', dropout=0.0,
/// return_sequences=False, go_backwards=False, reset_after=True)</c>, as tf.keras 2's <c>GRUCell</c> computes it. At each
/// time step, from the step's input <c>x</c> and the previous step's <c>h</c> (zeros at the first):
/// <code>
/// x·kernel + b_input, h·recurrent_kernel + b_recurrent     each split into three blocks of units: z, r, h
/// z = σ(x_z + h_z)   r = σ(x_r + h_r)                        σ: recurrent_activation
/// h̃ = act(x_h + r ⊙ h_h)                                     reset_after=True (tf.keras 2, CuDNN's form)
/// h̃ = act(x_h + (r ⊙ h)·recurrent_kernel_h)                  reset_after=False (Keras 2.2's form; one bias, no b_recurrent)
/// h = z ⊙ h + (1 − z) ⊙ h̃
/// </code>
/// Input shape <c>(batch, timesteps, features)</c>; output <c>(batch, units)</c>, the last step's <c>h</c>, or with
/// <see cref="ReturnSequences"/> <c>(batch, timesteps, units)</c>, every step's. Weights <c>kernel</c>
/// <c>(features, 3·units)</c>, <c>recurrent_kernel</c> <c>(units, 3·units)</c> and <c>bias</c>, <c>(2, 3·units)</c> with
/// <see cref="ResetAfter"/> (the input bias, then the recurrent bias) or else <c>(3·units,)</c>, the gates' columns in
/// the order z, r, h.
/// </summary>
/// <example>
/// <c>[GRU(64)]</c> is Keras's <c>GRU(64)</c>; <c>[GRU(32, ResetAfter = false)]</c> is Keras 2.2's default GRU.
/// </example>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class GRUAttribute : RecurrentLayerAttribute
{
    /// <param name="units">The size of the hidden state, and of each step's output; positive.</param>
    public GRUAttribute(int units) => Units = units;

    /// <summary>The size of the hidden state, and of each step's output.</summary>
    public int Units { get; }

    /// <summary>
    /// The candidate state's function, <c>act</c>; default <see cref="Compiled.Activation.Tanh"/>. Any element-wise
    /// activation (not softmax).
    /// </summary>
    public Activation Activation { get; set; } = Activation.Tanh;

    /// <summary>
    /// The update and reset gates' function, <c>σ</c>; default <see cref="Compiled.Activation.Sigmoid"/> (tf.keras 2).
    /// Keras ≤ 2.2 files use <see cref="Compiled.Activation.HardSigmoid"/>. Any element-wise activation (not softmax).
    /// </summary>
    public Activation RecurrentActivation { get; set; } = Activation.Sigmoid;

    /// <summary>Whether the layer adds biases; default <c>true</c>.</summary>
    public bool UseBias { get; set; } = true;

    /// <summary>Initializer of the kernel, as <see cref="DenseAttribute.KernelInitializer"/>; default <c>"glorot_uniform"</c>.</summary>
    public string KernelInitializer { get; set; } = "glorot_uniform";

    /// <summary>Initializer of the recurrent kernel; default <c>"orthogonal"</c>.</summary>
    public string RecurrentInitializer { get; set; } = "orthogonal";

    /// <summary>Initializer of the bias; default <c>"zeros"</c>.</summary>
    public string BiasInitializer { get; set; } = "zeros";

    /// <summary>
    /// Whether the reset gate multiplies the recurrent product (<c>r ⊙ (h·recurrent_kernel_h + b)</c>, tf.keras 2's
    /// default, with separate input and recurrent biases) rather than the state before it (<c>(r ⊙ h)·recurrent_kernel_h</c>,
    /// Keras 2.2's GRU); default <c>true</c>.
    /// </summary>
    public bool ResetAfter { get; set; } = true;

    /// <summary>Whether the output is every step's <c>h</c> <c>(timesteps, units)</c> rather than the last step's; default <c>false</c>.</summary>
    public bool ReturnSequences { get; set; }

    /// <summary>
    /// The fraction of the input's features dropped while training, in <c>[0, 1)</c>; default 0. As in tf.keras 2
    /// (<c>implementation=2</c>), one mask per sample, scaled by <c>1 / (1 - rate)</c>, multiplies every time step's input.
    /// </summary>
    public double Dropout { get; set; }

    /// <summary>
    /// Whether the layer reads the sequence from its last step to its first; default <c>false</c>. Like Keras, the
    /// output sequence is then in that reversed order.
    /// </summary>
    public bool GoBackwards { get; set; }

    /// <summary>The layer's name; Keras's default is <c>gru</c>, <c>gru_1</c>, … in model order.</summary>
    public string? Name { get; set; }

    /// <summary>In a <see cref="FunctionalAttribute"/> model, the node this layer is applied to.</summary>
    public string? Input { get; set; }
}
