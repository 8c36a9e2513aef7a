namespace Compiled;

/// <summary>
/// Keras's <c>SimpleRNN(units, activation='tanh', use_bias=True, kernel_initializer='glorot_uniform',
/// recurrent_initializer='orthogonal', bias_initializer='zeros', dropout=0.0, return_sequences=False, go_backwards=False)</c>,
/// as tf.keras 2's <c>SimpleRNNCell</c> computes it. At each time step, from the step's input <c>x</c> and the previous
/// step's output <c>h</c> (zeros at the first):
/// <code>
/// h = act(x · kernel + h · recurrent_kernel + bias)      act: activation
/// </code>
/// Input shape <c>(batch, timesteps, features)</c>; output <c>(batch, units)</c>, the last step's <c>h</c>, or with
/// <see cref="ReturnSequences"/> <c>(batch, timesteps, units)</c>, every step's. Weights <c>kernel</c>
/// <c>(features, units)</c>, <c>recurrent_kernel</c> <c>(units, units)</c> and <c>bias</c> <c>(units,)</c>:
/// <c>units·(features + units + 1)</c> parameters.
/// </summary>
/// <example>
/// <c>[SimpleRNN(32)]</c> is Keras's <c>SimpleRNN(32)</c>; <c>[SimpleRNN(50, ReturnSequences = true)]</c> then <c>[Flatten]</c>
/// feeds every step's state to a Dense head.
/// </example>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class SimpleRNNAttribute : RecurrentLayerAttribute
{
    /// <param name="units">The size of the state, and of each step's output; positive.</param>
    public SimpleRNNAttribute(int units) => Units = units;

    /// <summary>The size of the state and of each step's output.</summary>
    public int Units { get; }

    /// <summary>
    /// The function of each step's sum, <c>act</c>; default <see cref="Compiled.Activation.Tanh"/>. Any element-wise
    /// activation (not softmax).
    /// </summary>
    public Activation Activation { get; set; } = Activation.Tanh;

    /// <summary>Whether the layer adds a bias; default <c>true</c>.</summary>
    public bool UseBias { get; set; } = true;

    /// <summary>Initializer of the kernel, as <see cref="DenseAttribute.KernelInitializer"/>; default <c>"glorot_uniform"</c>.</summary>
    public string KernelInitializer { get; set; } = "glorot_uniform";

    /// <summary>Initializer of the recurrent kernel; default <c>"orthogonal"</c>.</summary>
    public string RecurrentInitializer { get; set; } = "orthogonal";

    /// <summary>Initializer of the bias; default <c>"zeros"</c>.</summary>
    public string BiasInitializer { get; set; } = "zeros";

    /// <summary>Whether the output is every step's <c>h</c> <c>(timesteps, units)</c> rather than the last step's; default <c>false</c>.</summary>
    public bool ReturnSequences { get; set; }

    /// <summary>
    /// The fraction of the input's features dropped while training, in <c>[0, 1)</c>; default 0. As in tf.keras 2, one mask
    /// per sample, scaled by <c>1 / (1 - rate)</c>, multiplies every time step's input.
    /// </summary>
    public double Dropout { get; set; }

    /// <summary>
    /// Whether the layer reads the sequence from its last step to its first; default <c>false</c>. Like Keras, the
    /// output sequence is then in that reversed order.
    /// </summary>
    public bool GoBackwards { get; set; }

    /// <summary>The layer's name; Keras's default is <c>simple_rnn</c>, <c>simple_rnn_1</c>, … in model order.</summary>
    public string? Name { get; set; }

    /// <summary>In a <see cref="FunctionalAttribute"/> model, the node this layer is applied to.</summary>
    public string? Input { get; set; }
}
