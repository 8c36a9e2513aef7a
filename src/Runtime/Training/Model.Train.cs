using System.Numerics.Tensors;

namespace Compiled;

public abstract partial class Model
{
    /// <summary>Keras's <c>train_on_batch</c>: one update on the samples given; returns the batch's mean loss (with several outputs, the weighted sum of their losses; <c>Evaluate</c> gives each one).</summary>
    public double TrainOnBatch(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        using CallScope call = EnterCall(nameof(TrainOnBatch));
        (Loss loss, Optimizer optimizer) = RequireCompiled(nameof(TrainOnBatch));
        int samples = CheckPairs(x.Length, y.Length);
        if (samples == 0) throw new ArgumentException("TrainOnBatch needs at least one sample; x is empty.", nameof(x));
        EnsureCapacity(samples);
        Span<double> sums = stackalloc double[LogCount];
        sums.Clear();
        TrainStep(x, y, samples, optimizer, sums);
        return sums[0] / samples;
    }

    private void TrainStep(ReadOnlySpan<float> x, ReadOnlySpan<float> y, int batch, Optimizer optimizer, Span<double> sums)
    {
        TrainingStep++;
        Training = true;
        try
        {
            TrainPasses(x, y, batch, optimizer, sums);
        }
        finally
        {
            Training = false;
        }
    }

    private void TrainPasses(ReadOnlySpan<float> x, ReadOnlySpan<float> y, int batch, Optimizer optimizer, Span<double> sums)
    {
        Forward(x, batch);
        foreach (OutputHead head in _heads)
        {
            ReadOnlySpan<float> targets = Targets(y, head, batch);
            int rows = batch * head.RowsPerSample;
            ReadOnlySpan<float> predicted = HeadOutput(head.Index).Slice(0, batch * head.Size);
            bool fromLogits = _fromLogits[head.Index];
            Span<float> gradient = (fromLogits ? HeadLogitsGradient(head.Index) : HeadOutputGradient(head.Index)).Slice(0, batch * head.Size);
            // Keras sums the outputs' losses, each a mean over its rows; sums are per sample until divided by the samples seen.
            double headLoss = (fromLogits
                ? _losses[head.Index].ComputeFromSoftmaxLogits(HeadLogits(head.Index), predicted, targets, gradient, rows, head.Width)
                : _losses[head.Index].Compute(predicted, targets, gradient, rows, head.Width)) / head.RowsPerSample;
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
        if (_heads.Length == 1) return y.Slice(0, batch * head.Size);
        Span<float> targets = head.Staging.AsSpan(0, batch * head.Size);
        Kernels.Concatenation.Read(y.Slice(0, batch * _outputSize), targets, batch, head.Size, _outputSize, head.Offset);
        return targets;
    }


    private void EnsureCapacity(int batch)
    {
        if (batch <= _capacity) return;
        AllocateWorkspace(batch);
        if (_heads.Length > 1)
            foreach (OutputHead head in _heads) head.Staging = new float[batch * head.Size];
        _capacity = batch;
    }

    private int LogCount => 1 + (_heads.Length == 1 ? 0 : _heads.Length) + _heads.Length * _metrics.Length;

    private void EnsureStaging(int batch)
    {
        if (_xStage.Length < batch * _inputSize) _xStage = new float[batch * _inputSize];
        if (_yStage.Length < batch * _outputSize) _yStage = new float[batch * _outputSize];
    }

    private (Loss, Optimizer) RequireCompiled(string caller)
        => _losses.Length == 0 || _optimizer is null
            ? throw new InvalidOperationException($"{Name}: call Compile(loss, optimizer, metrics) before {caller}, as in Keras.")
            : (_losses[0], _optimizer);
}
