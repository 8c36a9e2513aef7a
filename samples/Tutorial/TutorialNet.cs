using Compiled;

namespace Samples.Tutorial;

/// <summary>
/// The tutorial's network, layer for layer:
/// <code>
/// rn = RandomNormal(mean=0, stddev=1, seed=42)
/// model = Sequential([
///     Input(shape=(100,)),
///     Dense(32, kernel_initializer=rn), ReLU(),
///     Dense(10, kernel_initializer=rn), Softmax()])
/// </code>
/// </summary>
[Sequential(Input = 100)]
[Dense(32, KernelInitializer = nameof(Rn))]
[ReLU]
[Dense(10, KernelInitializer = nameof(Rn))]
[Softmax]
public partial class TutorialNet
{
    private static readonly RandomNormal Rn = new(mean: 0, stddev: 1, seed: 42);
}
