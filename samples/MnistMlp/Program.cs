using Compiled;
using Compiled.Datasets;
using Compiled.Hdf5;
using Samples.MnistMlp;

// Keras's mnist_mlp example: RMSprop, batch 128, 20 epochs. `--quick` trains 4 (what CI runs). Keras's example
// validates on the test images; here the last 5,000 training images are held out instead, because EarlyStopping
// and ModelCheckpoint choose weights by the validation score, which must not be the test set reported at the end.
bool quick = args.Contains("--quick");
int epochs = quick ? 4 : 20;

// Keras: (x_train, y_train), (x_test, y_test) = mnist.load_data(), reshaped to 784 values, / 255, to_categorical.
// The files come from the data set cache (COMPILED_DATASETS, else ~/.compiled/datasets), downloaded once and checked.
(LabelledImages train, LabelledImages test) = Mnist.LoadData();
(float[,] images, int[] labels) = train;
(float[,] xTest, int[] yTest) = test;
const int validationCount = 5000;
int trainCount = images.GetLength(0) - validationCount;
float[,] xTrain = Rows(images, 0, trainCount), xValidation = Rows(images, trainCount, validationCount);
float[,] yTrain = Utils.ToCategorical(labels.AsSpan(0, trainCount), 10), yValidation = Utils.ToCategorical(labels.AsSpan(trainCount), 10);
Console.WriteLine($"{trainCount} train samples");
Console.WriteLine($"{validationCount} validation samples");
Console.WriteLine($"{xTest.GetLength(0)} test samples");

var model = new MnistMlpNet(seed: 1);
model.Summary();
model.Compile(Loss.CategoricalCrossentropy, new RMSprop(), Metric.CategoricalAccuracy);

// Keep the weights of the best validation accuracy: stop once it has not improved for 5 epochs and put those
// weights back, and write each improvement to an HDF5 file Keras's load_model reads, named by epoch and score.
string checkpoints = Path.Combine(AppContext.BaseDirectory, "checkpoints");
if (Directory.Exists(checkpoints)) Directory.Delete(checkpoints, recursive: true);
var earlyStopping = new EarlyStopping(monitor: "val_categorical_accuracy", patience: 5, restoreBestWeights: true);
var checkpoint = new ModelCheckpoint(Path.Combine(checkpoints, "mnist_mlp.{epoch:02d}-{val_categorical_accuracy:.4f}.h5"),
    monitor: "val_categorical_accuracy", saveBestOnly: true);
History history = model.Fit(xTrain, yTrain, batchSize: 128, epochs: epochs, verbose: 1,
    validationData: (xValidation, yValidation), callbacks: [earlyStopping, checkpoint]);
if (earlyStopping.StoppedEpoch > 0)
    Console.WriteLine($"early stopping after epoch {earlyStopping.StoppedEpoch + 1}; weights of epoch {earlyStopping.BestEpoch + 1} restored");
Console.WriteLine($"best checkpoint: {checkpoint.LastSavedPath}");

Evaluation score = model.Evaluate(xTest, Utils.ToCategorical(yTest, 10), verbose: 0);
Console.WriteLine($"test loss: {score.Loss:0.0000}");
Console.WriteLine($"test accuracy: {score["categorical_accuracy"]:0.0000}");

static float[,] Rows(float[,] source, int first, int count)
{
    int width = source.GetLength(1);
    float[,] rows = new float[count, width];
    Buffer.BlockCopy(source, first * width * sizeof(float), rows, 0, count * width * sizeof(float));
    return rows;
}
