using System.Diagnostics;
using Compiled.Datasets;
using Samples.SpokenDigits;

// Spoken digits: the Free Spoken Digit Dataset's recordings as sequences of MFCC frames, the input of a recurrent
// network. The recordings come from the data set cache (COMPILED_DATASETS, else ~/.compiled/datasets), downloaded once
// and checked; this program loads them, computes the features and prints what a model will take.
Stopwatch clock = Stopwatch.StartNew();
(LabelledRecordings train, LabelledRecordings test) = FreeSpokenDigits.LoadData();
Console.WriteLine($"loaded {train.Count} training and {test.Count} test recordings at {FreeSpokenDigits.SampleRate} Hz in {clock.Elapsed.TotalSeconds:0.00} s");

clock.Restart();
SpokenDigitsFeatures features = SpokenDigitsFeatures.From(train, test);
int cut = features.Lengths.Count(length => length > SpokenDigitsFeatures.Frames);
Console.WriteLine($"features in {clock.Elapsed.TotalSeconds:0.00} s: {SpeechFeatures.Coefficients} MFCCs with deltas and delta-deltas per 10 ms frame");
Console.WriteLine($"x_train shape: ({features.XTrain.GetLength(0)}, {SpokenDigitsFeatures.Frames}, {SpeechFeatures.PerFrame})");
Console.WriteLine($"x_test shape: ({features.XTest.GetLength(0)}, {SpokenDigitsFeatures.Frames}, {SpeechFeatures.PerFrame})");
Console.WriteLine($"frames per recording: {features.Lengths.Min()} to {features.Lengths.Max()}, mean {features.Lengths.Average():0.0}; {cut} recordings cut to {SpokenDigitsFeatures.Frames}, the rest padded with zeros");
