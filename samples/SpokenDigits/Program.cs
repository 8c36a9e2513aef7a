using System.Diagnostics;
using Compiled;
using Compiled.Datasets;
using Compiled.Plots;
using Samples.SpokenDigits;

// Spoken digits: the Free Spoken Digit Dataset's recordings as sequences of MFCC frames, read by a bidirectional LSTM
// and tested on FSDD's standard split (recordings 0-4 of each speaker and digit). `--quick` trains 15 epochs (what CI
// runs); the default run trains 30, holding a tenth of the training recordings aside for validation, and draws the curves.
// The recordings come from the data set cache (COMPILED_DATASETS, else ~/.compiled/datasets), downloaded once and checked.
bool quick = args.Contains("--quick");
int epochs = quick ? 15 : 30;

Stopwatch clock = Stopwatch.StartNew();
(LabelledRecordings train, LabelledRecordings test) = FreeSpokenDigits.LoadData();
Console.WriteLine($"loaded {train.Count} training and {test.Count} test recordings at {FreeSpokenDigits.SampleRate} Hz in {clock.Elapsed.TotalSeconds:0.00} s");

clock.Restart();
SpokenDigitsFeatures features = SpokenDigitsFeatures.From(train, test).WithTrainingShuffled(seed: 1);
int cut = features.Lengths.Count(length => length > SpokenDigitsFeatures.Frames);
Console.WriteLine($"features in {clock.Elapsed.TotalSeconds:0.00} s: {SpeechFeatures.Coefficients} MFCCs with deltas and delta-deltas per 10 ms frame");
Console.WriteLine($"x_train shape: ({features.XTrain.GetLength(0)}, {SpokenDigitsFeatures.Frames}, {SpeechFeatures.PerFrame})");
Console.WriteLine($"x_test shape: ({features.XTest.GetLength(0)}, {SpokenDigitsFeatures.Frames}, {SpeechFeatures.PerFrame})");
Console.WriteLine($"frames per recording: {features.Lengths.Min()} to {features.Lengths.Max()}, mean {features.Lengths.Average():0.0}; {cut} recordings cut to {SpokenDigitsFeatures.Frames}, the rest padded with zeros");

var model = new SpokenDigitsNet(seed: 1);
model.Summary();
model.Compile(Loss.CategoricalCrossentropy, new SGD(lr: 0.02, momentum: 0.9), Metric.CategoricalAccuracy);
clock.Restart();
History history = model.Fit(features.XTrain, features.YTrainOneHot(), batchSize: 32, epochs: epochs, verbose: 1, validationSplit: quick ? 0.0 : 0.1);
Console.WriteLine($"trained {epochs} epochs in {clock.Elapsed.TotalSeconds:0.0} s");
if (!quick)
{
    string curves = Path.Combine(AppContext.BaseDirectory, "spoken-digits-training.png");
    history.SavePng(curves, title: "SpokenDigitsNet on FSDD");
    Console.WriteLine($"training curves: {curves}");
}

Evaluation score = model.Evaluate(features.XTest, features.YTestOneHot(), verbose: 0);
Console.WriteLine($"test loss: {score.Loss:0.0000}");
Console.WriteLine($"test accuracy: {score["categorical_accuracy"]:0.0000}");
