using Compiled;

namespace Samples.Tutorial;

/// <summary>
/// The tutorial's network as the tutorial writes it, with the functional API, one node property per line:
/// <code>
/// inputs = Input(shape=(100,))
/// x = Dense(32, kernel_initializer=rn)(inputs)
/// y = ReLU()(x)
/// out = Dense(10, kernel_initializer=rn)(y)
/// out = Softmax()(out)
/// model = Model(inputs=inputs, outputs=out)
/// </code>
/// The names are the ones Keras gives these layers, so the summary reads as Keras prints it.
/// </summary>
[Functional(nameof(Out))]
public partial class FunctionalTutorialNet
{
    private static readonly RandomNormal Rn = new(mean: 0, stddev: 1, seed: 42);

    [Input(100, Name = "input_1")] public partial LayerInfo Inputs { get; }
    [Dense(32, KernelInitializer = nameof(Rn), Input = nameof(Inputs), Name = "dense")] public partial DenseWeights X { get; }
    [ReLU(Input = nameof(X), Name = "re_lu")] public partial LayerInfo Y { get; }
    [Dense(10, KernelInitializer = nameof(Rn), Input = nameof(Y), Name = "dense_1")] public partial DenseWeights Scores { get; }
    [Softmax(Input = nameof(Scores), Name = "softmax")] public partial LayerInfo Out { get; }
}
