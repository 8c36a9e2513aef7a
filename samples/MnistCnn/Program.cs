using Compiled;
using Compiled.Datasets;
using Compiled.Plots;
using Samples.MnistCnn;

// Keras's mnist_cnn example. `--quick` trains one epoch (what CI runs); the default run trains 12, as the Keras
// example does, keeping a tenth of the training images aside to report validation loss and accuracy per epoch.
bool quick = args.Contains("--quick");
int epochs = quick ? 1 : 12;

// Keras: (x_train, y_train), (x_test, y_test) = mnist.load_data(), then x / 255 and to_categorical.
// The files come from the data set cache (COMPILED_DATASETS, else ~/.compiled/datasets), downloaded once and checked.
(LabelledImages train, LabelledImages test) = Mnist.LoadData();
(float[,] xTrain, int[] yTrain) = train;
(float[,] xTest, int[] yTest) = test;
Console.WriteLine($"x_train shape: ({xTrain.GetLength(0)}, 28, 28, 1)");
Console.WriteLine($"{xTrain.GetLength(0)} train samples");
Console.WriteLine($"{xTest.GetLength(0)} test samples");

var model = new MnistCnnNet(seed: 1);
model.Summary();
// Keras's example: Adadelta with Keras 2.0's default learning rate of 1.0 (rho 0.95).
model.Compile(Loss.CategoricalCrossentropy, new Adadelta(learningRate: 1.0), Metric.CategoricalAccuracy);
History history = model.Fit(xTrain, Utils.ToCategorical(yTrain, 10), batchSize: 128, epochs: epochs, verbose: 1, validationSplit: quick ? 0.0 : 0.1);
if (!quick)
{
    string curves = Path.Combine(AppContext.BaseDirectory, "mnist-training.png");
    history.SavePng(curves, title: "MnistCnnNet on MNIST");
    Console.WriteLine($"training curves: {curves}");
}

Evaluation score = model.Evaluate(xTest, Utils.ToCategorical(yTest, 10), verbose: 0);
Console.WriteLine($"test loss: {score.Loss:0.0000}");
Console.WriteLine($"test accuracy: {score["categorical_accuracy"]:0.0000}");
