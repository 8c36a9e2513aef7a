using Compiled;

namespace Samples.Tutorial;

/// <summary>
/// A learnable stand-in for the tutorial's random data: inputs in [0, 1) as in
/// <c>np.random.random((1000, 100))</c>, drawn around one of ten random prototypes per class, so that
/// the label can be learned from the input.
/// </summary>
public static class SyntheticData
{
    public static (float[,] X, int[] Labels) Make(int samples, int features, int classes, ulong seed, double noise = 0.25)
    {
        // The prototypes depend only on the class count and size, so every call shares them.
        SeededRandom prototypes = new(0xC1A55E5UL);
        double[,] centre = new double[classes, features];
        for (int c = 0; c < classes; c++)
            for (int i = 0; i < features; i++) centre[c, i] = prototypes.NextDouble();
        SeededRandom random = new(seed);
        float[,] x = new float[samples, features];
        int[] labels = new int[samples];
        for (int s = 0; s < samples; s++)
        {
            int c = labels[s] = random.NextInt(classes);
            for (int i = 0; i < features; i++)
                x[s, i] = (float)Math.Clamp(centre[c, i] + noise * random.NextGaussian(), 0, 0.9999);
        }
        return (x, labels);
    }
}
