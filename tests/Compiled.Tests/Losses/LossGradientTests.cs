namespace Compiled.Tests.Losses;

/// <summary>
/// Every loss, with every option, against an independent float64 implementation of tf.keras 2's formula: the value of
/// <c>Compute</c> and <c>Sum</c> (plain and with row weights), and the gradient by central finite differences.
/// </summary>
public class LossGradientTests
{
    private const double Eps = 1e-7;

    /// <summary>A loss, data that keeps clear of its kinks, and its reference: one row's loss in float64.</summary>
    /// <param name="Targets">Targets per row given the width (1 for class indices).</param>
    public sealed record Case(Loss Loss, Func<SeededRandom, int, int, (float[] Predicted, float[] Targets)> Data, Func<double[], double[], double> Reference);

    private static float[] Uniform(SeededRandom random, int count, double low, double high)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = (float)(low + (high - low) * random.NextDouble());
        return values;
    }

    private static float[] OneHot(SeededRandom random, int rows, int width)
    {
        var values = new float[rows * width];
        for (int r = 0; r < rows; r++) values[r * width + random.NextInt(width)] = 1f;
        return values;
    }

    private static float[] Binary(SeededRandom random, int count)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = random.NextInt(2);
        return values;
    }

    private static float[] Indices(SeededRandom random, int rows, int width)
    {
        var values = new float[rows];
        for (int r = 0; r < rows; r++) values[r] = random.NextInt(width);
        return values;
    }

    private static double Clip(double v, double low, double high) => Math.Min(Math.Max(v, low), high);
    private static double Mean(double[] p, Func<int, double> term) => Enumerable.Range(0, p.Length).Sum(term) / p.Length;

    private static double LogSumExp(double[] z)
    {
        double max = z.Max();
        return max + Math.Log(z.Sum(v => Math.Exp(v - max)));
    }

    private static double BinaryCrossentropy(double[] p, double[] t, bool fromLogits, double smoothing) => Mean(p, i =>
    {
        double target = t[i] * (1 - smoothing) + 0.5 * smoothing;
        if (fromLogits) return Math.Max(p[i], 0) - p[i] * target + Math.Log(1 + Math.Exp(-Math.Abs(p[i])));
        double pc = Clip(p[i], Eps, 1 - Eps);
        return -(target * Math.Log(pc + Eps) + (1 - target) * Math.Log(1 - pc + Eps));
    });

    private static double CategoricalCrossentropy(double[] p, double[] t, bool fromLogits, double smoothing)
    {
        double[] target = t.Select(v => v * (1 - smoothing) + smoothing / t.Length).ToArray();
        if (fromLogits)
        {
            double lse = LogSumExp(p);
            return Enumerable.Range(0, p.Length).Sum(i => target[i] * (lse - p[i]));
        }
        double sum = p.Sum();
        return -Enumerable.Range(0, p.Length).Sum(i => target[i] * Math.Log(Clip(p[i] / sum, Eps, 1 - Eps)));
    }

    private static double SparseCategoricalCrossentropy(double[] p, double[] t, bool fromLogits)
    {
        int label = (int)t[0];
        // Keras takes log(clip(p)) as the logits of a softmax cross-entropy.
        double[] logits = fromLogits ? p : p.Select(v => Math.Log(Clip(v, Eps, 1 - Eps))).ToArray();
        return LogSumExp(logits) - logits[label];
    }

    private static double[] Signed(double[] t) => t.All(v => v is 0 or 1) ? t.Select(v => 2 * v - 1).ToArray() : t;

    private static double CosineSimilarity(double[] p, double[] t)
    {
        double pn = Math.Sqrt(Math.Max(p.Sum(v => v * v), 1e-12)), tn = Math.Sqrt(Math.Max(t.Sum(v => v * v), 1e-12));
        return -Enumerable.Range(0, p.Length).Sum(i => t[i] / tn * (p[i] / pn));
    }

    private static double CategoricalHinge(double[] p, double[] t)
    {
        double pos = Enumerable.Range(0, p.Length).Sum(i => t[i] * p[i]);
        double neg = Enumerable.Range(0, p.Length).Max(i => (1 - t[i]) * p[i]);
        return Math.Max(neg - pos + 1, 0);
    }

    private static (float[], float[]) Pair(float[] p, float[] t) => (p, t);

    public static Dictionary<string, Case> Cases { get; } = new()
    {
        ["binary_crossentropy"] = new(Loss.BinaryCrossentropy,
            (r, rows, w) => Pair(Uniform(r, rows * w, 0.05, 0.95), Uniform(r, rows * w, 0, 1)), (p, t) => BinaryCrossentropy(p, t, false, 0)),
        ["binary_crossentropy, label_smoothing 0.2"] = new(new BinaryCrossentropyLoss(labelSmoothing: 0.2f),
            (r, rows, w) => Pair(Uniform(r, rows * w, 0.05, 0.95), Binary(r, rows * w)), (p, t) => BinaryCrossentropy(p, t, false, 0.2)),
        ["binary_crossentropy, from_logits"] = new(new BinaryCrossentropyLoss(fromLogits: true),
            (r, rows, w) => Pair(Uniform(r, rows * w, -6, 6), Binary(r, rows * w)), (p, t) => BinaryCrossentropy(p, t, true, 0)),
        ["binary_crossentropy, from_logits, label_smoothing 0.1"] = new(new BinaryCrossentropyLoss(fromLogits: true, labelSmoothing: 0.1f),
            (r, rows, w) => Pair(Uniform(r, rows * w, -6, 6), Uniform(r, rows * w, 0, 1)), (p, t) => BinaryCrossentropy(p, t, true, 0.1)),
        ["categorical_crossentropy"] = new(Loss.CategoricalCrossentropy,
            (r, rows, w) => Pair(Uniform(r, rows * w, 0.05, 1), OneHot(r, rows, w)), (p, t) => CategoricalCrossentropy(p, t, false, 0)),
        ["categorical_crossentropy, label_smoothing 0.1"] = new(new CategoricalCrossentropyLoss(labelSmoothing: 0.1f),
            (r, rows, w) => Pair(Uniform(r, rows * w, 0.05, 1), OneHot(r, rows, w)), (p, t) => CategoricalCrossentropy(p, t, false, 0.1)),
        ["categorical_crossentropy, from_logits"] = new(new CategoricalCrossentropyLoss(fromLogits: true),
            (r, rows, w) => Pair(Uniform(r, rows * w, -5, 5), OneHot(r, rows, w)), (p, t) => CategoricalCrossentropy(p, t, true, 0)),
        ["categorical_crossentropy, from_logits, label_smoothing 0.3"] = new(new CategoricalCrossentropyLoss(fromLogits: true, labelSmoothing: 0.3f),
            (r, rows, w) => Pair(Uniform(r, rows * w, -5, 5), OneHot(r, rows, w)), (p, t) => CategoricalCrossentropy(p, t, true, 0.3)),
        ["sparse_categorical_crossentropy"] = new(Loss.SparseCategoricalCrossentropy,
            (r, rows, w) => Pair(Uniform(r, rows * w, 0.05, 0.9), Indices(r, rows, w)), (p, t) => SparseCategoricalCrossentropy(p, t, false)),
        ["sparse_categorical_crossentropy, from_logits"] = new(new SparseCategoricalCrossentropyLoss(fromLogits: true),
            (r, rows, w) => Pair(Uniform(r, rows * w, -5, 5), Indices(r, rows, w)), (p, t) => SparseCategoricalCrossentropy(p, t, true)),
        ["poisson"] = new(Loss.Poisson,
            (r, rows, w) => Pair(Uniform(r, rows * w, 0.1, 3), Uniform(r, rows * w, 0, 3)), (p, t) => Mean(p, i => p[i] - t[i] * Math.Log(p[i] + Eps))),
        ["kl_divergence"] = new(Loss.KLDivergence,
            (r, rows, w) => Pair(Uniform(r, rows * w, 0.01, 0.99), Uniform(r, rows * w, 0.01, 1)),
            (p, t) => Enumerable.Range(0, p.Length).Sum(i => Clip(t[i], Eps, 1) * Math.Log(Clip(t[i], Eps, 1) / Clip(p[i], Eps, 1)))),
        ["mean_squared_error"] = new(Loss.MeanSquaredError,
            (r, rows, w) => Pair(Uniform(r, rows * w, -2, 2), Uniform(r, rows * w, -2, 2)), (p, t) => Mean(p, i => (p[i] - t[i]) * (p[i] - t[i]))),
        ["mean_absolute_error"] = new(Loss.MeanAbsoluteError,
            (r, rows, w) => Pair(Uniform(r, rows * w, -2, 2), Uniform(r, rows * w, -2, 2)), (p, t) => Mean(p, i => Math.Abs(p[i] - t[i]))),
        ["mean_absolute_percentage_error"] = new(Loss.MeanAbsolutePercentageError,
            (r, rows, w) => Pair(Uniform(r, rows * w, -2, 2), Uniform(r, rows * w, -3, 3)),
            (p, t) => 100 * Mean(p, i => Math.Abs((t[i] - p[i]) / Math.Max(Math.Abs(t[i]), Eps)))),
        ["mean_squared_logarithmic_error"] = new(Loss.MeanSquaredLogarithmicError,
            (r, rows, w) => Pair(Uniform(r, rows * w, 0.01, 3), Uniform(r, rows * w, 0, 3)),
            (p, t) => Mean(p, i => Math.Pow(Math.Log(Math.Max(p[i], Eps) + 1) - Math.Log(Math.Max(t[i], Eps) + 1), 2))),
        ["cosine_similarity"] = new(Loss.CosineSimilarity,
            (r, rows, w) => Pair(Uniform(r, rows * w, -2, 2), Uniform(r, rows * w, -2, 2)), CosineSimilarity),
        ["huber"] = new(Loss.Huber,
            (r, rows, w) => Pair(Uniform(r, rows * w, -3, 3), Uniform(r, rows * w, -3, 3)),
            (p, t) => Mean(p, i => Math.Abs(p[i] - t[i]) <= 1 ? 0.5 * Math.Pow(p[i] - t[i], 2) : 0.5 + (Math.Abs(p[i] - t[i]) - 1))),
        ["huber, delta 0.4"] = new(new HuberLoss(0.4f),
            (r, rows, w) => Pair(Uniform(r, rows * w, -1, 1), Uniform(r, rows * w, -1, 1)),
            (p, t) => Mean(p, i => Math.Abs(p[i] - t[i]) <= 0.4 ? 0.5 * Math.Pow(p[i] - t[i], 2) : 0.5 * 0.16 + 0.4 * (Math.Abs(p[i] - t[i]) - 0.4))),
        ["log_cosh"] = new(Loss.LogCosh,
            (r, rows, w) => Pair(Uniform(r, rows * w, -4, 4), Uniform(r, rows * w, -4, 4)), (p, t) => Mean(p, i => Math.Log(Math.Cosh(p[i] - t[i])))),
        ["hinge, 0/1 labels"] = new(Loss.Hinge,
            (r, rows, w) => Pair(Uniform(r, rows * w, -2, 2), Binary(r, rows * w)), (p, t) => Mean(p, i => Math.Max(1 - t[i] * p[i], 0))),
        ["hinge, -1/1 labels"] = new(Loss.Hinge,
            (r, rows, w) => Pair(Uniform(r, rows * w, -2, 2), Binary(r, rows * w).Select(v => 2 * v - 1).ToArray()), (p, t) => Mean(p, i => Math.Max(1 - t[i] * p[i], 0))),
        ["squared_hinge, 0/1 labels"] = new(Loss.SquaredHinge,
            (r, rows, w) => Pair(Uniform(r, rows * w, -2, 2), Binary(r, rows * w)), (p, t) => Mean(p, i => Math.Pow(Math.Max(1 - t[i] * p[i], 0), 2))),
        ["categorical_hinge"] = new(Loss.CategoricalHinge,
            (r, rows, w) => Pair(Uniform(r, rows * w, -2, 2), OneHot(r, rows, w)), CategoricalHinge),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Value_and_gradient_match_the_float64_reference(string name)
    {
        Case c = Cases[name];
        foreach ((int rows, int width) in new[] { (1, 1), (4, 3), (3, 7) })
        {
            // Hinge's 0/1 reading and binary targets need more than one class; a one-class softmax loss has nothing to learn.
            if (width == 1 && (c.Loss is CategoricalCrossentropyLoss or SparseCategoricalCrossentropyLoss or CategoricalHingeLoss or CosineSimilarityLoss)) continue;
            var random = new SeededRandom((ulong)(name.GetHashCode(StringComparison.Ordinal) & 0xFFFF) + (ulong)(rows * 100 + width));
            (float[] predicted, float[] targets) = c.Data(random, rows, width);
            float[] weights = Uniform(random, rows, 0, 2);
            foreach (float[] rowWeights in new[] { Array.Empty<float>(), weights })
            {
                string context = $"{name}, {rows}x{width}{(rowWeights.Length > 0 ? ", weighted" : "")}";
                double Objective(double[] p) => Total(c, p, targets, rows, width, rowWeights) / rows;
                double[] at = predicted.Select(v => (double)v).ToArray();
                float[] gradient = new float[rows * width];
                gradient.AsSpan().Fill(float.NaN);

                double value = c.Loss.Compute(predicted, targets, gradient, rows, width, rowWeights);
                AssertClose(context + " Compute", Total(c, at, targets, rows, width, rowWeights), value);
                AssertClose(context + " Sum", value, c.Loss.Sum(predicted, targets, rows, width, rowWeights));
                AssertGradient(context, gradient, Numeric(at, Objective));
            }
        }
    }

    /// <summary>The weighted sum of the rows' reference losses.</summary>
    private static double Total(Case c, double[] p, float[] t, int rows, int width, float[] rowWeights)
    {
        int targets = c.Loss.TargetsPerRow(width);
        double total = 0;
        // Hinge's 0/1 reading is over every target the loss is given, not row by row.
        double[] allTargets = t.Select(v => (double)v).ToArray();
        if (c.Loss is HingeLoss or SquaredHingeLoss) allTargets = Signed(allTargets);
        for (int r = 0; r < rows; r++)
        {
            double[] row = p.Skip(r * width).Take(width).ToArray();
            double[] target = allTargets.Skip(r * targets).Take(targets).ToArray();
            total += (rowWeights.Length == 0 ? 1 : rowWeights[r]) * c.Reference(row, target);
        }
        return total;
    }

    private static double[] Numeric(double[] at, Func<double[], double> objective)
    {
        double[] gradient = new double[at.Length];
        double[] point = (double[])at.Clone();
        for (int i = 0; i < at.Length; i++)
        {
            const double h = 1e-6;
            point[i] = at[i] + h;
            double plus = objective(point);
            point[i] = at[i] - h;
            double minus = objective(point);
            point[i] = at[i];
            gradient[i] = (plus - minus) / (2 * h);
        }
        return gradient;
    }

    internal static void AssertClose(string what, double expected, double actual)
        => Assert.True(Math.Abs(actual - expected) <= 2e-5 * Math.Abs(expected) + 2e-6, $"{what}: {actual}, expected {expected}.");

    internal static void AssertGradient(string what, ReadOnlySpan<float> analytic, double[] numeric)
    {
        Assert.Equal(numeric.Length, analytic.Length);
        double scale = numeric.Max(Math.Abs);
        for (int i = 0; i < numeric.Length; i++)
        {
            double error = Math.Abs(analytic[i] - numeric[i]);
            Assert.True(error <= 1e-3 * Math.Abs(numeric[i]) + 1e-4 * scale + 1e-7, $"{what} gradient[{i}]: analytic {analytic[i]}, numeric {numeric[i]}.");
        }
    }
}
