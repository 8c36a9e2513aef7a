using Compiled;

namespace Compiled.Tests.Models;

/// <summary>
/// The network of the Keras 3.9.2 fixture <c>keras3/lstm_stock_keras3</c>, with Keras's own names: a functional model
/// <c>functional</c>, Input (60, 5) named <c>input_layer</c>, LSTM(30) (sigmoid gates), Dense(1).
/// </summary>
[Functional(nameof(Dense), Name = "functional")]
public partial class KerasStockLstmNet
{
    [Input(60, 5, Name = "input_layer")] public partial LayerInfo Prices { get; }
    [LSTM(30, Name = "lstm", Input = nameof(Prices))] public partial LayerInfo Lstm { get; }
    [Dense(1, Name = "dense", Input = nameof(Lstm))] public partial LayerInfo Dense { get; }
}

/// <summary><see cref="KerasStockLstmNet"/>'s layer names with a narrower LSTM: its weights have other shapes.</summary>
[Functional(nameof(Dense), Name = "functional")]
public partial class NarrowStockLstmNet
{
    [Input(60, 5, Name = "input_layer")] public partial LayerInfo Prices { get; }
    [LSTM(20, Name = "lstm", Input = nameof(Prices))] public partial LayerInfo Lstm { get; }
    [Dense(1, Name = "dense", Input = nameof(Lstm))] public partial LayerInfo Dense { get; }
}

/// <summary>A sequence model of every recurrent kind and wrapper: Embedding, GRU, Bidirectional LSTM, TimeDistributed Dense, SimpleRNN.</summary>
[Sequential(InputShape = new[] { 6 })]
[Embedding(10, 4, Name = "embedding")]
[GRU(5, ReturnSequences = true, Name = "gru")]
[Bidirectional(Name = "bidirectional")]
[LSTM(3, ReturnSequences = true, Name = "lstm")]
[TimeDistributed(Name = "time_distributed")]
[Dense(4, Activation = Activation.Relu, Name = "dense")]
[SimpleRNN(2, Name = "simple_rnn")]
[Dense(1, Activation = Activation.Sigmoid, Name = "dense_1")]
public partial class Keras3SequenceNet;
