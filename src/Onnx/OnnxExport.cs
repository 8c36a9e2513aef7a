using Google.Protobuf;
using Onnx;

namespace Compiled.Onnx;

/// <summary>
/// Writes a compiled model as a standard ONNX model (opset 13): each Dense layer as <c>MatMul</c> then
/// <c>Add</c> (which, unlike <c>Gemm</c>, also works on samples of several axes), activations as
/// <c>Relu</c>, <c>Sigmoid</c>, <c>Tanh</c> and <c>Softmax</c> over the last axis, the weights as float
/// initializers, one input named <c>input</c> and one output named <c>output</c>, with a dynamic batch axis.
/// </summary>
public static class OnnxExport
{
    private const int OpsetVersion = 13;
    private const int IrVersion = 7;
    private const int FloatType = (int)TensorProto.Types.DataType.Float;

    /// <summary>Saves <paramref name="model"/> to <paramref name="path"/>; the file is replaced only once the new one is complete.</summary>
    public static void ExportOnnx(this Model model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = ToOnnx(model).ToByteArray();
        string full = Path.GetFullPath(path);
        string temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllBytes(temporary, bytes);
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
        graph.Input.Add(TensorInfo("input", model.InputShape));
        string previous = "input";
        ReadOnlySpan<float> parameters = model.Parameters;
        foreach (LayerInfo layer in model.Architecture)
        {
            if (layer.KerasClass == "Dense")
            {
                int kernelSize = layer.Inputs * layer.Units;
                string kernel = layer.Name + "/kernel";
                graph.Initializer.Add(Weights(kernel, parameters.Slice(layer.ParameterOffset, kernelSize), layer.Inputs, layer.Units));
                previous = Node(graph, "MatMul", layer.Name + "/matmul", previous, kernel);
                if (layer.UseBias)
                {
                    string bias = layer.Name + "/bias";
                    graph.Initializer.Add(Weights(bias, parameters.Slice(layer.ParameterOffset + kernelSize, layer.Units), layer.Units));
                    previous = Node(graph, "Add", layer.Name + "/bias_add", previous, bias);
                }
            }
            if (layer.Activation != Activation.Linear)
                previous = ActivationNode(graph, layer.Activation, layer.Name + "/" + layer.Activation.ToString().ToLowerInvariant(), previous);
        }
        Node(graph, "Identity", "output", previous);
        graph.Output.Add(TensorInfo("output", model.OutputShape));

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
