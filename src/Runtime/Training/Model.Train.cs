using System.Numerics.Tensors;

namespace Compiled;

public abstract partial class Model
{
    /// <summary>
    /// Keras's <c>train_on_batch(x, y, sample_weight, class_weight, reset_metrics=True)</c>: one update on the samples
    /// given; returns the batch's loss (<see cref="BatchLogs.Loss"/>; with several outputs, the weighted sum of their
    /// losses) and every loss and metric by name, as measured before the update, over every batch call since the last
    /// one that reset. With <paramref name="resetMetrics"/> false this call does not reset after reading them, so the
    /// next batch call adds to them, as Keras's <c>reset_metrics=False</c>.
    /// </summary>
    /// <param name="x">The samples' inputs, back to back.</param>
    /// <param name="y">The samples' targets, back to back: per output its values, or one class index per row for a loss that <see cref="Loss.TakesClassIndices"/>.</param>
    /// <param name="sampleWeight">One weight per sample scaling its loss (Keras's <c>sample_weight</c>), or empty for all 1.</param>
    /// <param name="classWeight">A weight per class (Keras's <c>class_weight</c>) that multiplies each sample's weight, or null.</param>
    /// <param name="resetMetrics">Whether to reset the metrics after reading them, Keras's <c>reset_metrics</c>.</param>
    public BatchLogs TrainOnBatch(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> sampleWeight = default, IReadOnlyDictionary<int, double>? classWeight = null, bool resetMetrics = true)
    {
        using CallScope call = EnterCall(nameof(TrainOnBatch));
        (Loss loss, Optimizer optimizer) = RequireCompiled(nameof(TrainOnBatch));
        int samples = CheckPairs(x, y);
        if (samples == 0) throw new ArgumentException("TrainOnBatch needs at least one sample; x is empty.", nameof(x));
        EnsureCapacity(samples);
        ReadOnlySpan<float> weights = SampleWeights(y, samples, sampleWeight, classWeight, _sampleWeightStage);
        TrainStep(x, y, samples, optimizer, BeginBatchLogs().Sums, weights);
        return EndBatchLogs(samples, resetMetrics);
    }

    private void TrainStep(ReadOnlySpan<float> x, ReadOnlySpan<float> y, int batch, Optimizer optimizer, Span<double> sums, ReadOnlySpan<float> sampleWeights = default)
    {
        TrainingStep++;
        Training = true;
        try
        {
            TrainPasses(x, y, batch, optimizer, sums, sampleWeights);
        }
        finally
        {
            Training = false;
        }
    }

    private void TrainPasses(ReadOnlySpan<float> x, ReadOnlySpan<float> y, int batch, Optimizer optimizer, Span<double> sums, ReadOnlySpan<float> sampleWeights)
    {
        Forward(x, batch);
        foreach (OutputHead head in _heads)
        {
            ReadOnlySpan<float> targets = Targets(y, head, batch);
            int rows = batch * head.RowsPerSample;
            ReadOnlySpan<float> predicted = HeadOutput(head.Index).Slice(0, batch * head.Size);
            ReadOnlySpan<float> rowWeights = RowWeights(head, sampleWeights, batch);
            bool fromLogits = _fromLogits[head.Index];
            Loss loss = _losses[head.Index];
            Span<float> gradient = (fromLogits ? HeadLogitsGradient(head.Index) : HeadOutputGradient(head.Index)).Slice(0, batch * head.Size);
            // Keras sums the outputs' losses, each a weighted mean over its rows; sums are per sample until divided by the samples seen.
            double headLoss = (fromLogits
                ? loss.ComputeFromLogits(HeadLogits(head.Index), predicted, targets, gradient, rows, head.Width, rowWeights)
                : loss.Compute(predicted, targets, gradient, rows, head.Width, rowWeights)) / head.RowsPerSample;
            double weight = _lossWeights[head.Index];
            if (weight != 1) TensorPrimitives.Multiply(gradient, (float)weight, gradient);
            AddToLogs(sums, head, headLoss, weight, predicted, targets, rows);
        }
        // The generated pass reads the flag of a single output from here, and several outputs' flags from HeadFromLogits.
        Backward(x, batch, _fromLogits[0]);
        sums[0] += batch * (AddRegularization() + ActivityPenalty); // Keras adds the penalties to each batch's mean loss, once per batch
        optimizer.Apply(_parameters, _gradients);
        ApplyConstraints();
    }

    /// <summary>One output's targets for a batch: in place with one output, else copied out of each sample's targets.</summary>
    private ReadOnlySpan<float> Targets(ReadOnlySpan<float> y, OutputHead head, int batch)
    {
        if (_heads.Length == 1) return y.Slice(0, batch * head.TargetSize);
        Span<float> targets = head.Staging.AsSpan(0, batch * head.TargetSize);
        Kernels.Concatenation.Read(y.Slice(0, batch * _targetSize), targets, batch, head.TargetSize, _targetSize, head.TargetOffset);
        return targets;
    }


    private void EnsureCapacity(int batch)
    {
        if (batch <= _capacity) return;
        AllocateWorkspace(batch);
        foreach (OutputHead head in _heads)
        {
            if (_heads.Length > 1) head.Staging = new float[batch * head.TargetSize];
            if (head.RowsPerSample > 1) head.RowWeights = new float[batch * head.RowsPerSample];
        }
        _sampleWeightStage = new float[batch];
        _capacity = batch;
    }

    /// <summary>A batch's sample weights gathered for <c>Fit</c>.</summary>
    private float[] _weightStage = [];

    private void EnsureStaging(int batch)
    {
        if (_xStage.Length < batch * _inputSize) _xStage = new float[batch * _inputSize];
        if (_yStage.Length < batch * _targetSize) _yStage = new float[batch * _targetSize];
        if (_weightStage.Length < batch) _weightStage = new float[batch];
    }

    private (Loss, Optimizer) RequireCompiled(string caller)
        => _losses.Length == 0 || _optimizer is null
            ? throw new InvalidOperationException($"{Name}: call Compile(loss, optimizer, metrics) before {caller}, as in Keras.")
            : (_losses[0], _optimizer);
}
