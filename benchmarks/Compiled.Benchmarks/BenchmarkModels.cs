using Compiled;

namespace Compiled.Benchmarks;

/// <summary>iris_train and iris_infer: 4-16-3.</summary>
[Sequential(Input = 4)]
[Dense(16, Activation = Activation.Relu)]
[Dense(3, Activation = Activation.Softmax)]
public partial class IrisModel;

/// <summary>seed_train: the tutorial's 100-32-10.</summary>
[Sequential(Input = 100)]
[Dense(32, KernelInitializer = nameof(Rn))]
[ReLU]
[Dense(10, KernelInitializer = nameof(Rn))]
[Softmax]
public partial class SeedModel
{
    private static readonly RandomNormal Rn = new(mean: 0, stddev: 1, seed: 42);
}

/// <summary>mnist_train: 784-128-10.</summary>
[Sequential(Input = 784)]
[Dense(128, Activation = Activation.Relu)]
[Dense(10, Activation = Activation.Softmax)]
public partial class MnistModel;

/// <summary>wide_train: 784-512-512-10.</summary>
[Sequential(Input = 784)]
[Dense(512, Activation = Activation.Relu)]
[Dense(512, Activation = Activation.Relu)]
[Dense(10, Activation = Activation.Softmax)]
public partial class WideModel;
