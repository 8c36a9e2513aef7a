using Compiled;

namespace Compiled.Benchmarks;

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
