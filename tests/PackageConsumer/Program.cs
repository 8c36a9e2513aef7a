using Compiled;

// XOR through the installed package: the generator must have run (XorNet has Fit, Layers, ModelSummary)
// and the runtime must train it.
var model = new XorNet(seed: 3);
model.Compile(Loss.MeanSquaredError, new SGD(lr: 2, momentum: 0.5), Metric.BinaryAccuracy);
float[,] x = { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } };
float[,] y = { { 0 }, { 1 }, { 1 }, { 0 } };
History history = model.Fit(x, y, batchSize: 4, epochs: 3000, verbose: 0, shuffle: false);
Console.Write(XorNet.ModelSummary);
Console.WriteLine($"consumer: parameters={XorNet.ParameterCount} loss={history.Loss[^1]:0.0000} binary_accuracy={history["binary_accuracy"][^1]:0.00}");
return history["binary_accuracy"][^1] == 1.0 ? 0 : 1;

[Sequential(Input = 2)]
[Dense(8, Activation = Activation.Tanh)]
[Dense(1, Activation = Activation.Sigmoid)]
partial class XorNet;
