using Compiled;
using Compiled.Datasets;

namespace Samples.SpokenDigits;

/// <summary>
/// The Free Spoken Digit Dataset as a sequence model takes it: each recording as <see cref="Frames"/> frames of
/// <see cref="SpeechFeatures.PerFrame"/> standardised features (<see cref="SpeechFeatures"/>, <see cref="FeatureScaler"/>
/// fitted on the training split, <see cref="PadSequences"/>), one row per recording, and the digits as labels.
/// </summary>
/// <param name="XTrain">The training recordings' features, shape <c>(2700, Frames * PerFrame)</c>, read as <c>(Frames, PerFrame)</c> per row.</param>
/// <param name="YTrain">The digit of each training recording.</param>
/// <param name="XTest">The test recordings' features, scaled with the training split's statistics.</param>
/// <param name="YTest">The digit of each test recording.</param>
/// <param name="Lengths">How many real (not padded) frames each training recording has, then each test recording.</param>
public sealed record SpokenDigitsFeatures(float[,] XTrain, int[] YTrain, float[,] XTest, int[] YTest, int[] Lengths)
{
    /// <summary>
    /// Frames per recording: 100 frames of 25 ms every 10 ms cover 1.015 s. FSDD's recordings last 0.437 s on average
    /// and 2.28 s at most; all but 17 of the 3000 fit whole, and those keep their first second.
    /// </summary>
    public const int Frames = 100;

    /// <summary>The ten digits.</summary>
    public const int Classes = 10;

    /// <summary>Computes the features of both splits, standardised with the training split's statistics alone.</summary>
    public static SpokenDigitsFeatures From(LabelledRecordings train, LabelledRecordings test)
    {
        int sampleRate = train[0].SampleRate;
        if (train.Concat(test).Any(r => r.SampleRate != sampleRate))
            throw new ArgumentException($"every recording must have the sample rate of the first, {sampleRate} Hz.", nameof(test));
        SpeechFeatures speech = new(sampleRate);
        float[][][] trainFrames = train.Select(r => speech.Extract(r.Samples)).ToArray();
        float[][][] testFrames = test.Select(r => speech.Extract(r.Samples)).ToArray();

        FeatureScaler scaler = FeatureScaler.Fit(trainFrames, SpeechFeatures.PerFrame);
        float[,] xTrain = PadSequences.Apply(trainFrames.Select(scaler.Transform).ToArray(), Frames, SpeechFeatures.PerFrame);
        float[,] xTest = PadSequences.Apply(testFrames.Select(scaler.Transform).ToArray(), Frames, SpeechFeatures.PerFrame);
        int[] lengths = trainFrames.Concat(testFrames).Select(f => f.Length).ToArray();
        return new SpokenDigitsFeatures(xTrain, train.Labels, xTest, test.Labels, lengths);
    }

    /// <summary>
    /// The same features with the training recordings in a random order of <paramref name="seed"/>. FSDD lists them
    /// digit by digit, and Keras's <c>validation_split</c> holds out the last tenth before any shuffling: unshuffled,
    /// that tenth would be nothing but nines, a digit training never sees.
    /// </summary>
    public SpokenDigitsFeatures WithTrainingShuffled(int seed)
    {
        int count = YTrain.Length, width = XTrain.GetLength(1);
        int[] order = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(order);
        float[,] x = new float[count, width];
        int[] y = new int[count];
        for (int i = 0; i < count; i++)
        {
            for (int j = 0; j < width; j++) x[i, j] = XTrain[order[i], j];
            y[i] = YTrain[order[i]];
        }
        int[] lengths = (int[])Lengths.Clone();
        for (int i = 0; i < count; i++) lengths[i] = Lengths[order[i]];
        return this with { XTrain = x, YTrain = y, Lengths = lengths };
    }

    /// <summary>The training labels one-hot, as categorical cross-entropy wants them.</summary>
    public float[,] YTrainOneHot() => Utils.ToCategorical(YTrain, Classes);

    /// <summary>The test labels one-hot.</summary>
    public float[,] YTestOneHot() => Utils.ToCategorical(YTest, Classes);
}
