using System.Text.Json;

namespace Compiled;

/// <summary>
/// Keras's <c>AUC(num_thresholds=200, curve='ROC', summation_method='interpolation', thresholds=None, from_logits=False)</c>,
/// logged as <c>auc</c>: the area under the ROC or precision-recall curve, from true and false positives and
/// negatives counted at each threshold over every batch since the last reset (so an epoch's value is the epoch's
/// AUC, not a mean of the batches'). Every value is one decision (the batch flattened); a label counts as positive
/// when it is not 0; predictions must lie in [0, 1] (after a sigmoid with <c>from_logits</c>).
/// </summary>
/// <remarks>
/// The thresholds are Keras's: <c>-1e-7</c>, <c>i / (num_thresholds - 1)</c> for <c>i = 1 … num_thresholds - 2</c>, and
/// <c>1 + 1e-7</c>, in float32. A prediction counts as positive at a threshold it is above. With evenly spread
/// thresholds Keras (2.8 on) finds a prediction's place as <c>max(0, ceil(p · (num_thresholds - 1)) - 1)</c> in float32,
/// and so does this; given uneven thresholds, it compares. The area is Keras's Riemann sum over the thresholds.
/// Keras's <c>multi_label</c> and <c>label_weights</c> are not supported.
/// </remarks>
public sealed class AucMetric : Metric
{
    internal static MetricKind Kind { get; } = new("AUC", "auc", [], name => new AucMetric(name: name), FromSettings);

    /// <summary>Keras's <c>backend.epsilon()</c>, which widens the end thresholds.</summary>
    private const double Epsilon = 1e-7;

    private readonly float[] _thresholds;
    private readonly double[]? _givenThresholds;
    private readonly bool _evenlySpread;
    // Weight of positive and negative labels by how many thresholds their prediction is above (0 … num_thresholds).
    private readonly double[] _positivesAbove;
    private readonly double[] _negativesAbove;
    // The confusion counts per threshold, filled by Result without allocating.
    private readonly double[] _tp, _fp, _tn, _fn;

    /// <param name="numThresholds">How many thresholds; more than 1. Keras's default 200.</param>
    /// <param name="curve">ROC (default) or PR.</param>
    /// <param name="summationMethod">How intervals are summed; Keras's default interpolation.</param>
    /// <param name="thresholds">Thresholds in [0, 1] in place of evenly spread ones (<paramref name="numThresholds"/> is then their count + 2).</param>
    /// <param name="fromLogits">Whether predictions are logits, put through a sigmoid first.</param>
    /// <param name="name">The name it logs under.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="numThresholds"/> below 2, or a threshold outside [0, 1].</exception>
    public AucMetric(int numThresholds = 200, AucCurve curve = AucCurve.ROC, AucSummationMethod summationMethod = AucSummationMethod.Interpolation,
        double[]? thresholds = null, bool fromLogits = false, string name = "auc") : base(name)
    {
        if (!Enum.IsDefined(curve)) throw new ArgumentOutOfRangeException(nameof(curve), $"curve must be ROC or PR; got {curve}.");
        if (!Enum.IsDefined(summationMethod)) throw new ArgumentOutOfRangeException(nameof(summationMethod), $"summationMethod must be Interpolation, Minoring or Majoring; got {summationMethod}.");
        double[] inner;
        if (thresholds is not null)
        {
            if (thresholds.Any(t => !(t >= 0 && t <= 1)))
                throw new ArgumentOutOfRangeException(nameof(thresholds), $"thresholds must lie in [0, 1], as Keras requires; got [{string.Join(", ", thresholds)}].");
            inner = thresholds.Order().ToArray();
            _givenThresholds = inner;
            NumThresholds = inner.Length + 2;
            _evenlySpread = IsEvenlySpread([0.0, .. inner, 1.0]);
        }
        else
        {
            if (numThresholds <= 1) throw new ArgumentOutOfRangeException(nameof(numThresholds), $"numThresholds must be an integer > 1, as Keras requires; got {numThresholds}.");
            NumThresholds = numThresholds;
            inner = new double[numThresholds - 2];
            for (int i = 0; i < inner.Length; i++) inner[i] = (i + 1) * 1.0 / (numThresholds - 1);
            _evenlySpread = true;
        }
        _thresholds = [(float)(0.0 - Epsilon), .. inner.Select(t => (float)t), (float)(1.0 + Epsilon)];
        (Curve, SummationMethod, FromLogits) = (curve, summationMethod, fromLogits);
        _positivesAbove = new double[NumThresholds + 1];
        _negativesAbove = new double[NumThresholds + 1];
        (_tp, _fp, _tn, _fn) = (new double[NumThresholds], new double[NumThresholds], new double[NumThresholds], new double[NumThresholds]);
    }

