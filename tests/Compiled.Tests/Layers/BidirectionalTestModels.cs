namespace Compiled.Tests.Layers;

/// <summary>The two last states side by side, into a softmax head.</summary>
[Sequential(InputShape = new[] { 5, 3 })]
[Bidirectional]
[LSTM(4)]
[Dense(3, Activation = Activation.Softmax)]
public partial class ConcatLastBiLstmNet;

/// <summary>Every step's two states side by side, flattened into a softmax head.</summary>
[Sequential(InputShape = new[] { 4, 3 })]
[Bidirectional(MergeMode = MergeMode.Concat)]
[LSTM(5, ReturnSequences = true)]
[Flatten]
[Dense(3, Activation = Activation.Softmax)]
public partial class ConcatSequenceBiLstmNet;

/// <summary>Every step's two states added, the backward copy's turned back to input order.</summary>
[Sequential(InputShape = new[] { 4, 3 })]
[Bidirectional(MergeMode = MergeMode.Sum)]
[LSTM(5, ReturnSequences = true)]
[Flatten]
[Dense(3, Activation = Activation.Softmax)]
public partial class SumSequenceBiLstmNet;

/// <summary>The two last states multiplied.</summary>
[Sequential(InputShape = new[] { 6, 2 })]
[Bidirectional(MergeMode = MergeMode.Mul)]
[LSTM(7)]
[Dense(2, Activation = Activation.Softmax)]
public partial class MulLastBiLstmNet;

/// <summary>Every step's two states multiplied.</summary>
[Sequential(InputShape = new[] { 3, 4 })]
[Bidirectional(MergeMode = MergeMode.Mul)]
[LSTM(3, ReturnSequences = true)]
[Flatten]
[Dense(2, Activation = Activation.Softmax)]
public partial class MulSequenceBiLstmNet;

/// <summary>The two last states averaged, hard sigmoid gates.</summary>
[Sequential(InputShape = new[] { 3, 4 })]
[Bidirectional(MergeMode = MergeMode.Ave)]
[LSTM(6, RecurrentActivation = Activation.HardSigmoid)]
[Dense(3, Activation = Activation.Softmax)]
public partial class AveLastBiLstmNet;

/// <summary>Every step's two states averaged, feeding a second, plain LSTM.</summary>
[Sequential(InputShape = new[] { 5, 2 })]
[Bidirectional(MergeMode = MergeMode.Ave)]
[LSTM(4, ReturnSequences = true)]
[LSTM(3)]
[Dense(2, Activation = Activation.Softmax)]
public partial class AveSequenceBiLstmNet;

/// <summary>A functional node wrapping its LSTM: the wrapper takes Input.</summary>
[Functional(nameof(Head))]
public partial class FunctionalBiLstmNet
{
    [Input(4, 3)] public partial LayerInfo Sequence { get; }

    [Bidirectional(Input = nameof(Sequence), MergeMode = MergeMode.Sum)]
    [LSTM(4, ReturnSequences = true)]
    public partial LayerInfo Encoder { get; }

    [Flatten(Input = nameof(Encoder))] public partial LayerInfo Flat { get; }

    [Dense(2, Input = nameof(Flat), Activation = Activation.Softmax)] public partial LayerInfo Head { get; }
}

/// <summary>The two last states added, more units than a 512-bit vector holds.</summary>
[Sequential(InputShape = new[] { 3, 2 })]
[Bidirectional(MergeMode = MergeMode.Sum)]
[LSTM(17)]
[Dense(2, Activation = Activation.Softmax)]
public partial class SumLastBiLstmNet;

/// <summary>The speech network, the bilstm_train benchmark's shape: 100 steps of 40 features, Bidirectional(LSTM(64)), Dense 10 softmax.</summary>
[Sequential(InputShape = new[] { 100, 40 })]
[Bidirectional(MergeMode = MergeMode.Concat)]
[LSTM(64)]
[Dense(10, Activation = Activation.Softmax)]
public partial class SpeechBiLstmNet;

/// <summary>Two Bidirectional layers: the second's copies, run side by side, both send a gradient to the first's output.</summary>
[Sequential(InputShape = new[] { 7, 3 })]
[Bidirectional(MergeMode = MergeMode.Sum)]
[LSTM(5, ReturnSequences = true)]
[Bidirectional]
[LSTM(4)]
[Dense(3, Activation = Activation.Softmax)]
public partial class StackedBiLstmNet;
