using Compiled;

namespace Compiled.Tests.Models;

/// <summary>Every activation, a layer without bias and samples of two axes (Dense on the last one), for gradient checks.</summary>
[Sequential(InputShape = new[] { 3, 5 })]
[Dense(6, Activation = Activation.Tanh, UseBias = false)]
[Activation(Activation.Sigmoid)]
[Dense(7, Activation = Activation.Relu, BiasInitializer = nameof(SmallPositive))]
[Dense(4)]
[Activation(Activation.Linear)]
[Softmax]
public partial class EveryActivationNet
{
    private static readonly RandomUniform SmallPositive = new(0.05, 0.2, seed: 9);
}

/// <summary>A softmax that is not the last layer, so cross-entropy must clip probabilities instead of using logits.</summary>
[Sequential(Input = 3)]
[Dense(4, Activation = Activation.Softmax)]
[Activation(Activation.Linear)]
public partial class ClippedCrossentropyNet;

/// <summary>The tutorial's perceptron with a hidden layer: sigmoid units trained on squared error.</summary>
[Sequential(Input = 3)]
[Dense(10, Activation = Activation.Sigmoid, KernelInitializer = "random_uniform")]
[Dense(1, Activation = Activation.Sigmoid)]
public partial class HiddenPerceptron;