    /// <summary>How many thresholds, the two end ones included.</summary>
    public int NumThresholds { get; }

    /// <summary>The curve measured.</summary>
    public AucCurve Curve { get; }

    /// <summary>How intervals are summed.</summary>
    public AucSummationMethod SummationMethod { get; }

    /// <summary>Whether predictions are logits.</summary>
    public bool FromLogits { get; }

    /// <summary>The thresholds compared against, ends included, in float32 as Keras holds them.</summary>
    public ReadOnlySpan<float> Thresholds => _thresholds;

    /// <summary>Keras's <c>is_evenly_distributed_thresholds</c>: within 1e-7 of <c>i / (n - 1)</c>, for 3 or more.</summary>
    private static bool IsEvenlySpread(double[] thresholds)
    {
        int n = thresholds.Length;
        if (n < 3) return false;
        for (int i = 0; i < n; i++)
        {
            // numpy's allclose: |a - b| <= atol + rtol·|b| with rtol 1e-5; the even values are float32 there.
            double even = (float)i / (float)(n - 1);
            if (!(Math.Abs(thresholds[i] - even) <= Epsilon + 1e-5 * Math.Abs(even))) return false;
        }
        return true;
    }

    /// <inheritdoc/>
    public override void UpdateState(ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, int rows, int width)
    {
        CheckShapes(predicted, expected, rows, width, width);
        int n = NumThresholds;
        for (int i = 0; i < predicted.Length; i++)
        {
            float p = FromLogits ? 1f / (1f + MathF.Exp(-predicted[i])) : predicted[i];
            if (!(p >= 0 && p <= 1))
                throw new ArgumentException($"{Name}: predictions must be in [0, 1], as Keras asserts; row {i / width} has {predicted[i]} at {i % width}. End the output in a sigmoid, or give fromLogits: true.", nameof(predicted));
            int above;
            if (_evenlySpread)
            {
                above = (int)MathF.Ceiling(p * (n - 1)) - 1;
                above = Math.Max(above, 0) + 1;
            }
            else
            {
                above = 0;
                while (above < n && p > _thresholds[above]) above++;
            }
            if (expected[i] != 0) _positivesAbove[above]++;
            else _negativesAbove[above]++;
        }
    }

    /// <summary>The confusion counts at each threshold from the histograms: positive at threshold t when above more than t thresholds.</summary>
    private void FillCounts()
    {
        int n = NumThresholds;
        double positives = 0, negatives = 0;
        for (int b = 0; b <= n; b++) (positives, negatives) = (positives + _positivesAbove[b], negatives + _negativesAbove[b]);
        double tp = 0, fp = 0;
        for (int t = n - 1; t >= 0; t--)
        {
            tp += _positivesAbove[t + 1];
            fp += _negativesAbove[t + 1];
            (_tp[t], _fp[t], _fn[t], _tn[t]) = (tp, fp, positives - tp, negatives - fp);
        }
    }

    private static double DivideNoNan(double x, double y) => y == 0 ? 0 : x / y;

