using Google.Protobuf;
using Onnx;

namespace Compiled.Onnx;

/// <summary>
/// Writes a compiled model as a standard ONNX model (opset 13): each Dense layer as <c>MatMul</c> then
/// <c>Add</c> (which, unlike <c>Gemm</c>, also works on samples of several axes), activations as
/// <c>Relu</c>, <c>Sigmoid</c>, <c>Tanh</c> and <c>Softmax</c> over the last axis, merges as <c>Sum</c>,
/// <c>Sub</c>, <c>Mul</c>, <c>Mean</c>, <c>Max</c> and <c>Concat</c>, Flatten and Reshape as <c>Reshape</c>,
/// the weights as float initializers, with a dynamic batch axis. One input is named <c>input</c> and one
/// output <c>output</c>; a functional model with several takes its input layers' names and <c>&lt;layer&gt;/output</c>.
/// Every node is named <c>&lt;layer&gt;/&lt;operation&gt;</c>, so no layer name can clash with the graph's own names.
/// </summary>
public static class OnnxExport
{
    private const int OpsetVersion = 13;
    private const int IrVersion = 7;
    private const int FloatType = (int)TensorProto.Types.DataType.Float;

    // Flows with the calling test's async context only, so tests that run in parallel never see another's seam.
    private static readonly AsyncLocal<Func<Stream, Stream>?> s_wrapStreamForTests = new();

    /// <summary>
    /// A seam for tests: wraps the temporary file's stream, so a test can make the write fail part-way as a full
    /// disk would. Null in normal use.
    /// </summary>
    internal static Func<Stream, Stream>? WrapStreamForTests
    {
        get => s_wrapStreamForTests.Value;
        set => s_wrapStreamForTests.Value = value;
    }

