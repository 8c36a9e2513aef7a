using Samples.Iris;

namespace Compiled.Tests.Callbacks;

/// <summary>Small training sets for IrisNet (4 inputs, 3 classes) and callbacks that script what the logs say.</summary>
internal static class CallbackTestData
{
    /// <summary><paramref name="samples"/> samples of 4 inputs with one-hot targets over 3 classes, the same for the same seed.</summary>
    public static (float[] X, float[] Y) Samples(int samples, ulong seed = 1)
    {
        var random = new SeededRandom(seed);
        float[] x = new float[samples * 4];
        float[] y = new float[samples * 3];
        for (int i = 0; i < samples; i++)
        {
            int label = random.NextInt(3);
            y[i * 3 + label] = 1;
            for (int j = 0; j < 4; j++) x[i * 4 + j] = (float)(label + random.NextDouble()) * (j + 1) / 4;
        }
        return (x, y);
    }

    public static IrisNet CompiledModel(double learningRate = 0.05)
    {
        var model = new IrisNet(seed: 7);
        model.Compile(Loss.CategoricalCrossentropy, new SGD(lr: learningRate, momentum: 0.5), Metric.CategoricalAccuracy);
        return model;
    }
}

/// <summary>
/// Overwrites <c>name</c> in each epoch's logs with the next scripted value (so a monitoring callback after it sees
/// exactly that sequence) and snapshots the weights each epoch ends with.
/// </summary>
internal sealed class ScriptedEpochs(string name, params double[] values) : Callback
{
    public List<float[]> Weights { get; } = [];

    public override void OnEpochEnd(int epoch, Logs logs)
    {
        logs.Set(name, values[epoch]);
        Weights.Add(RequireModel().Parameters.ToArray());
    }
}
