namespace Compiled.Tests.Training;

/// <summary>
/// An independent float64 implementation of a chain of layers, used to check the generated passes:
/// it shares no code with the runtime or the generator.
/// </summary>
internal sealed class ReferenceNetwork
{
    private readonly List<Func<double[], double[], int, double[]>> _layers = new();

    /// <summary>Dense on the last axis with kernel (inputs, units) at <paramref name="offset"/> and, optionally, the bias after it.</summary>
    public ReferenceNetwork Dense(int inputs, int units, int offset, bool bias = true)
    {
        _layers.Add((x, p, rows) =>
        {
            double[] y = new double[rows * units];
            for (int r = 0; r < rows; r++)
                for (int j = 0; j < units; j++)
                {
                    double sum = bias ? p[offset + inputs * units + j] : 0;
                    for (int i = 0; i < inputs; i++) sum += x[r * inputs + i] * p[offset + i * units + j];
                    y[r * units + j] = sum;
                }
            return y;
        });
        return this;
    }

    public ReferenceNetwork Map(Func<double, double> f)
    {
        _layers.Add((x, _, _) => x.Select(f).ToArray());
        return this;
    }

    public ReferenceNetwork Relu() => Map(v => Math.Max(v, 0));
    public ReferenceNetwork Sigmoid() => Map(v => 1 / (1 + Math.Exp(-v)));
    public ReferenceNetwork Tanh() => Map(Math.Tanh);

    public ReferenceNetwork Softmax(int width)
    {
        _layers.Add((x, _, _) => SoftmaxRows(x, width));
        return this;
    }

    /// <summary>Softmax over each row of <paramref name="width"/> values, the maximum subtracted first.</summary>
    public static double[] SoftmaxRows(double[] x, int width)
    {
        double[] y = new double[x.Length];
        for (int r = 0; r < x.Length / width; r++)
        {
            double max = x.Skip(r * width).Take(width).Max();
            double sum = 0;
            for (int i = 0; i < width; i++) sum += y[r * width + i] = Math.Exp(x[r * width + i] - max);
            for (int i = 0; i < width; i++) y[r * width + i] /= sum;
        }
        return y;
    }

    /// <summary>The network's output for <paramref name="rows"/> rows of the first layer's input.</summary>
    public double[] Forward(double[] x, double[] parameters, int[] rowsPerLayer)
    {
        double[] a = x;
        for (int i = 0; i < _layers.Count; i++) a = _layers[i](a, parameters, rowsPerLayer[i]);
        return a;
    }

    public static double CategoricalCrossentropy(double[] p, double[] t, int width, bool clip)
    {
        double total = 0;
        int rows = p.Length / width;
        for (int r = 0; r < rows; r++)
        {
            double sum = clip ? p.Skip(r * width).Take(width).Sum() : 1;
            for (int i = 0; i < width; i++)
            {
                double q = p[r * width + i] / sum;
                if (clip) q = Math.Clamp(q, 1e-7, 1 - 1e-7);
                total -= t[r * width + i] * Math.Log(q);
            }
        }
        return total / rows;
    }

    public static double MeanSquaredError(double[] p, double[] t, int width)
        => p.Select((v, i) => (v - t[i]) * (v - t[i])).Sum() / p.Length;
}
