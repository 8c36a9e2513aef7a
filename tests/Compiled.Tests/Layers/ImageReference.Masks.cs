namespace Compiled.Tests.Layers;

internal sealed partial class ImageReference
{
    /// <summary>
    /// The mask of padded steps the layers so far hand on, <c>(batch, timesteps)</c> in input order (true: the step counts),
    /// as the forward pass in progress computed it; null where no mask is carried. Set by <see cref="Masking"/> and
    /// <see cref="MaskZero"/>, read by the masked recurrent layers, dropped by <see cref="EndMask"/>.
    /// </summary>
    private bool[]? _stepMask;

    /// <summary>The mask the layers so far carry, for a masked recurrent layer to read when the pass reaches it.</summary>
    public Func<bool[]?> StepMask => () => _stepMask;

    /// <summary>Keras's Masking: a step counts when any feature differs from <paramref name="maskValue"/>; the others become zeros.</summary>
    public ImageReference Masking(double maskValue)
    {
        int steps = _shape[0], features = _shape[1];
        _layers.Add((x, _, batch) =>
        {
            double[] y = new double[x.Length];
            _stepMask = new bool[batch * steps];
            for (int p = 0; p < batch * steps; p++)
            {
                _stepMask[p] = Enumerable.Range(0, features).Any(f => (float)x[p * features + f] != (float)maskValue);
                if (_stepMask[p]) Array.Copy(x, p * features, y, p * features, features);
            }
            return y;
        });
        return this;
    }

    /// <summary>Keras's Embedding <c>mask_zero=True</c> mask, taken from the indices before the embedding: index 0 is padding.</summary>
    public ImageReference MaskZero()
    {
        _layers.Add((x, _, _) =>
        {
            _stepMask = x.Select(index => index != 0).ToArray();
            return x;
        });
        return this;
    }

    /// <summary>A layer that stops the mask (a recurrent layer returning its last step only).</summary>
    public ImageReference EndMask()
    {
        _layers.Add((x, _, _) =>
        {
            _stepMask = null;
            return x;
        });
        return this;
    }
}
