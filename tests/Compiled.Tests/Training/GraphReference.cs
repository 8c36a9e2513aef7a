namespace Compiled.Tests.Training;

/// <summary>
/// A float64 interpreter of a model's <see cref="Model.Architecture"/>, written independently of the
/// generated code: the reference that gradient checks and prediction checks of graph models compare with.
/// </summary>
internal sealed class GraphReference(Model model)
{
    private readonly IReadOnlyList<LayerInfo> _layers = model.Architecture;

    /// <summary>The one layer whose output nobody reads: the model's output.</summary>
    public LayerInfo Output => _layers.Single(l => l.KerasClass != "InputLayer" && !_layers.Any(o => o.Inbound.Contains(l.Name)));

    public double[] Forward(double[] x, double[] parameters, int batch) => ForwardAll(x, parameters, batch)[Output.Name];

    /// <summary>Every layer's output, by layer name.</summary>
    public Dictionary<string, double[]> ForwardAll(double[] x, double[] parameters, int batch)
    {
        Dictionary<string, double[]> values = new();
        int inputSize = x.Length / batch;
        // A sample holds the inputs in the model's input order, which need not be the layers' order.
        Dictionary<string, int> inputOffsets = new();
        int start = 0;
        foreach (string name in model.InputLayerNames)
        {
            inputOffsets[name] = start;
            start += Size(_layers.Single(l => l.Name == name).OutputShape);
        }
        double[]? previous = null;
        foreach (LayerInfo layer in _layers)
        {
            int size = Size(layer.OutputShape);
            double[] Input(int k) => layer.Inbound.Count == 0 ? previous ?? x : values[layer.Inbound[k]];
            double[] y = new double[batch * size];
            switch (layer.KerasClass)
            {
                case "InputLayer":
                    for (int b = 0; b < batch; b++) Array.Copy(x, b * inputSize + inputOffsets.GetValueOrDefault(layer.Name), y, b * size, size);
                    break;
                case "Dense":
                {
                    var dense = (DenseLayer)layer;
                    double[] input = Input(0);
                    int inputs = dense.Inputs, units = dense.Units, rows = input.Length / inputs;
                    for (int r = 0; r < rows; r++)
                        for (int u = 0; u < units; u++)
                        {
                            double sum = dense.UseBias ? parameters[dense.ParameterOffset + inputs * units + u] : 0;
                            for (int i = 0; i < inputs; i++) sum += input[r * inputs + i] * parameters[dense.ParameterOffset + i * units + u];
                            y[r * units + u] = sum;
                        }
                    Activate(y, dense.Activation, units);
                    break;
                }
                case "ReLU" or "Softmax" or "Activation":
                    Array.Copy(Input(0), y, y.Length);
                    Activate(y, layer switch { ReLULayer => Activation.Relu, SoftmaxLayer => Activation.Softmax, _ => ((ActivationLayer)layer).Function }, layer.OutputShape[^1]);
                    break;
                case "Flatten" or "Reshape":
                    Array.Copy(Input(0), y, y.Length);
                    break;
                case "Add" or "Subtract" or "Multiply" or "Average" or "Maximum":
                    for (int e = 0; e < y.Length; e++)
                    {
                        double v = Input(0)[e];
                        for (int k = 1; k < layer.Inbound.Count; k++)
                        {
                            double w = Input(k)[e];
                            v = layer.KerasClass switch
                            {
                                "Subtract" => v - w,
                                "Multiply" => v * w,
                                "Maximum" => Math.Max(v, w),
                                _ => v + w,
                            };
                        }
                        y[e] = layer.KerasClass == "Average" ? v / layer.Inbound.Count : v;
                    }
                    break;
                case "Concatenate":
                {
                    int axis = ((ConcatenateLayer)layer).Axis - 1;
                    int outer = batch * layer.OutputShape.Take(axis).Aggregate(1, (p, d) => p * d);
                    int whole = layer.OutputShape.Skip(axis).Aggregate(1, (p, d) => p * d), offset = 0;
                    for (int k = 0; k < layer.Inbound.Count; k++)
                    {
                        LayerInfo source = _layers.Single(l => l.Name == layer.Inbound[k]);
                        int part = source.OutputShape.Skip(axis).Aggregate(1, (p, d) => p * d);
                        for (int o = 0; o < outer; o++) Array.Copy(Input(k), o * part, y, o * whole + offset, part);
                        offset += part;
                    }
                    break;
                }
                case "Embedding":
                {
                    var embedding = (EmbeddingLayer)layer;
                    double[] indices = Input(0);
                    int width = embedding.OutputDim;
                    for (int position = 0; position < indices.Length; position++)
                    {
                        int row = checked((int)indices[position]);
                        if (row != indices[position] || row < 0 || row >= embedding.InputDim) throw new ArgumentException($"index {indices[position]} out of [0, {embedding.InputDim})");
                        Array.Copy(parameters, embedding.ParameterOffset + row * width, y, position * width, width);
                    }
                    break;
                }
                case "RepeatVector":
                {
                    int n = ((RepeatVectorLayer)layer).N, features = layer.InputShape[0];
                    for (int b = 0; b < batch; b++)
                        for (int k = 0; k < n; k++)
                            Array.Copy(Input(0), b * features, y, (b * n + k) * features, features);
                    break;
                }
                default:
                    throw new NotSupportedException(layer.KerasClass);
            }
            values[layer.Name] = y;
            previous = y;
        }
        return values;
    }

    private static void Activate(double[] y, Activation activation, int width)
    {
        switch (activation)
        {
            case Activation.Relu: for (int i = 0; i < y.Length; i++) y[i] = Math.Max(y[i], 0); break;
            case Activation.Sigmoid: for (int i = 0; i < y.Length; i++) y[i] = 1 / (1 + Math.Exp(-y[i])); break;
            case Activation.Tanh: for (int i = 0; i < y.Length; i++) y[i] = Math.Tanh(y[i]); break;
            case Activation.Softmax:
                for (int r = 0; r < y.Length / width; r++)
                {
                    Span<double> row = y.AsSpan(r * width, width);
                    double max = double.NegativeInfinity, sum = 0;
                    foreach (double v in row) max = Math.Max(max, v);
                    for (int i = 0; i < width; i++) sum += row[i] = Math.Exp(row[i] - max);
                    for (int i = 0; i < width; i++) row[i] /= sum;
                }
                break;
        }
    }

    private static int Size(IReadOnlyList<int> shape) => shape.Aggregate(1, (p, d) => p * d);
}
