namespace Compiled.Tests.Layers;

// Small GRU networks that together use every option, both forms of the reset gate, for the gradient checks, the SIMD and
// thread checks and the allocation tests. Unit counts of 4 (below one vector), 9 (one 256-bit vector and a scalar tail)
// and 17 (one 512-bit vector and a tail) walk every path of the cell kernels.

/// <summary>The last step's state, into a softmax head.</summary>
[Sequential(InputShape = new[] { 5, 3 })]
[GRU(4)]
[Dense(3, Activation = Activation.Softmax)]
public partial class LastStepGruNet;

/// <summary>Every step's state, flattened into a softmax head.</summary>
[Sequential(InputShape = new[] { 4, 3 })]
[GRU(9, ReturnSequences = true)]
[Flatten]
[Dense(3, Activation = Activation.Softmax)]
public partial class SequenceGruNet;

/// <summary>Read backwards, every step returned (in the reversed order Keras returns them), and a second layer read backwards returning its last step.</summary>
[Sequential(InputShape = new[] { 6, 2 })]
[GRU(5, GoBackwards = true, ReturnSequences = true)]
[GRU(3, GoBackwards = true)]
[Dense(2, Activation = Activation.Softmax)]
public partial class BackwardsGruNet;

/// <summary>Keras 2.2's form, the reset gate before the product: a sequence-returning layer feeding one read backwards.</summary>
[Sequential(InputShape = new[] { 5, 3 })]
[GRU(9, ResetAfter = false, ReturnSequences = true)]
[GRU(4, ResetAfter = false, GoBackwards = true)]
[Dense(3, Activation = Activation.Softmax)]
public partial class ResetBeforeGruNet;

/// <summary>No bias, Keras 2.1's hard sigmoid gates, a relu candidate, and odd sizes: 7 features, 17 units; both forms.</summary>
[Sequential(InputShape = new[] { 3, 7 })]
[GRU(17, UseBias = false, RecurrentActivation = Activation.HardSigmoid, Activation = Activation.Relu, ReturnSequences = true)]
[GRU(6, ResetAfter = false, RecurrentActivation = Activation.HardSigmoid)]
[Dense(3, Activation = Activation.Softmax)]
public partial class HardSigmoidGruNet;

/// <summary>A stack: sigmoid candidates with linear gates over the reset gate's two forms, then a plain layer.</summary>
[Sequential(InputShape = new[] { 5, 4 })]
[GRU(6, ReturnSequences = true, Activation = Activation.Sigmoid, RecurrentActivation = Activation.Linear)]
[GRU(9, ResetAfter = false, ReturnSequences = true, Activation = Activation.Linear, RecurrentActivation = Activation.Tanh)]
[GRU(3)]
[Dense(3, Activation = Activation.Softmax)]
public partial class StackedGruNet;

/// <summary>Input dropout on two stacked layers, one of each form: the second one's mask also scales the gradient that reaches the first.</summary>
[Sequential(InputShape = new[] { 4, 5 })]
[GRU(6, Dropout = 0.4, ReturnSequences = true)]
[GRU(3, Dropout = 0.3, ResetAfter = false)]
[Dense(2, Activation = Activation.Softmax)]
public partial class DropoutGruNet
{
    /// <summary>The masks the last training step drew, one row of features per sample.</summary>
    internal float[] FirstMask => _gruInputMask;

    internal float[] SecondMask => _gru1InputMask;
}

/// <summary>The two last states side by side.</summary>
[Sequential(InputShape = new[] { 5, 3 })]
[Bidirectional]
[GRU(4)]
[Dense(3, Activation = Activation.Softmax)]
public partial class ConcatLastBiGruNet;

/// <summary>Every step's two states side by side, Keras 2.2's form.</summary>
[Sequential(InputShape = new[] { 4, 3 })]
[Bidirectional(MergeMode = MergeMode.Concat)]
[GRU(5, ReturnSequences = true, ResetAfter = false)]
[Flatten]
[Dense(3, Activation = Activation.Softmax)]
public partial class ConcatSequenceBiGruNet;

/// <summary>Every step's two states added, the backward copy's turned back to input order.</summary>
[Sequential(InputShape = new[] { 4, 3 })]
[Bidirectional(MergeMode = MergeMode.Sum)]
[GRU(9, ReturnSequences = true)]
[Flatten]
[Dense(3, Activation = Activation.Softmax)]
public partial class SumSequenceBiGruNet;

/// <summary>The two last states averaged, hard sigmoid gates, Keras 2.2's form.</summary>
[Sequential(InputShape = new[] { 3, 4 })]
[Bidirectional(MergeMode = MergeMode.Ave)]
[GRU(6, RecurrentActivation = Activation.HardSigmoid, ResetAfter = false)]
[Dense(3, Activation = Activation.Softmax)]
public partial class AveLastBiGruNet;

/// <summary>The two last states multiplied.</summary>
[Sequential(InputShape = new[] { 6, 2 })]
[Bidirectional(MergeMode = MergeMode.Mul)]
[GRU(7)]
[Dense(2, Activation = Activation.Softmax)]
public partial class MulLastBiGruNet;

/// <summary>The LSTM benchmark's shape through a GRU: 100 steps of 40 features through 64 units, into ten classes.</summary>
[Sequential(InputShape = new[] { 100, 40 })]
[GRU(64)]
[Dense(10, Activation = Activation.Softmax)]
public partial class SpeechGruNet;

/// <summary>The same in Keras 2.2's form, whose products read column blocks of the recurrent kernel in place.</summary>
[Sequential(InputShape = new[] { 100, 40 })]
[GRU(64, ResetAfter = false)]
[Dense(10, Activation = Activation.Softmax)]
public partial class SpeechResetBeforeGruNet;

/// <summary>Two Bidirectional GRUs, one of each reset gate form: the second's copies, run side by side, both send a gradient to the first's output.</summary>
[Sequential(InputShape = new[] { 7, 3 })]
[Bidirectional(MergeMode = MergeMode.Sum)]
[GRU(5, ReturnSequences = true, Dropout = 0.2)]
[Bidirectional]
[GRU(4, ResetAfter = false)]
[Dense(3, Activation = Activation.Softmax)]
public partial class StackedBiGruNet;
