using Compiled.Tests.Training;

namespace Compiled.Tests.Layers;

/// <summary>
/// An independent float64 implementation of chains of image and sequence layers (channels_last, batch first),
/// written from Keras's documented formulas and sharing no code with the runtime or the generator: the reference
/// the generated passes of convolutional models are checked against. Every layer knows its own input shape and
/// works out its padding and output size from Keras's rules.
/// </summary>
internal sealed partial class ImageReference
{
    private readonly List<Func<double[], double[], int, double[]>> _layers = new();
    private int[] _shape;

    public ImageReference(params int[] inputShape) => _shape = inputShape;

    /// <summary>The shape after the layers so far, without the batch axis.</summary>
    public int[] Shape => _shape;

    /// <summary>
    /// Keras's Conv2D (or Conv1D on a (steps, channels) shape): kernel (k..., in, filters) at <paramref name="offset"/>, then
    /// the bias; a cross-correlation with zeros outside the input.
    /// </summary>
    public ImageReference Convolution(int filters, int[] kernel, int[] strides, int[] dilation, string padding, int offset, bool bias = true)
    {
        int rank = _shape.Length - 1, channels = _shape[^1];
        int[] input = _shape[..rank];
        (int[] output, int[] before) = Window(input, kernel, strides, dilation, padding);
        int taps = kernel.Aggregate(1, (p, k) => p * k);
        int inSize = _shape.Aggregate(1, (p, d) => p * d), outPositions = output.Aggregate(1, (p, d) => p * d);
        _layers.Add((x, p, batch) =>
        {
            double[] y = new double[batch * outPositions * filters];
            for (int b = 0; b < batch; b++)
                for (int o = 0; o < outPositions; o++)
                {
                    int[] at = Unravel(o, output);
                    for (int f = 0; f < filters; f++)
                    {
                        double sum = bias ? p[offset + taps * channels * filters + f] : 0;
                        for (int t = 0; t < taps; t++)
                        {
                            int[] tap = Unravel(t, kernel);
                            int[] source = new int[rank];
                            bool inside = true;
                            for (int a = 0; a < rank; a++)
                            {
                                source[a] = at[a] * strides[a] + tap[a] * dilation[a] - before[a];
                                inside &= source[a] >= 0 && source[a] < input[a];
                            }
                            if (!inside) continue;
                            int position = Ravel(source, input);
                            for (int c = 0; c < channels; c++)
                                sum += x[b * inSize + position * channels + c] * p[offset + (t * channels + c) * filters + f];
                        }
                        y[(b * outPositions + o) * filters + f] = sum;
                    }
                }
            return y;
        });
        _shape = [.. output, filters];
        return this;
    }

    /// <summary>Keras's max or average pooling: padded positions never count, so an edge window's mean is over the values it covers.</summary>
    public ImageReference Pooling(bool maximum, int[] pool, int[] strides, string padding)
    {
        int rank = _shape.Length - 1, channels = _shape[^1];
        int[] input = _shape[..rank];
        (int[] output, int[] before) = Window(input, pool, strides, Enumerable.Repeat(1, rank).ToArray(), padding);
        int taps = pool.Aggregate(1, (p, k) => p * k);
        int inSize = _shape.Aggregate(1, (p, d) => p * d), outPositions = output.Aggregate(1, (p, d) => p * d);
        _layers.Add((x, _, batch) =>
        {
            double[] y = new double[batch * outPositions * channels];
            for (int b = 0; b < batch; b++)
                for (int o = 0; o < outPositions; o++)
                {
                    int[] at = Unravel(o, output);
                    for (int c = 0; c < channels; c++)
                    {
                        double best = double.NegativeInfinity, sum = 0;
                        int count = 0;
                        for (int t = 0; t < taps; t++)
                        {
                            int[] tap = Unravel(t, pool);
                            int[] source = new int[rank];
                            bool inside = true;
                            for (int a = 0; a < rank; a++)
                            {
                                source[a] = at[a] * strides[a] + tap[a] - before[a];
                                inside &= source[a] >= 0 && source[a] < input[a];
                            }
                            if (!inside) continue;
                            double v = x[b * inSize + Ravel(source, input) * channels + c];
                            best = Math.Max(best, v);
                            sum += v;
                            count++;
                        }
                        y[(b * outPositions + o) * channels + c] = maximum ? best : sum / count;
                    }
                }
            return y;
        });
        _shape = [.. output, channels];
        return this;
    }