    /// <inheritdoc/>
    public override double Result()
    {
        FillCounts();
        int n = NumThresholds;
        if (Curve == AucCurve.PR && SummationMethod == AucSummationMethod.Interpolation) return InterpolatedPrAuc();
        double area = 0;
        for (int i = 0; i < n - 1; i++)
        {
            double x0, x1, y0, y1;
            if (Curve == AucCurve.ROC)
            {
                (x0, x1) = (DivideNoNan(_fp[i], _fp[i] + _tn[i]), DivideNoNan(_fp[i + 1], _fp[i + 1] + _tn[i + 1]));
                (y0, y1) = (DivideNoNan(_tp[i], _tp[i] + _fn[i]), DivideNoNan(_tp[i + 1], _tp[i + 1] + _fn[i + 1]));
            }
            else
            {
                (x0, x1) = (DivideNoNan(_tp[i], _tp[i] + _fn[i]), DivideNoNan(_tp[i + 1], _tp[i + 1] + _fn[i + 1]));
                (y0, y1) = (DivideNoNan(_tp[i], _tp[i] + _fp[i]), DivideNoNan(_tp[i + 1], _tp[i + 1] + _fp[i + 1]));
            }
            double height = SummationMethod switch
            {
                AucSummationMethod.Interpolation => (y0 + y1) / 2,
                AucSummationMethod.Minoring => Math.Min(y0, y1),
                _ => Math.Max(y0, y1),
            };
            area += (x0 - x1) * height;
        }
        return area;
    }

    /// <summary>Keras's <c>interpolate_pr_auc</c> (Davis and Goadrich 2006): precision interpolated between thresholds as TP and predicted positives vary linearly.</summary>
    private double InterpolatedPrAuc()
    {
        double area = 0;
        for (int i = 0; i < NumThresholds - 1; i++)
        {
            double p0 = _tp[i] + _fp[i], p1 = _tp[i + 1] + _fp[i + 1];
            double dtp = _tp[i] - _tp[i + 1], dp = p0 - p1;
            double slope = DivideNoNan(dtp, Math.Max(dp, 0));
            double intercept = _tp[i + 1] - slope * p1;
            double ratio = p0 > 0 && p1 > 0 ? DivideNoNan(p0, Math.Max(p1, 0)) : 1;
            area += DivideNoNan(slope * (dtp + intercept * Math.Log(ratio)), Math.Max(_tp[i + 1] + _fn[i + 1], 0));
        }
        return area;
    }

    /// <inheritdoc/>
    public override void ResetState()
    {
        Array.Clear(_positivesAbove);
        Array.Clear(_negativesAbove);
    }

    /// <inheritdoc/>
    public override Metric Clone() => new AucMetric(NumThresholds, Curve, SummationMethod, _givenThresholds, FromLogits, Name);

    /// <summary>Keras's object: <c>{"class_name": "AUC", "config": {"name", "dtype", "num_thresholds", "curve", "summation_method", "multi_label", "num_labels", "label_weights", "from_logits"}}</c>, and <c>thresholds</c> when given.</summary>
    public override void WriteKerasConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        KerasMetricObject.Write(writer, "AUC", Name, w =>
        {
            w.WriteNumber("num_thresholds", NumThresholds);
            w.WriteString("curve", Curve.ToString());
            w.WriteString("summation_method", SummationMethod.ToString().ToLowerInvariant());
            w.WriteBoolean("multi_label", false);
            w.WriteNull("num_labels");
            w.WriteNull("label_weights");
            w.WriteBoolean("from_logits", FromLogits);
            if (_givenThresholds is not null)
            {
                w.WriteStartArray("thresholds");
                foreach (double t in _givenThresholds) w.WriteNumberValue(t);
                w.WriteEndArray();
            }
        });
    }

    private static AucMetric FromSettings(KerasMetricSettings settings)
    {
        if (settings.IsSet("multi_label")) throw new NotSupportedException($"the metric {settings.Name} is a multi_label AUC, which is not supported");
        if (settings.IsSet("label_weights")) throw new NotSupportedException($"the metric {settings.Name} has label_weights, which are not supported");
        string curve = settings.String("curve", "ROC");
        string summation = settings.String("summation_method", "interpolation");
        return new AucMetric(
            settings.Int("num_thresholds", 200)!.Value,
            Enum.TryParse(curve, ignoreCase: true, out AucCurve c) ? c : throw new FormatException($"The metric {settings.Name}'s curve is '{curve}'; expected 'ROC' or 'PR'."),
            Enum.TryParse(summation, ignoreCase: true, out AucSummationMethod s) ? s : throw new FormatException($"The metric {settings.Name}'s summation_method is '{summation}'; expected 'interpolation', 'minoring' or 'majoring'."),
            settings.Numbers("thresholds"),
            settings.IsSet("from_logits"),
            settings.Name);
    }
}
