namespace Compiled;

/// <summary>
/// Keras's <c>LSTM(units, activation='tanh', recurrent_activation='sigmoid', use_bias=True,
/// kernel_initializer='glorot_uniform', recurrent_initializer='orthogonal', bias_initializer='zeros',
/// unit_forget_bias=True, dropout=0.0, return_sequences=False, go_backwards=False)</c>, as tf.keras 2's <c>LSTMCell</c> computes it.
/// At each time step, from the step's input <c>x</c> and the previous step's <c>h</c> and <c>c</c> (zeros at the first):
/// <code>
/// z = x · kernel + h · recurrent_kernel + bias       split into four blocks of units: i, f, c̃, o
/// i = σ(zᵢ)   f = σ(z_f)   c̃ = act(z_c)   o = σ(z_o)    σ: recurrent_activation, act: activation
/// c = f · c + i · c̃
/// h = o · act(c)
/// </code>
/// Input shape <c>(batch, timesteps, features)</c>; output <c>(batch, units)</c>, the last step's <c>h</c>, or with
/// <see cref="ReturnSequences"/> <c>(batch, timesteps, units)</c>, every step's. Weights <c>kernel</c>
/// <c>(features, 4·units)</c>, <c>recurrent_kernel</c> <c>(units, 4·units)</c> and <c>bias</c> <c>(4·units,)</c>, the gates'
/// columns in the order i, f, c, o: <c>4·units·(features + units + 1)</c> parameters.
/// </summary>
/// <example>
/// <c>[LSTM(64)]</c> is Keras's <c>LSTM(64)</c>; <c>[LSTM(32, ReturnSequences = true)]</c> feeds another LSTM every step.
/// </example>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class LSTMAttribute : RecurrentLayerAttribute
{
    /// <param name="units">The size of the hidden and cell states, and of each step's output; positive.</param>
    public LSTMAttribute(int units) => Units = units;

    /// <summary>The size of the hidden and cell states, and of each step's output.</summary>
    public int Units { get; }

    /// <summary>
    /// The function of the candidate cell state and of the cell state on its way out, <c>act</c>; default
    /// <see cref="Compiled.Activation.Tanh"/>. Any element-wise activation (not softmax).
    /// </summary>
    public Activation Activation { get; set; } = Activation.Tanh;

    /// <summary>
    /// The gates' function, <c>σ</c>; default <see cref="Compiled.Activation.Sigmoid"/> (tf.keras 2). Keras ≤ 2.2 files
    /// use <see cref="Compiled.Activation.HardSigmoid"/>. Any element-wise activation (not softmax).
    /// </summary>
    public Activation RecurrentActivation { get; set; } = Activation.Sigmoid;

    /// <summary>Whether the layer adds a bias; default <c>true</c>.</summary>
    public bool UseBias { get; set; } = true;

    /// <summary>Initializer of the kernel, as <see cref="DenseAttribute.KernelInitializer"/>; default <c>"glorot_uniform"</c>.</summary>
    public string KernelInitializer { get; set; } = "glorot_uniform";

    /// <summary>Initializer of the recurrent kernel; default <c>"orthogonal"</c>.</summary>
    public string RecurrentInitializer { get; set; } = "orthogonal";

    /// <summary>Initializer of the bias; default <c>"zeros"</c>.</summary>
    public string BiasInitializer { get; set; } = "zeros";

    /// <summary>Whether the forget gate's bias starts at 1 (the rest from <see cref="BiasInitializer"/>); default <c>true</c>.</summary>
    public bool UnitForgetBias { get; set; } = true;

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

    /// <summary>The layer's name; Keras's default is <c>lstm</c>, <c>lstm_1</c>, … in model order.</summary>
    public string? Name { get; set; }

    /// <summary>In a <see cref="FunctionalAttribute"/> model, the node this layer is applied to.</summary>
    public string? Input { get; set; }
}
