namespace Compiled.Tests.Layers;

/// <summary>Padded steps masked before an LSTM that returns its last step: the state carried past the padding.</summary>
[Sequential(InputShape = new[] { 6, 3 })]
[Masking]
[LSTM(4)]
[Dense(3, Activation = Activation.Softmax)]
public partial class MaskedLastStepLstmNet;

/// <summary>The mask handed on by a sequence-returning LSTM, through an Activation, to a second LSTM.</summary>
[Sequential(InputShape = new[] { 5, 3 })]
[Masking]
[LSTM(4, ReturnSequences = true)]
[Activation(Activation.Tanh)]
[LSTM(3)]
[Dense(2, Activation = Activation.Softmax)]
public partial class MaskedSequenceLstmNet;

/// <summary>Both LSTMs read the sequence backwards, the mask reversed with it; the first returns its sequence in that order.</summary>
[Sequential(InputShape = new[] { 6, 2 })]
[Masking(-1.0)]
[LSTM(5, ReturnSequences = true, GoBackwards = true)]
[LSTM(3, GoBackwards = true)]
[Dense(2, Activation = Activation.Softmax)]
public partial class MaskedBackwardsLstmNet;

/// <summary>Index 0 masked by the Embedding, read by an LSTM.</summary>
[Sequential(Input = 6)]
[Embedding(7, 3, MaskZero = true)]
[LSTM(4)]
[Dense(2, Activation = Activation.Softmax)]
public partial class MaskZeroLstmNet;

/// <summary>A masked Bidirectional LSTM's two last states side by side.</summary>
[Sequential(InputShape = new[] { 6, 3 })]
[Masking]
[Bidirectional(MergeMode = MergeMode.Concat)]
[LSTM(4)]
[Dense(3, Activation = Activation.Softmax)]
public partial class MaskedConcatLastBiLstmNet;

/// <summary>Every step of a masked Bidirectional LSTM concatenated (zeros at masked steps), into a masked LSTM.</summary>
[Sequential(InputShape = new[] { 5, 3 })]
[Masking]
[Bidirectional(MergeMode = MergeMode.Concat)]
[LSTM(4, ReturnSequences = true)]
[LSTM(3)]
[Dense(2, Activation = Activation.Softmax)]
public partial class MaskedConcatSequenceBiLstmNet;

/// <summary>Every step summed.</summary>
[Sequential(InputShape = new[] { 5, 3 })]
[Masking]
[Bidirectional(MergeMode = MergeMode.Sum)]
[LSTM(4, ReturnSequences = true)]
[LSTM(3)]
[Dense(2, Activation = Activation.Softmax)]
public partial class MaskedSumSequenceBiLstmNet;

/// <summary>Every step multiplied.</summary>
[Sequential(InputShape = new[] { 5, 2 })]
[Masking]
[Bidirectional(MergeMode = MergeMode.Mul)]
[LSTM(3, ReturnSequences = true)]
[LSTM(3)]
[Dense(2, Activation = Activation.Softmax)]
public partial class MaskedMulSequenceBiLstmNet;

/// <summary>Every step averaged, the wrapped LSTM reading backwards.</summary>
[Sequential(InputShape = new[] { 5, 3 })]
[Masking]
[Bidirectional(MergeMode = MergeMode.Ave)]
[LSTM(4, ReturnSequences = true, GoBackwards = true)]
[LSTM(3)]
[Dense(2, Activation = Activation.Softmax)]
public partial class MaskedAveSequenceBiLstmNet;

/// <summary>The two last states averaged.</summary>
[Sequential(InputShape = new[] { 6, 2 })]
[Masking]
[Bidirectional(MergeMode = MergeMode.Ave)]
[LSTM(5)]
[Dense(2, Activation = Activation.Softmax)]
public partial class MaskedAveLastBiLstmNet;

/// <summary>A Dense layer at every step of a masked sequence, the mask passed through it to the LSTM.</summary>
[Sequential(InputShape = new[] { 6, 3 })]
[Masking]
[TimeDistributed]
[Dense(4, Activation = Activation.Tanh)]
[LSTM(3)]
[Dense(2, Activation = Activation.Softmax)]
public partial class MaskedTimeDistributedNet;

/// <summary>A Dense layer at every step of an LSTM's sequence, flattened into a softmax head.</summary>
[Sequential(InputShape = new[] { 4, 3 })]
[LSTM(5, ReturnSequences = true)]
[TimeDistributed]
[Dense(4, Activation = Activation.Relu)]
[Flatten]
[Dense(2, Activation = Activation.Softmax)]
public partial class TimeDistributedDenseNet;

