namespace Samples.SpokenDigits;

/// <summary>
/// Standardises each feature to mean 0 and standard deviation 1, with the mean and deviation of the training frames
/// alone (scikit-learn's <c>StandardScaler</c> fitted on the training set): the test set is scaled as the training set
/// was, so nothing of it leaks into the model.
/// </summary>
public sealed class FeatureScaler
{
    private FeatureScaler(float[] mean, float[] deviation) => (Mean, Deviation) = (mean, deviation);

    /// <summary>Each feature's mean over every training frame.</summary>
    public float[] Mean { get; }

    /// <summary>Each feature's standard deviation over every training frame (population, as scikit-learn's).</summary>
    public float[] Deviation { get; }

    /// <summary>Fits the scaler to every frame of <paramref name="sequences"/> (padding is not there yet, so it does not count).</summary>
    public static FeatureScaler Fit(IEnumerable<float[][]> sequences, int features)
    {
        double[] sum = new double[features], squares = new double[features];
        long frames = 0;
        foreach (float[][] sequence in sequences)
        {
            foreach (float[] frame in sequence)
            {
                frames++;
                for (int j = 0; j < features; j++)
                {
                    sum[j] += frame[j];
                    squares[j] += (double)frame[j] * frame[j];
                }
            }
        }
        if (frames == 0) throw new ArgumentException("there are no frames to fit the scaler to.", nameof(sequences));
        float[] mean = new float[features], deviation = new float[features];
        for (int j = 0; j < features; j++)
        {
            double m = sum[j] / frames;
            mean[j] = (float)m;
            // A feature that never changes would divide by zero; it is left centred instead.
            double sd = Math.Sqrt(Math.Max(squares[j] / frames - m * m, 0));
            deviation[j] = sd > 1e-12 ? (float)sd : 1f;
        }
        return new FeatureScaler(mean, deviation);
    }

    /// <summary>The frames of <paramref name="sequence"/> standardised: <c>(x - Mean) / Deviation</c>, feature by feature.</summary>
    public float[][] Transform(float[][] sequence)
    {
        float[][] scaled = new float[sequence.Length][];
        for (int t = 0; t < sequence.Length; t++)
        {
            scaled[t] = new float[Mean.Length];
            for (int j = 0; j < Mean.Length; j++) scaled[t][j] = (sequence[t][j] - Mean[j]) / Deviation[j];
        }
        return scaled;
    }
}
