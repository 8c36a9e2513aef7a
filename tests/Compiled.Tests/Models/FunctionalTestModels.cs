using Compiled;

namespace Compiled.Tests.Models;

/// <summary>A residual block: <c>Hidden</c> feeds both the block and the Add, so its gradient is a sum of two.</summary>
[Functional(nameof(Probabilities))]
public partial class ResidualNet
{
    [Input(4)] public partial LayerInfo Features { get; }
    [Dense(8, Activation = Activation.Tanh, Input = nameof(Features))] public partial DenseWeights Hidden { get; }
    [Dense(8, Activation = Activation.Relu, Input = nameof(Hidden))] public partial DenseWeights Block { get; }
    [Add(nameof(Hidden), nameof(Block))] public partial LayerInfo Residual { get; }
    [Dense(3, Activation = Activation.Softmax, Input = nameof(Residual))] public partial DenseWeights Probabilities { get; }
}

/// <summary>
/// Two inputs and every merge and shape layer, with nodes used several times (once twice by one Add),
/// an input that needs no gradient joined by Concatenate, and a final Softmax layer.
/// </summary>
[Functional(nameof(Probabilities))]
public partial class EveryMergeNet
{
    [Input(4)] public partial LayerInfo Vector { get; }
    [Input(2, 3)] public partial LayerInfo Grid { get; }
    [Dense(6, Activation = Activation.Tanh, Input = nameof(Vector))] public partial DenseWeights Projected { get; }
    [Flatten(Input = nameof(Grid))] public partial LayerInfo Flat { get; }
    [Dense(6, Activation = Activation.Sigmoid, Input = nameof(Flat))] public partial DenseWeights Gate { get; }
    [Add(nameof(Projected), nameof(Gate), nameof(Projected))] public partial LayerInfo Sum { get; }
    [Subtract(nameof(Projected), nameof(Gate))] public partial LayerInfo Difference { get; }
    [Multiply(nameof(Sum), nameof(Difference), nameof(Gate))] public partial LayerInfo Product { get; }
    [Average(nameof(Sum), nameof(Product))] public partial LayerInfo Mean { get; }
    [Maximum(nameof(Difference), nameof(Mean), nameof(Projected))] public partial LayerInfo Largest { get; }
    [Reshape(2, 3, Input = nameof(Largest))] public partial LayerInfo Folded { get; }
    [Concatenate(nameof(Folded), nameof(Grid), Axis = 1)] public partial LayerInfo Stacked { get; }
    [Reshape(2, -1, Input = nameof(Gate))] public partial LayerInfo GateFolded { get; }
    [Concatenate(nameof(Folded), nameof(GateFolded))] public partial LayerInfo SideBySide { get; }
    [Dense(5, Input = nameof(Stacked))] public partial DenseWeights Rows { get; }
    [ReLU(Input = nameof(Rows))] public partial LayerInfo RowsActive { get; }
    [Dense(5, Activation = Activation.Relu, Input = nameof(SideBySide))] public partial DenseWeights Columns { get; }
    [Flatten(Input = nameof(RowsActive))] public partial LayerInfo RowsFlat { get; }
    [Flatten(Input = nameof(Columns))] public partial LayerInfo ColumnsFlat { get; }
    [Concatenate(nameof(RowsFlat), nameof(ColumnsFlat))] public partial LayerInfo Joined { get; }
    [Activation(Activation.Tanh, Input = nameof(Joined))] public partial LayerInfo Squashed { get; }
    [Dense(3, Input = nameof(Squashed))] public partial DenseWeights Scores { get; }
    [Softmax(Input = nameof(Scores))] public partial LayerInfo Probabilities { get; }
}

/// <summary>
/// Two outputs, the first also feeding the second: its gradient is the loss's plus what flows back from
/// the second, so its softmax cannot take the fused path.
/// </summary>
[Functional(nameof(First), nameof(Second))]
public partial class TwoHeadedNet
{
    [Input(4)] public partial LayerInfo Features { get; }
    [Dense(6, Activation = Activation.Tanh, Input = nameof(Features))] public partial DenseWeights Shared { get; }
    [Dense(3, Activation = Activation.Softmax, Input = nameof(Shared))] public partial DenseWeights First { get; }
    [Concatenate(nameof(Shared), nameof(First))] public partial LayerInfo Joined { get; }
    [Dense(2, Input = nameof(Joined))] public partial DenseWeights SecondLogits { get; }
    [Softmax(Input = nameof(SecondLogits))] public partial LayerInfo Second { get; }
}
