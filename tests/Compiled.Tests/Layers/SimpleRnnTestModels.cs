namespace Compiled.Tests.Layers;

// Small SimpleRNN networks that together use every option, for the gradient checks, the SIMD and thread checks, the
// allocation tests and the ONNX export. Unit counts of 4 (below one vector), 9 (one 256-bit vector and an overlapping
// one) and 17 (the same for 512 bits) walk every path of the step kernels.

/// <summary>The last step's state, into a softmax head.</summary>
[Sequential(InputShape = new[] { 5, 3 })]
[SimpleRNN(4)]
[Dense(3, Activation = Activation.Softmax)]
public partial class LastStepSimpleRnnNet;

/// <summary>Every step's state, flattened into a softmax head (Keras's SimpleRNN, Flatten, Dense).</summary>
[Sequential(InputShape = new[] { 4, 3 })]
[SimpleRNN(9, ReturnSequences = true)]
[Flatten]
[Dense(3, Activation = Activation.Softmax)]
public partial class SequenceSimpleRnnNet;

/// <summary>Read backwards with relu, every step returned (in the reversed order Keras returns them), and a second layer read backwards returning its last step.</summary>
[Sequential(InputShape = new[] { 6, 2 })]
[SimpleRNN(5, GoBackwards = true, ReturnSequences = true, Activation = Activation.Relu)]
[SimpleRNN(3, GoBackwards = true)]
[Dense(2, Activation = Activation.Softmax)]
public partial class BackwardsSimpleRnnNet;

/// <summary>No bias, sigmoid, and odd sizes: 7 features, 17 units.</summary>
[Sequential(InputShape = new[] { 3, 7 })]
[SimpleRNN(17, UseBias = false, Activation = Activation.Sigmoid)]
[Dense(3, Activation = Activation.Softmax)]
public partial class NoBiasSimpleRnnNet;

/// <summary>A stack: a linear sequence-returning layer feeding a hard sigmoid one, then a tanh one returning its last step.</summary>
[Sequential(InputShape = new[] { 5, 4 })]
[SimpleRNN(6, ReturnSequences = true, Activation = Activation.Linear)]
[SimpleRNN(9, ReturnSequences = true, Activation = Activation.HardSigmoid)]
[SimpleRNN(3)]
[Dense(3, Activation = Activation.Softmax)]
public partial class StackedSimpleRnnNet;

/// <summary>Input dropout on two stacked layers: the second one's mask also scales the gradient that reaches the first.</summary>
[Sequential(InputShape = new[] { 4, 5 })]
[SimpleRNN(6, Dropout = 0.4, ReturnSequences = true)]
[SimpleRNN(3, Dropout = 0.3)]
[Dense(2, Activation = Activation.Softmax)]
public partial class DropoutSimpleRnnNet
{
    /// <summary>The masks the last training step drew, one row of features per sample.</summary>
    internal float[] FirstMask => _simpleRnnInputMask;

    internal float[] SecondMask => _simpleRnn1InputMask;
}

/// <summary>Bidirectional: every step's two states side by side, flattened into a softmax head.</summary>
[Sequential(InputShape = new[] { 4, 3 })]
[Bidirectional]
[SimpleRNN(5, ReturnSequences = true)]
[Flatten]
[Dense(3, Activation = Activation.Softmax)]
public partial class ConcatSequenceBiSimpleRnnNet;

/// <summary>Bidirectional: the two relu last states added.</summary>
[Sequential(InputShape = new[] { 5, 3 })]
[Bidirectional(MergeMode = MergeMode.Sum)]
[SimpleRNN(4, Activation = Activation.Relu)]
[Dense(3, Activation = Activation.Softmax)]
public partial class SumLastBiSimpleRnnNet;

/// <summary>Bidirectional: every step's two states averaged, 17 units, the wrapped layer itself read backwards.</summary>
[Sequential(InputShape = new[] { 3, 2 })]
[Bidirectional(MergeMode = MergeMode.Ave)]
[SimpleRNN(17, ReturnSequences = true, GoBackwards = true)]
[Flatten]
[Dense(2, Activation = Activation.Softmax)]
public partial class AveSequenceBiSimpleRnnNet;

/// <summary>Bidirectional: the two last states multiplied.</summary>
[Sequential(InputShape = new[] { 6, 2 })]
[Bidirectional(MergeMode = MergeMode.Mul)]
[SimpleRNN(7)]
[Dense(2, Activation = Activation.Softmax)]
public partial class MulLastBiSimpleRnnNet;

/// <summary>The LSTM benchmark's shape: 100 steps of 40 features through 64 units, into ten classes.</summary>
[Sequential(InputShape = new[] { 100, 40 })]
[SimpleRNN(64)]
[Dense(10, Activation = Activation.Softmax)]
public partial class SpeechSimpleRnnNet;
