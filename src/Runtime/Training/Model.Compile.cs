namespace Compiled;

public abstract partial class Model
{
    /// <summary>Keras's <c>compile(loss, optimizer, metrics)</c>.</summary>
    public void Compile(Loss loss, Optimizer optimizer, params Metric[] metrics)
    {
        ArgumentNullException.ThrowIfNull(loss);
        Compile(Enumerable.Repeat(loss, _heads.Length).ToArray(), optimizer, null, metrics);
    }

    /// <summary>
    /// Keras's <c>compile(loss=[...], loss_weights=[...], ...)</c> for a model with several outputs: one loss per
    /// output, in output order, and optionally each output's weight in the total loss (which is what training
    /// minimises; each output's own loss is logged unweighted as <c>name_loss</c>).
    /// </summary>
    public void Compile(Loss[] losses, Optimizer optimizer, double[]? lossWeights = null, params Metric[] metrics)
    {
        ArgumentNullException.ThrowIfNull(losses);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(metrics);
        int missing = Array.IndexOf(metrics, null);
        if (missing >= 0)
            throw new ArgumentException($"metrics[{missing}] is null; give Metric values (Metric.Accuracy, new AucMetric(), …) or leave the metric out.", nameof(metrics));
        if (losses.Length != _heads.Length || losses.Any(l => l is null))
            throw new ArgumentException($"{Name} has {_heads.Length} output(s) ({string.Join(", ", _heads.Select(h => h.Output.Name))}); give one loss for each, not {losses.Length}{(losses.Any(l => l is null) ? " with nulls" : "")}.", nameof(losses));
        double[] weights = lossWeights ?? Enumerable.Repeat(1.0, _heads.Length).ToArray();
        if (weights.Length != _heads.Length || weights.Any(w => !(w >= 0) || double.IsInfinity(w)))
            throw new ArgumentException($"{Name} needs one finite, non-negative loss weight per output ({_heads.Length}); got [{string.Join(", ", weights)}].", nameof(lossWeights));
        optimizer.BindTo(this);
        (_losses, _lossWeights, _optimizer, _metrics) = (losses.ToArray(), weights.ToArray(), optimizer, metrics.ToArray());
        // The loss starts from an output's logits when that output ends in the very activation its loss fuses with.
        _fromLogits = _heads.Select(h => _losses[h.Index].FusedActivation is { } fused && fused == h.Output.FinalActivation).ToArray();
        LayOutTargets();
        CompileMetrics();
    }

    /// <summary>Each output's place in a sample's targets, which its loss decides: its values, or one class index per row.</summary>
    private void LayOutTargets()
    {
        int offset = 0;
        foreach (OutputHead head in _heads)
        {
            head.TargetOffset = offset;
            head.TargetSize = head.RowsPerSample * _losses[head.Index].TargetsPerRow(head.Width);
            offset += head.TargetSize;
            if (_heads.Length > 1) head.Staging = new float[_capacity * head.TargetSize];
        }
        _targetSize = offset;
    }

    /// <summary>
    /// Whether the loss of output <paramref name="head"/> has written the gradient of its logits itself, so the
    /// generated backward pass skips that output's final activation; set by <c>Compile</c>.
    /// </summary>
    protected bool HeadFromLogits(int head) => _fromLogits[head];

    /// <summary>Keras's <c>compile</c> with names: <c>Compile("categorical_crossentropy", new SGD(lr: 0.1), "categorical_accuracy")</c>.</summary>
    public void Compile(string loss, Optimizer optimizer, params string[] metrics)
        => Compile(Compiled.Loss.FromName(loss), optimizer, metrics.Select(Metric.FromName).ToArray());

    /// <summary>Keras's <c>compile</c> with names only: <c>Compile("mse", "sgd")</c>.</summary>
    public void Compile(string loss, string optimizer, params string[] metrics)
        => Compile(loss, Compiled.Optimizer.FromName(optimizer), metrics);
}
