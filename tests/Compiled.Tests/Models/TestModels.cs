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