/// <summary>A functional masked Bidirectional encoder, TimeDistributed on its steps, then a final LSTM.</summary>
[Functional(nameof(Head))]
public partial class FunctionalMaskedNet
{
    [Input(5, 3)] public partial LayerInfo Sequence { get; }

    [Masking(Input = nameof(Sequence))] public partial LayerInfo Masked { get; }

    [Bidirectional(Input = nameof(Masked), MergeMode = MergeMode.Sum)]
    [LSTM(4, ReturnSequences = true)]
    public partial LayerInfo Encoder { get; }

    [TimeDistributed(Input = nameof(Encoder))]
    [Dense(3)]
    public partial LayerInfo Projected { get; }

    [LSTM(3, Input = nameof(Projected))] public partial LayerInfo Final { get; }

    [Dense(2, Input = nameof(Final), Activation = Activation.Softmax)] public partial LayerInfo Head { get; }
}

/// <summary>The masked speech network at the benchmark's size, for determinism and allocation: 100 steps of 40 features.</summary>
[Sequential(InputShape = new[] { 100, 40 })]
[Masking]
[Bidirectional(MergeMode = MergeMode.Concat)]
[LSTM(64, ReturnSequences = true)]
[LSTM(32)]
[Dense(10, Activation = Activation.Softmax)]
public partial class MaskedSpeechNet;

/// <summary>Masking after trainable weights: the relu leaves some steps all zeros, which it masks, and the gradient flows back through it.</summary>
[Sequential(InputShape = new[] { 6, 3 })]
[TimeDistributed]
[Dense(3, Activation = Activation.Relu)]
[Masking]
[LSTM(4)]
[Dense(2, Activation = Activation.Softmax)]
public partial class MaskingAfterWeightsNet;

/// <summary>Padded steps masked before a SimpleRNN that returns its last step.</summary>
[Sequential(InputShape = new[] { 6, 3 })]
[Masking]
[SimpleRNN(4)]
[Dense(3, Activation = Activation.Softmax)]
public partial class MaskedLastStepSimpleRnnNet;

/// <summary>A SimpleRNN reading backwards hands its sequence and the mask to a second SimpleRNN.</summary>
[Sequential(InputShape = new[] { 5, 3 })]
[Masking]
[SimpleRNN(4, ReturnSequences = true, GoBackwards = true)]
[SimpleRNN(3)]
[Dense(2, Activation = Activation.Softmax)]
public partial class MaskedSequenceSimpleRnnNet;

/// <summary>Padded steps masked before a GRU (reset_after) that returns its last step.</summary>
[Sequential(InputShape = new[] { 6, 3 })]
[Masking]
[GRU(4)]
[Dense(3, Activation = Activation.Softmax)]
public partial class MaskedLastStepGruNet;

/// <summary>Keras 2.2's GRU form (reset before the product) reading backwards, its sequence and mask into a second GRU.</summary>
[Sequential(InputShape = new[] { 5, 3 })]
[Masking(-1.0)]
[GRU(4, ReturnSequences = true, GoBackwards = true, ResetAfter = false)]
[GRU(3)]
[Dense(2, Activation = Activation.Softmax)]
public partial class MaskedSequenceGruNet;

/// <summary>Index 0 masked by the Embedding, read by a GRU.</summary>
[Sequential(Input = 6)]
[Embedding(7, 3, MaskZero = true)]
[GRU(4)]
[Dense(2, Activation = Activation.Softmax)]
public partial class MaskZeroGruNet;

/// <summary>A masked Bidirectional GRU's steps concatenated (zeros at masked steps), into a masked LSTM.</summary>
[Sequential(InputShape = new[] { 5, 3 })]
[Masking]
[Bidirectional(MergeMode = MergeMode.Concat)]
[GRU(4, ReturnSequences = true)]
[LSTM(3)]
[Dense(2, Activation = Activation.Softmax)]
public partial class MaskedConcatSequenceBiGruNet;

/// <summary>A masked Bidirectional SimpleRNN's two last states summed.</summary>
[Sequential(InputShape = new[] { 6, 2 })]
[Masking]
[Bidirectional(MergeMode = MergeMode.Sum)]
[SimpleRNN(3)]
[Dense(2, Activation = Activation.Softmax)]
public partial class MaskedSumLastBiSimpleRnnNet;
