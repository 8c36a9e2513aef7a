using Compiled;
using Compiled.Plots;
using Samples.Digits;

var model = new DigitsNet(seed: 5);
model.Summary();

DigitsDataset digits = DigitsDataset.Load(Path.Combine(AppContext.BaseDirectory, "digits.csv"));
(DigitsDataset train, DigitsDataset test) = digits.Split(trainFraction: 0.8, seed: 42);

model.Compile(Loss.CategoricalCrossentropy, new SGD(lr: 0.05, momentum: 0.9, nesterov: true), Metric.CategoricalAccuracy);
History history = model.Fit(train.Images, train.OneHot(), batchSize: 32, epochs: 30, verbose: 1, validationSplit: 0.1);
string curves = Path.Combine(AppContext.BaseDirectory, "digits-training.png");
history.SavePng(curves, title: "DigitsNet on 8x8 digits");
Console.WriteLine($"training curves: {curves}");

Evaluation result = model.Evaluate(test.Images, test.OneHot(), verbose: 0);
Console.WriteLine($"test loss: {result.Loss:0.0000}");
Console.WriteLine($"test accuracy: {result["categorical_accuracy"]:0.0000}");

// The same images as 8x8x1 pictures, through a small convolutional network.
var cnn = new DigitsCnn(seed: 5);
cnn.Summary();
cnn.Compile(Loss.CategoricalCrossentropy, new SGD(lr: 0.05, momentum: 0.9, nesterov: true), Metric.CategoricalAccuracy);
cnn.Fit(train.Images, train.OneHot(), batchSize: 32, epochs: 30, verbose: 0, validationSplit: 0.1);
Evaluation cnnResult = cnn.Evaluate(test.Images, test.OneHot(), verbose: 0);
Console.WriteLine($"cnn test loss: {cnnResult.Loss:0.0000}");
Console.WriteLine($"cnn test accuracy: {cnnResult["categorical_accuracy"]:0.0000}");
