namespace Compiled.Tests.Layers;

internal sealed partial class ImageReference
{
    /// <summary>
    /// Keras's LSTM on a <c>(timesteps, features)</c> shape, from zero states: weights kernel <c>(features, 4u)</c> at
    /// <paramref name="offset"/>, then recurrent_kernel <c>(u, 4u)</c>, then the bias <c>(4u)</c>, gates in the order i, f,
    /// c, o; per step <c>c = σ(z_f)·c + σ(zᵢ)·act(z_c)</c>, <c>h = σ(z_o)·act(c)</c>. With <paramref name="goBackwards"/> the
    /// steps are read from the last, and a returned sequence is in that order. An <paramref name="inputMask"/>
    /// <c>(batch, features)</c> multiplies every step's input (input dropout, the mask as the layer drew it). A
    /// <paramref name="stepMask"/> (Keras's mask of padded steps, <c>(batch, timesteps)</c> in input order) leaves both states
    /// as they were at a masked step, whose output is the state carried, or zeros with <paramref name="zeroMaskedOutputs"/>.
    /// </summary>
    public ImageReference Lstm(int units, int offset, bool returnSequences = false, bool goBackwards = false, bool bias = true,
        string activation = "tanh", string recurrentActivation = "sigmoid", Func<float[]>? inputMask = null,
        Func<bool[]?>? stepMask = null, bool zeroMaskedOutputs = false)
    {
        int steps = _shape[0], features = _shape[1], width = 4 * units;
        int recurrentOffset = offset + features * width, biasOffset = recurrentOffset + units * width;
        Func<double, double> act = Function(activation), gate = Function(recurrentActivation);
        _layers.Add((x, p, batch) =>
        {
            double[] y = new double[batch * (returnSequences ? steps : 1) * units];
            float[]? mask = inputMask?.Invoke();
            bool[]? counts = stepMask?.Invoke();
            for (int b = 0; b < batch; b++)
            {
                double[] h = new double[units], c = new double[units];
                for (int s = 0; s < steps; s++)
                {
                    int t = goBackwards ? steps - 1 - s : s;
                    if (counts is not null && !counts[b * steps + t])
                    {
                        if (returnSequences && !zeroMaskedOutputs) h.CopyTo(y, (b * steps + s) * units);
                        continue;
                    }
                    double[] z = new double[width];
                    for (int k = 0; k < width; k++)
                    {
                        double sum = bias ? p[biasOffset + k] : 0;
                        for (int f = 0; f < features; f++)
                            sum += x[(b * steps + t) * features + f] * (mask is null ? 1 : mask[b * features + f]) * p[offset + f * width + k];
                        for (int j = 0; j < units; j++) sum += h[j] * p[recurrentOffset + j * width + k];
                        z[k] = sum;
                    }
                    for (int j = 0; j < units; j++)
                    {
                        double i = gate(z[j]), forget = gate(z[units + j]), candidate = act(z[2 * units + j]), o = gate(z[3 * units + j]);
                        c[j] = forget * c[j] + i * candidate;
                        h[j] = o * act(c[j]);
                    }
                    if (returnSequences) h.CopyTo(y, (b * steps + s) * units);
                }
                if (!returnSequences) h.CopyTo(y, b * units);
            }
            return y;
        });
        _shape = returnSequences ? [steps, units] : [units];
        return this;
    }

    /// <summary>Keras 2's activations by name; hard_sigmoid is <c>clip(0.2x + 0.5, 0, 1)</c>.</summary>
    private static Func<double, double> Function(string name) => name switch
    {
        "tanh" => Math.Tanh,
        "sigmoid" => v => 1 / (1 + Math.Exp(-v)),
        "hard_sigmoid" => v => Math.Clamp(0.2 * v + 0.5, 0, 1),
        "relu" => v => Math.Max(v, 0),
        "linear" => v => v,
        _ => throw new ArgumentException(name),
    };
}