    /// <summary>The mean or maximum of each channel over every position.</summary>
    public ImageReference GlobalPooling(bool maximum)
    {
        int channels = _shape[^1], positions = _shape[..^1].Aggregate(1, (p, d) => p * d);
        _layers.Add((x, _, batch) =>
        {
            double[] y = new double[batch * channels];
            for (int b = 0; b < batch; b++)
                for (int c = 0; c < channels; c++)
                {
                    IEnumerable<double> values = Enumerable.Range(0, positions).Select(i => x[(b * positions + i) * channels + c]);
                    y[b * channels + c] = maximum ? values.Max() : values.Average();
                }
            return y;
        });
        _shape = [channels];
        return this;
    }

    /// <summary>Keras's ZeroPadding2D: zeros above, below, left and right of each image.</summary>
    public ImageReference ZeroPadding(int top, int bottom, int left, int right)
    {
        (int h, int w, int c) = (_shape[0], _shape[1], _shape[2]);
        int oh = top + h + bottom, ow = left + w + right;
        _layers.Add((x, _, batch) =>
        {
            double[] y = new double[batch * oh * ow * c];
            for (int b = 0; b < batch; b++)
                for (int i = 0; i < h; i++)
                    for (int j = 0; j < w; j++)
                        for (int k = 0; k < c; k++)
                            y[((b * oh + i + top) * ow + j + left) * c + k] = x[((b * h + i) * w + j) * c + k];
            return y;
        });
        _shape = [oh, ow, c];
        return this;
    }

    /// <summary>
    /// Keras's BatchNormalization in training: each channel normalised with the batch's mean and biased variance over every
    /// other axis, then <c>gamma · x̂ + beta</c> (gamma and beta from the parameters, or 1 and 0 when absent).
    /// </summary>
    public ImageReference BatchNormalizationTraining(double epsilon, int? gammaOffset, int? betaOffset)
    {
        int channels = _shape[^1], perSample = _shape.Aggregate(1, (p, d) => p * d) / channels;
        _layers.Add((x, p, batch) =>
        {
            int rows = batch * perSample;
            double[] y = new double[x.Length];
            for (int c = 0; c < channels; c++)
            {
                double mean = 0, variance = 0;
                for (int r = 0; r < rows; r++) mean += x[r * channels + c];
                mean /= rows;
                for (int r = 0; r < rows; r++) variance += (x[r * channels + c] - mean) * (x[r * channels + c] - mean);
                variance /= rows;
                double gamma = gammaOffset is { } g ? p[g + c] : 1, beta = betaOffset is { } o ? p[o + c] : 0;
                for (int r = 0; r < rows; r++) y[r * channels + c] = gamma * (x[r * channels + c] - mean) / Math.Sqrt(variance + epsilon) + beta;
            }
            return y;
        });
        return this;
    }

    /// <summary>Keras's Embedding: each index of a (timesteps) input replaced by its row of embeddings (inputDim, outputDim) at <paramref name="offset"/>.</summary>
    public ImageReference Embedding(int inputDim, int outputDim, int offset)
    {
        int steps = _shape.Single();
        _layers.Add((x, p, batch) =>
        {
            double[] y = new double[batch * steps * outputDim];
            for (int position = 0; position < batch * steps; position++)
            {
                int index = (int)x[position];
                if (index != x[position] || index < 0 || index >= inputDim) throw new ArgumentException($"index {x[position]} out of [0, {inputDim})");
                for (int d = 0; d < outputDim; d++) y[position * outputDim + d] = p[offset + index * outputDim + d];
            }
            return y;
        });
        _shape = [steps, outputDim];
        return this;
    }

