using Compiled;

namespace Compiled.Tests.Models;

/// <summary>The main sample's network, 4-16-3 with the activations inside Dense.</summary>
[Sequential(Input = 4)]
[Dense(16, Activation = Activation.Relu)]
[Dense(3, Activation = Activation.Softmax)]
public partial class IrisNet;

/// <summary>The tutorial's network: 100-32-10 with ReLU and Softmax as their own layers and a seeded RandomNormal kernel.</summary>
[Sequential(Input = 100)]
[Dense(32, KernelInitializer = nameof(Rn))]
[ReLU]
[Dense(10, KernelInitializer = nameof(Rn))]
[Softmax]
public partial class TutorialNet
{
    private static readonly RandomNormal Rn = new(mean: 0, stddev: 1, seed: 42);
}

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
