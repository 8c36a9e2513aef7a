namespace Compiled.Tests.Hdf5;

/// <summary>A residual block whose shortcut is declared before the branch it skips; Keras lists the deeper branch's first layer first.</summary>
[Functional(nameof(Probabilities))]
public partial class ShortcutFirstNet
{
    [Input(4)] public partial LayerInfo Features { get; }
    [Dense(3, Input = nameof(Features))] public partial DenseWeights Shortcut { get; }
    [Dense(5, Activation = Activation.Relu, Input = nameof(Features))] public partial DenseWeights Deep1 { get; }
    [Dense(3, Input = nameof(Deep1))] public partial DenseWeights Deep2 { get; }
    [Add(nameof(Shortcut), nameof(Deep2))] public partial LayerInfo Residual { get; }
    [Dense(2, Activation = Activation.Softmax, Input = nameof(Residual))] public partial DenseWeights Probabilities { get; }
}

/// <summary>Two branches of equal shapes concatenated in the order opposite to their declaration.</summary>
[Functional(nameof(Probabilities))]
public partial class CrossedBranchesNet
{
    [Input(4)] public partial LayerInfo Features { get; }
    [Dense(3, Activation = Activation.Tanh, Input = nameof(Features))] public partial DenseWeights Left { get; }
    [Dense(3, Activation = Activation.Relu, Input = nameof(Features))] public partial DenseWeights Right { get; }
    [Concatenate(nameof(Right), nameof(Left))] public partial LayerInfo Joined { get; }
    [Dense(2, Activation = Activation.Softmax, Input = nameof(Joined))] public partial DenseWeights Probabilities { get; }
}

/// <summary>Two inputs and two outputs, declared in an order of their own.</summary>
[Functional(nameof(First), nameof(Second))]
public partial class TwoInTwoOutNet
{
    [Input(4)] public partial LayerInfo X { get; }
    [Input(3)] public partial LayerInfo Y { get; }
    [Dense(3, Activation = Activation.Tanh, Input = nameof(Y))] public partial DenseWeights YDense { get; }
    [Dense(3, Activation = Activation.Tanh, Input = nameof(X))] public partial DenseWeights XDense { get; }
    [Concatenate(nameof(YDense), nameof(XDense))] public partial LayerInfo Joined { get; }
    [Dense(2, Activation = Activation.Softmax, Input = nameof(Joined))] public partial DenseWeights Second { get; }
    [Dense(2, Activation = Activation.Softmax, Input = nameof(XDense))] public partial DenseWeights First { get; }
}
