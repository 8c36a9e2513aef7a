namespace Compiled;

/// <summary>Activation functions, by their Keras names (<c>activation='relu'</c> is <c>Activation.Relu</c>).</summary>
public enum Activation
{
    /// <summary><c>linear</c>: <c>f(x) = x</c>; Dense's default.</summary>
    Linear = 0,
    /// <summary><c>relu</c>: <c>f(x) = max(x, 0)</c>.</summary>
    Relu = 1,
    /// <summary><c>sigmoid</c>: <c>f(x) = 1 / (1 + exp(-x))</c>.</summary>
    Sigmoid = 2,
    /// <summary><c>tanh</c>: <c>f(x) = tanh(x)</c>.</summary>
    Tanh = 3,
    /// <summary><c>softmax</c> over the last axis: <c>f(x)_i = exp(x_i) / Σ_j exp(x_j)</c>.</summary>
    Softmax = 4,
    /// <summary>
    /// <c>hard_sigmoid</c> as Keras 2 defines it: <c>f(x) = clip(0.2·x + 0.5, 0, 1)</c>, a piecewise-linear sigmoid; older
    /// Keras files use it as the LSTM's recurrent activation. (Keras 3 changed it to <c>clip(x/6 + 0.5, 0, 1)</c>.)
    /// </summary>
    HardSigmoid = 5,
}
