namespace Compiled.Tests.Layers;

// Small networks with Embedding and RepeatVector, for their gradient checks, determinism, allocation and ONNX tests.

/// <summary>Token indices embedded, then a Conv1D over the vectors and a Dense head.</summary>
[Sequential(Input = 6)]
[Embedding(7, 3)]
[Conv1D(4, 2, Activation = Activation.Tanh)]
[Flatten]
[Dense(3, Activation = Activation.Softmax)]
public partial class EmbeddingNet;

/// <summary>A vector repeated into a sequence that a Conv1D reads, so the repeats' gradients are summed back into a Dense layer.</summary>
[Sequential(Input = 4)]
[Dense(5, Activation = Activation.Tanh)]
[RepeatVector(3)]
[Conv1D(2, 2, Activation = Activation.Sigmoid)]
[Flatten]
[Dense(3, Activation = Activation.Softmax)]
public partial class RepeatVectorNet;

/// <summary>
/// Two inputs, token indices and features: the tokens embedded, the features summarised and repeated once per token, the two
/// joined per step. The summary also feeds the head directly, after the RepeatVector in the graph, so the backward pass adds
/// RepeatVector's gradient onto the one the head wrote first.
/// </summary>
[Functional(nameof(Probabilities))]
public partial class TokensAndFeaturesNet
{
    [Input(5)] public partial LayerInfo Tokens { get; }
    [Input(3)] public partial LayerInfo Features { get; }
    [Embedding(6, 2, Input = nameof(Tokens))] public partial LayerInfo Embedded { get; }
    [Dense(4, Activation = Activation.Tanh, Input = nameof(Features))] public partial DenseWeights Summarised { get; }
    [RepeatVector(5, Input = nameof(Summarised))] public partial LayerInfo Repeated { get; }
    [Concatenate(nameof(Embedded), nameof(Repeated))] public partial LayerInfo Steps { get; }
    [Flatten(Input = nameof(Steps))] public partial LayerInfo Flat { get; }
    [Concatenate(nameof(Flat), nameof(Summarised))] public partial LayerInfo Everything { get; }
    [Dense(3, Activation = Activation.Softmax, Input = nameof(Everything))] public partial DenseWeights Probabilities { get; }
}

/// <summary>A text classifier large enough at batch 32 that its convolution's and Dense layer's products are shared among threads.</summary>
[Sequential(Input = 24)]
[Embedding(500, 32)]
[Conv1D(64, 3, Activation = Activation.Relu)]
[GlobalMaxPooling1D]
[Dense(64, Activation = Activation.Relu)]
[RepeatVector(4)]
[Flatten]
[Dense(10, Activation = Activation.Softmax)]
public partial class TextClassifierNet;
