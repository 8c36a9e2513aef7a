using Compiled;

// XOR through the installed package, once as a Sequential model and once as a functional graph with a skip
// connection: the generator must have run (Fit, Layers, ModelSummary, the node properties' bodies) and the
// runtime must train both.
float[,] x = { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } };
float[,] y = { { 0 }, { 1 }, { 1 }, { 0 } };

var model = new XorNet(seed: 3);
model.Compile(Loss.MeanSquaredError, new SGD(lr: 2, momentum: 0.5), Metric.BinaryAccuracy);
History history = model.Fit(x, y, batchSize: 4, epochs: 3000, verbose: 0, shuffle: false);
Console.Write(XorNet.ModelSummary);
Console.WriteLine($"consumer: parameters={XorNet.ParameterCount} loss={history.Loss[^1]:0.0000} binary_accuracy={history["binary_accuracy"][^1]:0.00}");

var graph = new SkipXorNet(seed: 3);
graph.Compile(Loss.MeanSquaredError, new SGD(lr: 1, momentum: 0.5), Metric.BinaryAccuracy);
History graphHistory = graph.Fit(x, y, batchSize: 4, epochs: 3000, verbose: 0, shuffle: false);
Console.Write(SkipXorNet.ModelSummary);
Console.WriteLine($"consumer: functional parameters={SkipXorNet.ParameterCount} loss={graphHistory.Loss[^1]:0.0000} binary_accuracy={graphHistory["binary_accuracy"][^1]:0.00}");

return history["binary_accuracy"][^1] == 1.0 && graphHistory["binary_accuracy"][^1] == 1.0 ? 0 : 1;

[Sequential(Input = 2)]
[Dense(8, Activation = Activation.Tanh)]
[Dense(1, Activation = Activation.Sigmoid)]
partial class XorNet;

[Functional(nameof(Out))]
partial class SkipXorNet
{
    [Input(2)] public partial LayerInfo Inputs { get; }
    [Dense(8, Activation = Activation.Tanh, Input = nameof(Inputs))] public partial DenseWeights Hidden { get; }
    [Concatenate(nameof(Inputs), nameof(Hidden))] public partial LayerInfo Joined { get; }
    [Dense(1, Activation = Activation.Sigmoid, Input = nameof(Joined))] public partial DenseWeights Out { get; }
}
