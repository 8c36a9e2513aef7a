using Compiled;

namespace Samples.Perceptron;

/// <summary>
/// The tutorial's numpy perceptron: three inputs, one sigmoid neuron, no bias, weights uniform in [-1, 1).
/// <code>
/// synaptic_weights = 2 * np.random.random((3, 1)) - 1
/// outputs = sigmoid(np.dot(inputs, synaptic_weights))
/// </code>
/// </summary>
[Sequential(Input = 3)]
[Dense(1, Activation = Activation.Sigmoid, UseBias = false, KernelInitializer = nameof(Uniform))]
public partial class SingleNeuron
{
    private static readonly RandomUniform Uniform = new(minval: -1, maxval: 1, seed: 1);
}

/// <summary>The same inputs through a hidden layer of 10 sigmoid units: enough to learn XOR, which one neuron cannot.</summary>
[Sequential(Input = 3)]
[Dense(10, Activation = Activation.Sigmoid, KernelInitializer = nameof(Uniform))]
[Dense(1, Activation = Activation.Sigmoid, KernelInitializer = nameof(Uniform))]
public partial class HiddenLayerNetwork
{
    private static readonly RandomUniform Uniform = new(minval: -1, maxval: 1);
}
