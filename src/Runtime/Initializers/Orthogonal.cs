namespace Compiled;

/// <summary>
/// Keras's <c>Orthogonal(gain=1.0, seed=None)</c> (<c>"orthogonal"</c>), the LSTM's default recurrent initializer: the
/// weight, seen as a matrix of <c>rows = product of every axis but the last</c> by <c>columns = the last axis</c>, gets
/// orthonormal rows or columns (whichever there are fewer of), times <paramref name="gain"/>.
/// </summary>
/// <remarks>
/// Keras's algorithm: draw a standard normal matrix of <c>max(rows, columns) × min(rows, columns)</c>, take its QR
/// decomposition, multiply each column of Q by the sign of R's diagonal entry (which makes the result the unique
/// factor whose R has a positive diagonal, whatever the QR routine), transpose it when there are fewer rows than
/// columns, and scale by the gain. The decomposition runs in double precision (Householder reflections).
/// </remarks>
/// <param name="gain">The factor applied to the orthogonal matrix.</param>
/// <param name="seed">Fixes the values: the same on every call, run and machine.</param>
public sealed class Orthogonal(double gain = 1.0, int? seed = null) : Initializer
{
    /// <summary>The factor applied to the orthogonal matrix.</summary>
    public double Gain { get; } = gain;

    /// <summary>The initializer's own seed, if any.</summary>
    public int? Seed { get; } = seed;

    /// <summary>
    /// Fills <paramref name="values"/> as a matrix of <paramref name="fanIn"/> rows (Keras's fan-in of a kernel is the
    /// product of every axis but the last, times the receptive field for convolutions: exactly the rows Keras flattens to).
    /// </summary>
    public override void Initialize(Span<float> values, int fanIn, int fanOut, ulong modelSeed)
    {
        if (values.IsEmpty) return;
        if (fanIn <= 0 || values.Length % fanIn != 0)
            throw new ArgumentException($"Orthogonal fills a matrix of fan_in rows; {values.Length} values do not split into {fanIn} rows.", nameof(fanIn));
        int rows = fanIn, columns = values.Length / fanIn;
        int tall = Math.Max(rows, columns), narrow = Math.Min(rows, columns);

        SeededRandom random = StreamFor(Seed, modelSeed);
        double[,] q = new double[tall, narrow];
        for (int i = 0; i < tall; i++)
            for (int j = 0; j < narrow; j++) q[i, j] = random.NextGaussian();
        double[] diagonal = OrthonormalFactor(q);

        for (int i = 0; i < tall; i++)
            for (int j = 0; j < narrow; j++)
            {
                double value = Gain * Math.Sign(diagonal[j]) * q[i, j];
                // The factor is tall × narrow; with fewer rows than columns the weight is its transpose.
                values[rows >= columns ? i * columns + j : j * columns + i] = (float)value;
            }
    }

    /// <summary>
    /// Replaces <paramref name="a"/> (m × n, m ≥ n) by Q of its QR decomposition, by Householder reflections, and returns
    /// R's diagonal.
    /// </summary>
    private static double[] OrthonormalFactor(double[,] a)
    {
        int m = a.GetLength(0), n = a.GetLength(1);
        double[][] reflectors = new double[n][];
        double[] diagonal = new double[n];
        for (int k = 0; k < n; k++)
        {
            double norm = 0;
            for (int i = k; i < m; i++) norm += a[i, k] * a[i, k];
            norm = Math.Sqrt(norm);
            // Reflect x onto -sign(x₀)·|x|·e₀, the choice that never subtracts nearly equal numbers.
            double alpha = a[k, k] > 0 ? -norm : norm;
            double[] v = new double[m - k];
            for (int i = k; i < m; i++) v[i - k] = a[i, k];
            v[0] -= alpha;
            double length = 0;
            foreach (double x in v) length += x * x;
            length = Math.Sqrt(length);
            if (length > 0)
            {
                for (int i = 0; i < v.Length; i++) v[i] /= length;
                Reflect(a, v, k, k, n);
            }
            reflectors[k] = v;
            diagonal[k] = alpha;
        }
        // Q = H₀·H₁·…·Hₙ₋₁ applied to the first n columns of the identity, the last reflection first.
        Array.Clear(a);
        for (int j = 0; j < n; j++) a[j, j] = 1;
        for (int k = n - 1; k >= 0; k--) Reflect(a, reflectors[k], k, 0, n);
        return diagonal;
    }

    /// <summary>Columns <paramref name="from"/>… of rows <paramref name="top"/>… of <paramref name="a"/> become <c>(I - 2vvᵀ)</c> times themselves.</summary>
    private static void Reflect(double[,] a, double[] v, int top, int from, int columns)
    {
        for (int j = from; j < columns; j++)
        {
            double dot = 0;
            for (int i = 0; i < v.Length; i++) dot += v[i] * a[top + i, j];
            for (int i = 0; i < v.Length; i++) a[top + i, j] -= 2 * dot * v[i];
        }
    }
}