    /// <summary>
    /// Saves <paramref name="model"/> to <paramref name="path"/>; the file is replaced only once the new one is complete:
    /// the bytes go to a temporary file beside it, which is renamed over it, so a failed export leaves the previous file.
    /// </summary>
    public static void ExportOnnx(this Model model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = ToOnnx(model).ToByteArray();
        string full = Path.GetFullPath(path);
        string temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (FileStream file = new(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                Stream stream = WrapStreamForTests?.Invoke(file) ?? file;
                stream.Write(bytes);
                stream.Flush();
                // Forces the bytes to the device before the rename makes them the file's contents.
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>The ONNX model of <paramref name="model"/> with its current weights.</summary>
    public static ModelProto ToOnnx(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        GraphProto graph = new() { Name = model.Name };
        IReadOnlyList<LayerInfo> layers = model.Architecture;
        Dictionary<string, string> values = new(StringComparer.Ordinal);
        if (model.InputLayerNames.Count > 1)
        {
            foreach (string name in model.InputLayerNames)
                graph.Input.Add(TensorInfo(name, layers.Single(l => l.Name == name).OutputShape.ToArray()));
        }
        else
        {
            graph.Input.Add(TensorInfo("input", model.InputShape));
        }
        string previous = "input";
        ReadOnlySpan<float> parameters = model.Parameters;
        foreach (LayerInfo layer in layers)
        {
            // A Sequential model's layers name no inputs: each takes the one before.
            string Source(int k) => layer.Inbound.Count == 0 ? previous : values[layer.Inbound[k]];
            string output;
            switch (layer.KerasClass)
            {
                case "InputLayer":
                    output = model.InputLayerNames.Count > 1 ? layer.Name : "input";
                    break;
                case "Dense":
                {
                    int kernelSize = layer.Inputs * layer.Units;
                    string kernel = layer.Name + "/kernel";
                    graph.Initializer.Add(Weights(kernel, parameters.Slice(layer.ParameterOffset, kernelSize), layer.Inputs, layer.Units));
                    output = Node(graph, "MatMul", layer.Name + "/matmul", Source(0), kernel);
                    if (layer.UseBias)
                    {
                        string bias = layer.Name + "/bias";
                        graph.Initializer.Add(Weights(bias, parameters.Slice(layer.ParameterOffset + kernelSize, layer.Units), layer.Units));
                        output = Node(graph, "Add", layer.Name + "/bias_add", output, bias);
                    }
                    if (layer.Activation != Activation.Linear)
                        output = ActivationNode(graph, layer.Activation, layer.Name + "/" + layer.Activation.ToString().ToLowerInvariant(), output);
                    break;
                }
                case "ReLU" or "Softmax" or "Activation":
                    output = layer.Activation == Activation.Linear
                        ? Node(graph, "Identity", layer.Name + "/linear", Source(0))
                        : ActivationNode(graph, layer.Activation, layer.Name + "/" + layer.Activation.ToString().ToLowerInvariant(), Source(0));
                    break;
                case "Flatten" or "Reshape":
                {
                    // 0 keeps the batch dimension as it is, so the batch axis stays dynamic.
                    string shape = layer.Name + "/shape";
                    TensorProto target = new() { Name = shape, DataType = (int)TensorProto.Types.DataType.Int64 };
                    target.Dims.Add(layer.OutputShape.Count + 1);
                    target.Int64Data.Add(0);
                    target.Int64Data.AddRange(layer.OutputShape.Select(d => (long)d));
                    graph.Initializer.Add(target);
                    output = Node(graph, "Reshape", layer.Name + "/reshape", Source(0), shape);
                    break;
                }
                case "Add" or "Average" or "Maximum":
                    string op = layer.KerasClass switch { "Add" => "Sum", "Average" => "Mean", _ => "Max" };
                    output = Node(graph, op, layer.Name + "/" + op.ToLowerInvariant(), Enumerable.Range(0, layer.Inbound.Count).Select(Source).ToArray());
                    break;
                case "Subtract":
                    output = Node(graph, "Sub", layer.Name + "/sub", Source(0), Source(1));
                    break;
                case "Multiply":
                    output = Source(0);
                    for (int k = 1; k < layer.Inbound.Count; k++)
                        output = Node(graph, "Mul", $"{layer.Name}/mul{k}", output, Source(k));
                    break;
                case "Concatenate":
                    output = Node(graph, "Concat", layer.Name + "/concat", Enumerable.Range(0, layer.Inbound.Count).Select(Source).ToArray());
                    graph.Node[^1].Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = layer.Axis });
                    break;
                default:
                    throw new NotSupportedException($"Layer '{layer.Name}' is a {layer.KerasClass}, which has no ONNX translation here.");
            }
            values[layer.Name] = output;
            previous = output;
        }
        if (model.Outputs.Count > 1)
        {
            foreach (ModelOutput head in model.Outputs)
            {
                Node(graph, "Identity", head.Name + "/output", values[head.Name]);
                graph.Output.Add(TensorInfo(head.Name + "/output", head.Shape.ToArray()));
            }
        }
        else
        {
            // A functional model's output is its output layer; a Sequential model's, its last.
            string last = model.InputLayerNames.Count > 0 ? values[model.Outputs[0].Name] : previous;
            Node(graph, "Identity", "output", last);
            graph.Output.Add(TensorInfo("output", model.OutputShape));
        }

        ModelProto onnx = new()
        {
            IrVersion = IrVersion,
            ProducerName = "Compiled",
            ProducerVersion = typeof(Model).Assembly.GetName().Version?.ToString() ?? "",
            Graph = graph,
        };
        onnx.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        return onnx;
    }

    private static string ActivationNode(GraphProto graph, Activation activation, string name, string input)
    {
        string op = activation switch
        {
            Activation.Relu => "Relu",
            Activation.Sigmoid => "Sigmoid",
            Activation.Tanh => "Tanh",
            Activation.Softmax => "Softmax",
            _ => throw new NotSupportedException($"Activation {activation} has no ONNX operator here."),
        };
        string output = Node(graph, op, name, input);
        if (activation == Activation.Softmax)
            graph.Node[^1].Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = -1 });
        return output;
    }

    /// <summary>Adds a node whose output is named like the node; returns that name.</summary>
    private static string Node(GraphProto graph, string op, string name, params string[] inputs)
    {
        NodeProto node = new() { OpType = op, Name = name };
        node.Input.AddRange(inputs);
        node.Output.Add(name);
        graph.Node.Add(node);
        return name;
    }

    private static TensorProto Weights(string name, ReadOnlySpan<float> values, params long[] dims)
    {
        TensorProto tensor = new() { Name = name, DataType = FloatType };
        tensor.Dims.AddRange(dims);
        tensor.FloatData.AddRange(values.ToArray());
        return tensor;
    }

    private static ValueInfoProto TensorInfo(string name, ReadOnlySpan<int> sampleShape)
    {
        TypeProto.Types.Tensor tensor = new() { ElemType = FloatType, Shape = new TensorShapeProto() };
        tensor.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        foreach (int d in sampleShape) tensor.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensor } };
    }
}
