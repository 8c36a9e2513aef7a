using System.Globalization;

namespace Compiled;

public abstract partial class Model
{
    /// <summary>Each sample's weight for one <c>TrainOnBatch</c> with class weights, reused from call to call.</summary>
    private float[] _sampleWeightStage = [];

    /// <summary>
    /// Keras's weighting of samples: each sample's <paramref name="sampleWeight"/> (1 when empty) times the
    /// <paramref name="classWeight"/> of its class (the argmax of a one-hot target, or the class index itself), written
    /// into <paramref name="destination"/>. Returns the weights to use: empty when neither is given (every weight 1),
    /// <paramref name="sampleWeight"/> itself without class weights.
    /// </summary>
    /// <exception cref="ArgumentException">Weights not one finite number per sample, class weights for a model or target Keras refuses them for, or a class without a weight.</exception>
    private ReadOnlySpan<float> SampleWeights(ReadOnlySpan<float> y, int samples, ReadOnlySpan<float> sampleWeight, IReadOnlyDictionary<int, double>? classWeight, Span<float> destination)
    {
        if (!sampleWeight.IsEmpty)
        {
            if (sampleWeight.Length != samples)
                throw new ArgumentException($"{Name}: sampleWeight holds {sampleWeight.Length} weight(s) for {samples} sample(s); give one per sample.", nameof(sampleWeight));
            for (int i = 0; i < samples; i++)
                if (!float.IsFinite(sampleWeight[i]))
                    throw new ArgumentException($"{Name}: sampleWeight[{i}] is {sampleWeight[i].ToString(CultureInfo.InvariantCulture)}; expected a finite number.", nameof(sampleWeight));
        }
        if (classWeight is null) return sampleWeight;
        CheckClassWeights(classWeight);
        for (int i = 0; i < samples; i++)
        {
            int label = ClassOf(y.Slice(i * _targetSize, _targetSize), i);
            if (!classWeight.TryGetValue(label, out double weight))
                throw new ArgumentException($"{Name}: sample {i} of y is of class {label}, and classWeight gives weights for classes 0 to {classWeight.Count - 1} only.", nameof(classWeight));
            destination[i] = (float)weight * (sampleWeight.IsEmpty ? 1f : sampleWeight[i]);
        }
        return destination.Slice(0, samples);
    }

    /// <summary>Keras's rules for <c>class_weight</c>: one output, one row per sample, and a weight for each class from 0 up.</summary>
    private void CheckClassWeights(IReadOnlyDictionary<int, double> classWeight)
    {
        if (_heads.Length > 1)
            throw new ArgumentException($"{Name}: classWeight is only supported for a model with a single output (as in Keras); this one has {_heads.Length}. Give sampleWeight instead.", nameof(classWeight));
        if (_heads[0].RowsPerSample > 1)
            throw new ArgumentException($"{Name}: classWeight is not supported for 3+ dimensional targets (as in Keras); the output's shape is {Shape(_outputShape)}. Give sampleWeight instead.", nameof(classWeight));
        // Checked by lookup rather than enumeration, so that a call allocates nothing.
        for (int c = 0; c < classWeight.Count; c++)
            if (!classWeight.TryGetValue(c, out double w) || !double.IsFinite(w))
                throw new ArgumentException($"{Name}: classWeight must map each class from 0 to {classWeight.Count - 1} to a finite weight (as Keras expects); class {c} has {(classWeight.ContainsKey(c) ? w.ToString(CultureInfo.InvariantCulture) : "none")}.", nameof(classWeight));
    }

    /// <summary>A sample's class as Keras's class weighting reads it: the argmax of several targets, else the one target as a whole number.</summary>
    private static int ClassOf(ReadOnlySpan<float> targets, int sample)
    {
        if (targets.Length == 1)
        {
            // Keras casts the target to an integer (toward zero): 0.0/1.0 for a binary output, the index for a sparse one.
            float value = targets[0];
            return value is >= 0 and < int.MaxValue ? (int)value
                : throw new ArgumentException($"Sample {sample} of y has the target {value.ToString(CultureInfo.InvariantCulture)}, which is no class for classWeight; expected a class from 0 up.", "y");
        }
        int top = 0;
        for (int i = 1; i < targets.Length; i++) if (targets[i] > targets[top]) top = i;
        return top;
    }

    /// <summary>A batch's row weights for one output: the samples' weights, each repeated over the output's rows of one sample.</summary>
    private ReadOnlySpan<float> RowWeights(OutputHead head, ReadOnlySpan<float> sampleWeights, int batch)
    {
        if (sampleWeights.IsEmpty) return sampleWeights;
        if (head.RowsPerSample == 1) return sampleWeights.Slice(0, batch);
        Span<float> rows = head.RowWeights.AsSpan(0, batch * head.RowsPerSample);
        for (int i = 0; i < batch; i++) rows.Slice(i * head.RowsPerSample, head.RowsPerSample).Fill(sampleWeights[i]);
        return rows;
    }
}