    /// <summary>Keras's RepeatVector: each sample's (features) vector as n identical steps.</summary>
    public ImageReference RepeatVector(int n)
    {
        int features = _shape.Single();
        _layers.Add((x, _, batch) =>
        {
            double[] y = new double[batch * n * features];
            for (int b = 0; b < batch; b++)
                for (int k = 0; k < n; k++)
                    for (int f = 0; f < features; f++)
                        y[(b * n + k) * features + f] = x[b * features + f];
            return y;
        });
        _shape = [n, features];
        return this;
    }

    /// <summary>Multiplies value by value: Dropout's kept values scaled by 1 / (1 - rate), given the mask the layer drew.</summary>
    public ImageReference Scale(float[] mask)
    {
        _layers.Add((x, _, _) => x.Select((v, i) => v * mask[i]).ToArray());
        return this;
    }

    /// <summary>Dense on the last axis with kernel (inputs, units) at <paramref name="offset"/>, then the bias.</summary>
    public ImageReference Dense(int units, int offset, bool bias = true)
    {
        int inputs = _shape[^1], rowsPerSample = _shape[..^1].Aggregate(1, (p, d) => p * d);
        _layers.Add((x, p, batch) =>
        {
            int rows = batch * rowsPerSample;
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
        _shape = [.. _shape[..^1], units];
        return this;
    }

    /// <summary>The same values under another shape.</summary>
    public ImageReference Reshape(params int[] shape)
    {
        _shape = shape;
        return this;
    }

    public ImageReference Flatten()
    {
        _shape = [_shape.Aggregate(1, (p, d) => p * d)];
        return this;
    }

    public ImageReference Map(Func<double, double> f)
    {
        _layers.Add((x, _, _) => x.Select(f).ToArray());
        return this;
    }

    public ImageReference Relu() => Map(v => Math.Max(v, 0));
    public ImageReference Sigmoid() => Map(v => 1 / (1 + Math.Exp(-v)));
    public ImageReference Tanh() => Map(Math.Tanh);

    public ImageReference Softmax()
    {
        int width = _shape[^1];
        _layers.Add((x, _, _) => ReferenceNetwork.SoftmaxRows(x, width));
        return this;
    }

    public double[] Forward(double[] x, double[] parameters, int batch)
    {
        double[] a = x;
        foreach (Func<double[], double[], int, double[]> layer in _layers) a = layer(a, parameters, batch);
        return a;
    }

    /// <summary>
    /// Keras's output sizes and padding before each axis: 'valid' <c>floor((in - (k-1)·d - 1) / s) + 1</c>; 'same'
    /// <c>ceil(in / s)</c> with half the needed padding (rounded down) before; 'causal' <c>(k-1)·d</c> before.
    /// </summary>
    private static (int[] Output, int[] Before) Window(int[] input, int[] kernel, int[] strides, int[] dilation, string padding)
    {
        int rank = input.Length;
        int[] output = new int[rank], before = new int[rank];
        for (int a = 0; a < rank; a++)
        {
            int span = (kernel[a] - 1) * dilation[a] + 1;
            switch (padding)
            {
                case "valid":
                    output[a] = (input[a] - span) / strides[a] + 1;
                    break;
                case "same":
                    output[a] = (input[a] + strides[a] - 1) / strides[a];
                    before[a] = Math.Max((output[a] - 1) * strides[a] + span - input[a], 0) / 2;
                    break;
                case "causal":
                    output[a] = (input[a] - 1) / strides[a] + 1;
                    before[a] = span - 1;
                    break;
                default:
                    throw new ArgumentException(padding);
            }
        }
        return (output, before);
    }

    private static int[] Unravel(int index, int[] shape)
    {
        int[] at = new int[shape.Length];
        for (int a = shape.Length - 1; a >= 0; a--)
        {
            at[a] = index % shape[a];
            index /= shape[a];
        }
        return at;
    }

    private static int Ravel(int[] at, int[] shape)
    {
        int index = 0;
        for (int a = 0; a < shape.Length; a++) index = index * shape[a] + at[a];
        return index;
    }
}
