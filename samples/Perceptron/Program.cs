using Compiled;
using Samples.Perceptron;

// The tutorial's training set: the output copies the first input.
float[,] inputs = { { 0, 0, 1 }, { 1, 1, 1 }, { 1, 0, 1 }, { 0, 1, 1 } };
float[,] outputs = { { 0 }, { 1 }, { 1 }, { 0 } };

// numpy:  for i in range(20000): adjustments = error * sigmoid_derivative(outputs); weights += np.dot(inputs.T, adjustments)
// That update is gradient descent on squared error with a learning rate of N / 2 = 2 over the full batch of 4.
var neuron = new SingleNeuron(seed: 1);
neuron.Summary();
Console.WriteLine($"Random starting weights: {string.Join(", ", neuron.Dense.Kernel.ToArray().Select(w => w.ToString("0.0000")))}");
neuron.Compile(Loss.MeanSquaredError, new SGD(lr: 2), Metric.BinaryAccuracy);
// Keras:  model.fit(x, y, batch_size=4, epochs=20000, verbose=0): 20,000 progress lines would bury everything else.
History neuronHistory = neuron.Fit(inputs, outputs, batchSize: 4, epochs: 20000, verbose: 0, shuffle: false);
Console.WriteLine($"Epoch 20000/20000: loss: {neuronHistory.Loss[^1]:0.0000e+00} - binary_accuracy: {neuronHistory["binary_accuracy"][^1]:0.0000}");
Console.WriteLine($"Weights after training: {string.Join(", ", neuron.Dense.Kernel.ToArray().Select(w => w.ToString("0.0000")))}");
// Keras:  model.evaluate(x, y): one progress line with the loss and the metrics.
neuron.Evaluate(inputs, outputs);
PrintPredictions(neuron, inputs, outputs);
Console.WriteLine($"New situation [1, 0, 0] -> {neuron.Predict([1f, 0f, 0f])[0]:0.00000}");
Console.WriteLine();

// XOR of the first two inputs: no single neuron separates it; a hidden layer of 10 does.
float[,] xorOutputs = { { 0 }, { 0 }, { 1 }, { 1 } };
float[,] xorInputs = { { 0, 0, 1 }, { 1, 1, 1 }, { 1, 0, 1 }, { 0, 1, 1 } };
var network = new HiddenLayerNetwork(seed: 3);
network.Summary();
network.Compile(Loss.MeanSquaredError, new SGD(lr: 2, momentum: 0.5), Metric.BinaryAccuracy);
History history = network.Fit(xorInputs, xorOutputs, batchSize: 4, epochs: 5000, verbose: 0, shuffle: false);
Console.WriteLine($"Epoch 5000/5000: loss: {history.Loss[^1]:0.0000e+00} - binary_accuracy: {history["binary_accuracy"][^1]:0.0000}");
network.Evaluate(xorInputs, xorOutputs);
PrintPredictions(network, xorInputs, xorOutputs);

// Keras:  model.predict(x), beside the targets.
static void PrintPredictions(Model model, float[,] x, float[,] y)
{
    float[,] predictions = model.Predict(x);
    Console.WriteLine("input        prediction  target");
    for (int i = 0; i < x.GetLength(0); i++)
        Console.WriteLine($"[{x[i, 0]}, {x[i, 1]}, {x[i, 2]}]    {predictions[i, 0],10:0.0000}  {y[i, 0],6}");
}
