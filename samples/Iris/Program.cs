using Compiled;
using Compiled.Plots;
using Samples;
using Samples.Iris;

// Keras:  model = Sequential([Input(shape=(4,)), Dense(16, activation='relu'), Dense(3, activation='softmax')])
var model = new IrisNet(seed: 7);
model.Summary();
// Keras:  plot_model(model, show_shapes=True)
string? picture = NetworkDiagram.Save(model, Path.Combine(AppContext.BaseDirectory, "iris-model"));
Console.WriteLine(picture is null ? "(install Graphviz's dot to draw iris-model.dot)" : $"network diagram: {picture}");

IrisDataset iris = IrisDataset.Load(Path.Combine(AppContext.BaseDirectory, "iris.csv"));
(IrisDataset train, IrisDataset test) = iris.Split(trainFraction: 0.7, seed: 42);
train.StandardizeWith(test);

// Keras:  model.compile(loss='categorical_crossentropy', optimizer=SGD(lr=0.1, momentum=0.9), metrics=['categorical_accuracy'])
model.Compile(Loss.CategoricalCrossentropy, new SGD(lr: 0.05, momentum: 0.9), Metric.CategoricalAccuracy);

// Keras:  model.fit(x_train, y_train, batch_size=16, epochs=60, verbose=1)
History history = model.Fit(train.Features2D, train.OneHot(), batchSize: 16, epochs: 60, verbose: 1);
string curves = Path.Combine(AppContext.BaseDirectory, "iris-training.png");
history.SavePng(curves, title: "IrisNet on Iris");
Console.WriteLine($"training curves: {curves}");

Evaluation result = model.Evaluate(test.Features2D, test.OneHot(), verbose: 0);
Console.WriteLine($"test loss: {result.Loss:0.0000}");
Console.WriteLine($"test accuracy: {result["categorical_accuracy"]:0.0000}");
