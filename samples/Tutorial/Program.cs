using Compiled;
using Samples;
using Samples.Tutorial;

// data = np.random.random((1000, 100)); labels = to_categorical(...)
(float[,] x, int[] labels) = SyntheticData.Make(samples: 1000, features: 100, classes: 10, seed: 1);
float[,] y = Utils.ToCategorical(labels, numClasses: 10);
(float[,] xTest, int[] testLabels) = SyntheticData.Make(samples: 1000, features: 100, classes: 10, seed: 2);

// model = Sequential([...]); model.summary()
var model = new TutorialNet(seed: 0);
model.Summary();
// plot_model(model, show_shapes=True): README's picture of the network is this file
string? picture = NetworkDiagram.Save(model, Path.Combine(AppContext.BaseDirectory, "tutorial-network"));
Console.WriteLine(picture is null ? "(install Graphviz's dot to draw tutorial-network.dot)" : $"network diagram: {picture}");

// sgd = SGD(lr=0.1, decay=1e-10, momentum=0.9, nesterov=True)
// model.compile(loss='categorical_crossentropy', optimizer=sgd, metrics=['categorical_accuracy'])
var sgd = new SGD(lr: 0.1, decay: 1e-10, momentum: 0.9, nesterov: true);
model.Compile(Loss.CategoricalCrossentropy, sgd, Metric.CategoricalAccuracy);

// model.fit(data, labels, batch_size=32, epochs=1, verbose=1)
model.Fit(x, y, batchSize: 32, epochs: 1, verbose: 1);

Evaluation result = model.Evaluate(xTest, Utils.ToCategorical(testLabels, numClasses: 10), verbose: 0);
Console.WriteLine($"held-out after 1 epoch: {result}");

// One epoch is the tutorial's setting; a few more show the network learning the synthetic classes.
model.Fit(x, y, batchSize: 32, epochs: 20, verbose: 2);
result = model.Evaluate(xTest, Utils.ToCategorical(testLabels, numClasses: 10), verbose: 0);
Console.WriteLine($"held-out after 21 epochs: {result}");

// The tutorial builds the same network with the functional API: inputs = Input(...); x = Dense(32)(inputs); ...;
// model = Model(inputs=inputs, outputs=out). Same layers, same initializer stream, so the same weights and the same training.
var functional = new FunctionalTutorialNet(seed: 0);
functional.Summary();
functional.Compile(Loss.CategoricalCrossentropy, new SGD(lr: 0.1, decay: 1e-10, momentum: 0.9, nesterov: true), Metric.CategoricalAccuracy);
functional.Fit(x, y, batchSize: 32, epochs: 1, verbose: 1);
Console.WriteLine($"functional model, held-out after 1 epoch: {functional.Evaluate(xTest, Utils.ToCategorical(testLabels, numClasses: 10), verbose: 0)}");
