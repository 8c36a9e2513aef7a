using Compiled.Datasets;
using Samples.SpokenDigits;

namespace Compiled.Tests.Datasets;

/// <summary>The SpokenDigits sample's features: MFCC frames, standardised on the training split, padded or cut to 100 frames.</summary>
public class SpeechFeaturesTests(LoadedFsdd fsdd) : IClassFixture<LoadedFsdd>
{
    [Fact]
    public void Pad_sequences_follows_short_sequences_with_zeros_and_keeps_the_first_frames_of_long_ones()
    {
        float[][] shortOne = [[1, 2], [3, 4]];
        float[][] longOne = [[5, 6], [7, 8], [9, 10], [11, 12]];

        float[,] batch = PadSequences.Apply([shortOne, longOne], maxLength: 3, features: 2);

        Assert.Equal(new float[,] { { 1, 2, 3, 4, 0, 0 }, { 5, 6, 7, 8, 9, 10 } }, batch);
        Assert.Throws<ArgumentException>(() => PadSequences.Apply([[[1f, 2f, 3f]]], 3, 2));
    }

    [Fact]
    public void The_scaler_standardises_with_the_training_frames_alone_and_leaves_a_constant_feature_centred()
    {
        // Feature 0 over the training frames: 1, 3, 5, 7 (mean 4, population deviation sqrt(5)); feature 1 is constant.
        float[][][] train = [[[1, 9], [3, 9]], [[5, 9]], [[7, 9]]];
        FeatureScaler scaler = FeatureScaler.Fit(train, features: 2);

        Assert.Equal([4f, 9f], scaler.Mean);
        Assert.Equal(MathF.Sqrt(5), scaler.Deviation[0], 1e-6f);
        Assert.Equal([[(1 - 4) / MathF.Sqrt(5), 0f]], scaler.Transform([[1, 9]]));
        // A test frame is scaled with the training statistics, not its own.
        Assert.Equal([[(104 - 4) / MathF.Sqrt(5), 1f]], scaler.Transform([[104, 10]]));
    }

    [Fact]
    public void A_recording_gives_39_features_for_each_whole_frame_of_25_ms_every_10_ms()
    {
        SpeechFeatures speech = new(8000);
        float[] tone = Tone(hertz: 440, samples: 1000);

        float[][] frames = speech.Extract(tone);

        Assert.Equal((200, 80), (speech.FrameSize, speech.HopSize));
        Assert.Equal((1000 - 200) / 80 + 1, frames.Length);
        Assert.All(frames, f => Assert.Equal(39, f.Length));
        Assert.All(frames.SelectMany(f => f), v => Assert.True(float.IsFinite(v)));
        // Each frame is its 13 MFCCs, their deltas (HTK's regression over two frames either side), then the deltas' deltas.
        for (int j = 0; j < 13; j++)
        {
            Assert.Equal((frames[4][j] - frames[2][j] + 2 * (frames[5][j] - frames[1][j])) / 10, frames[3][13 + j], 1e-4f);
            Assert.Equal((frames[4][13 + j] - frames[2][13 + j] + 2 * (frames[5][13 + j] - frames[1][13 + j])) / 10, frames[3][26 + j], 1e-4f);
        }
        // Another pitch, other coefficients; less than one frame, no frames.
        Assert.NotEqual(frames[3][..13], speech.Extract(Tone(hertz: 1500, samples: 1000))[3][..13]);
        Assert.Empty(speech.Extract(new float[199]));
    }

    [SkippableFact]
    public void Fsdd_features_have_the_model_input_shape_are_standardised_on_train_and_separate_the_digits()
    {
        var (train, test) = fsdd.Data;

        SpokenDigitsFeatures features = SpokenDigitsFeatures.From(train, test);

        Assert.Equal((2700, 100 * 39), (features.XTrain.GetLength(0), features.XTrain.GetLength(1)));
        Assert.Equal((300, 100 * 39), (features.XTest.GetLength(0), features.XTest.GetLength(1)));
        Assert.Equal(train.Labels, features.YTrain);
        Assert.Equal(test.Labels, features.YTest);
        Assert.Equal(17, features.Lengths.Count(n => n > 100));

        // Over the training recordings' real frames every feature has mean 0 and deviation 1; the padding is zeros.
        int[] trainLengths = features.Lengths[..2700];
        for (int j = 0; j < 39; j += 7)
        {
            var values = Enumerable.Range(0, 2700).SelectMany(i => Enumerable.Range(0, Math.Min(trainLengths[i], 100)).Select(t => (double)features.XTrain[i, t * 39 + j])).ToList();
            double mean = values.Average();
            Assert.InRange(mean, -0.05, 0.05);   // the 17 cut recordings' last frames are not in the batch
            Assert.InRange(Math.Sqrt(values.Average(v => (v - mean) * (v - mean))), 0.95, 1.05);
        }
        int shortest = Array.IndexOf(trainLengths, trainLengths.Min());
        Assert.All(Enumerable.Range(trainLengths[shortest] * 39, 100 * 39 - trainLengths[shortest] * 39), k => Assert.Equal(0f, features.XTrain[shortest, k]));

        // The features carry the digit: the nearest class centroid of the frames' mean classifies the test split far
        // above chance (0.10): about 0.75 here, and a logistic regression on the same means reaches about 0.91.
        double[][] Pooled(float[,] x, int offset) => Enumerable.Range(0, x.GetLength(0)).Select(i =>
        {
            int length = Math.Min(features.Lengths[offset + i], 100);
            return Enumerable.Range(0, 39).Select(j => Enumerable.Range(0, length).Average(t => (double)x[i, t * 39 + j])).ToArray();
        }).ToArray();
        double[][] trainMeans = Pooled(features.XTrain, 0), testMeans = Pooled(features.XTest, 2700);
        double[][] centroids = Enumerable.Range(0, 10).Select(d =>
            Enumerable.Range(0, 39).Select(j => Enumerable.Range(0, 2700).Where(i => features.YTrain[i] == d).Average(i => trainMeans[i][j])).ToArray()).ToArray();
        int correct = Enumerable.Range(0, 300).Count(i =>
            Enumerable.Range(0, 10).MinBy(d => centroids[d].Zip(testMeans[i], (c, v) => (c - v) * (c - v)).Sum()) == features.YTest[i]);
        Assert.InRange(correct / 300.0, 0.6, 1.0);
    }

    private static float[] Tone(double hertz, int samples) =>
        Enumerable.Range(0, samples).Select(n => (float)(0.5 * Math.Sin(2 * Math.PI * hertz * n / 8000))).ToArray();
}
