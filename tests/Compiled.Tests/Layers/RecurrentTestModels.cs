namespace Compiled.Tests.Layers;

// Small LSTM networks that together use every option, for the gradient checks, the SIMD and thread checks and the
// allocation tests. Unit counts of 4 (below one vector), 9 (one 256-bit vector and an overlapping one) and 17 (the
// same for 512 bits) walk every path of the cell kernels.

/// <summary>The last step's state, into a softmax head.</summary>
[Sequential(InputShape = new[] { 5, 3 })]
[LSTM(4)]
[Dense(3, Activation = Activation.Softmax)]
public partial class LastStepLstmNet;

/// <summary>Every step's state, flattened into a softmax head.</summary>
[Sequential(InputShape = new[] { 4, 3 })]
[LSTM(9, ReturnSequences = true)]
[Flatten]
[Dense(3, Activation = Activation.Softmax)]
public partial class SequenceLstmNet;

/// <summary>Read backwards, every step returned (in the reversed order Keras returns them), and a second layer read backwards returning its last step.</summary>
[Sequential(InputShape = new[] { 6, 2 })]
[LSTM(5, GoBackwards = true, ReturnSequences = true)]
[LSTM(3, GoBackwards = true)]
[Dense(2, Activation = Activation.Softmax)]
public partial class BackwardsLstmNet;

/// <summary>No bias, Keras 2.1's hard sigmoid gates, a relu cell, and odd sizes: 7 features, 17 units.</summary>
[Sequential(InputShape = new[] { 3, 7 })]
[LSTM(17, UseBias = false, RecurrentActivation = Activation.HardSigmoid, Activation = Activation.Relu)]
[Dense(3, Activation = Activation.Softmax)]
public partial class NoBiasLstmNet;

/// <summary>A stack: a sequence-returning LSTM feeding another, then a third with sigmoid cells and linear gates.</summary>
[Sequential(InputShape = new[] { 5, 4 })]
[LSTM(6, ReturnSequences = true)]
[LSTM(9, ReturnSequences = true, Activation = Activation.Sigmoid, RecurrentActivation = Activation.Linear)]
[LSTM(3)]
[Dense(3, Activation = Activation.Softmax)]
public partial class StackedLstmNet;

/// <summary>Input dropout on two stacked layers: the second one's mask also scales the gradient that reaches the first.</summary>
[Sequential(InputShape = new[] { 4, 5 })]
[LSTM(6, Dropout = 0.4, ReturnSequences = true)]
[LSTM(3, Dropout = 0.3)]
[Dense(2, Activation = Activation.Softmax)]
public partial class DropoutLstmNet
{
    /// <summary>The masks the last training step drew, one row of features per sample.</summary>
    internal float[] FirstMask => _lstmInputMask;

    internal float[] SecondMask => _lstm1InputMask;
}

/// <summary>
/// A functional graph whose encoder's sequence feeds two LSTMs, one read backwards: the second to send its gradient back
/// adds it to the first's (the input gradient's accumulating path), and their last states are joined.
/// </summary>
[Functional(nameof(Head))]
public partial class BranchingLstmNet
{
    [Input(5, 3)] public partial LayerInfo Sequence { get; }
    [LSTM(4, ReturnSequences = true, Input = nameof(Sequence))] public partial LayerInfo Encoder { get; }
    [LSTM(3, Input = nameof(Encoder))] public partial LayerInfo Forwards { get; }
    [LSTM(3, GoBackwards = true, Input = nameof(Encoder))] public partial LayerInfo Backwards { get; }
    [Concatenate(nameof(Forwards), nameof(Backwards))] public partial LayerInfo Joined { get; }
    [Dense(2, Activation = Activation.Softmax, Input = nameof(Joined))] public partial LayerInfo Head { get; }
}

/// <summary>The benchmark shape: 100 steps of 40 features through 64 units, into ten classes.</summary>
[Sequential(InputShape = new[] { 100, 40 })]
[LSTM(64)]
[Dense(10, Activation = Activation.Softmax)]
public partial class SpeechLstmNet;
