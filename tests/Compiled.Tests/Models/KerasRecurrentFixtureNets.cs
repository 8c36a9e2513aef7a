using Compiled;

namespace Compiled.Tests.Models;

/// <summary>
/// The network of the Keras 2.1.3 fixture <c>lstm_dense_recorded</c>, with Keras's own layer names: LSTM(50) with
/// Keras 2.1's hard sigmoid gates and an input dropout of 0.2, over sequences of one step of one feature, then Dense(1).
/// </summary>
[Sequential(InputShape = new[] { 1, 1 })]
[LSTM(50, RecurrentActivation = Activation.HardSigmoid, Dropout = 0.2, Name = "lstm_1")]
[Dense(1, Name = "dense_1")]
public partial class KerasLstmDenseNet;

/// <summary>
/// The functional network of the tf.keras 2.2.4-tf fixture <c>lstm_stacked_tfkeras</c>: LSTM(6) returning its sequence,
/// relu, LSTM(4) returning its sequence, relu, over three steps of four features; hard sigmoid gates.
/// </summary>
[Functional(nameof(Activation17))]
public partial class KerasStackedLstmNet
{
    [Input(3, 4, Name = "input_25")] public partial LayerInfo Sequences { get; }
    [LSTM(6, RecurrentActivation = Activation.HardSigmoid, ReturnSequences = true, Name = "lstm_12", Input = nameof(Sequences))] public partial LayerInfo Lstm12 { get; }
    [Activation(Activation.Relu, Name = "activation_16", Input = nameof(Lstm12))] public partial LayerInfo Activation16 { get; }
    [LSTM(4, RecurrentActivation = Activation.HardSigmoid, ReturnSequences = true, Name = "lstm_13", Input = nameof(Activation16))] public partial LayerInfo Lstm13 { get; }
    [Activation(Activation.Relu, Name = "activation_17", Input = nameof(Lstm13))] public partial LayerInfo Activation17 { get; }
}

/// <summary>
/// The network of the Keras 2.1.3 fixture <c>embedding_lstm</c>, with Keras's own layer names: ten token indices of a
/// four-word vocabulary embedded in five dimensions, then LSTM(6) with Keras 2.1's hard sigmoid gates, every step returned.
/// </summary>
[Sequential(InputShape = new[] { 10 })]
[Embedding(4, 5, Name = "embedding_1")]
[LSTM(6, RecurrentActivation = Activation.HardSigmoid, ReturnSequences = true, Name = "lstm_1")]
public partial class KerasEmbeddingLstmNet;

/// <summary>
/// The network of the Keras 2.1.3 fixture <c>bidirectional_lstm</c>: Bidirectional(LSTM(10, return_sequences=True)),
/// concatenated, over four steps of ten features; hard sigmoid gates.
/// </summary>
[Sequential(InputShape = new[] { 4, 10 })]
[Bidirectional(Name = "bidirectional_1")]
[LSTM(10, RecurrentActivation = Activation.HardSigmoid, ReturnSequences = true, Name = "lstm_1")]
public partial class KerasBidirectionalLstmNet;
