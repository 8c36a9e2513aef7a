using Google.Protobuf;
using Onnx;

namespace Compiled.Onnx;

/// <summary>
/// Writes a compiled model as a standard ONNX model (opset 13), each layer lowering itself
/// (<see cref="LayerInfo.LowerToOnnx"/>): each Dense layer as <c>MatMul</c> then
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
        ProtobufGraph graph = new(model);
        IReadOnlyList<LayerInfo> layers = model.Architecture;
        bool severalInputs = model.InputLayerNames.Count > 1;
        if (severalInputs)
        {
            foreach (string name in model.InputLayerNames)
                graph.Proto.Input.Add(TensorInfo(name, layers.Single(l => l.Name == name).OutputShape.ToArray()));
        }
        else
        {
            graph.Proto.Input.Add(TensorInfo("input", model.InputShape));
        }
        // Each layer's output value by layer name; a Sequential model's layers name no inputs: each takes the one before.
        Dictionary<string, string> values = new(StringComparer.Ordinal);
        string previous = "input";
        foreach (LayerInfo layer in layers)
        {
            string[] inputs = model.InputLayerNames.Contains(layer.Name) ? [severalInputs ? layer.Name : "input"]
                : layer.Inbound.Count == 0 ? [previous]
                : layer.Inbound.Select(name => values[name]).ToArray();
            string output = layer.LowerToOnnx(graph, inputs);
            values[layer.Name] = output;
            previous = output;
        }
        if (model.Outputs.Count > 1)
        {
            foreach (ModelOutput head in model.Outputs)
            {
                graph.AddNode("Identity", head.Name + "/output", [values[head.Name]]);
                graph.Proto.Output.Add(TensorInfo(head.Name + "/output", head.Shape.ToArray()));
            }
        }
        else
        {
            // A functional model's output is its output layer; a Sequential model's, its last.
            string last = model.InputLayerNames.Count > 0 ? values[model.Outputs[0].Name] : previous;
            graph.AddNode("Identity", "output", [last]);
            graph.Proto.Output.Add(TensorInfo("output", model.OutputShape));
        }

        ModelProto onnx = new()
        {
            IrVersion = IrVersion,
            ProducerName = "Compiled",
            ProducerVersion = typeof(Model).Assembly.GetName().Version?.ToString() ?? "",
            Graph = graph.Proto,
        };
        onnx.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        return onnx;
    }

    /// <summary>The layers' graph builder over ONNX's protobuf messages.</summary>
    private sealed class ProtobufGraph(Model model) : OnnxGraph(model)
    {
        public GraphProto Proto { get; } = new() { Name = model.Name };

        public override string AddNode(string operation, string name, IReadOnlyList<string> inputs, params OnnxAttribute[] attributes)
        {
            NodeProto node = new() { OpType = operation, Name = name };
            node.Input.AddRange(inputs);
            node.Output.Add(name);
            foreach (OnnxAttribute attribute in attributes)
            {
                AttributeProto proto = new() { Name = attribute.Name };
                switch (attribute.Type)
                {
                    case OnnxAttributeType.Int:
                        (proto.Type, proto.I) = (AttributeProto.Types.AttributeType.Int, attribute.Int);
                        break;
                    case OnnxAttributeType.Ints:
                        proto.Type = AttributeProto.Types.AttributeType.Ints;
                        proto.Ints.AddRange(attribute.Ints);
                        break;
                    case OnnxAttributeType.Float:
                        (proto.Type, proto.F) = (AttributeProto.Types.AttributeType.Float, attribute.Float);
                        break;
                    case OnnxAttributeType.Floats:
                        proto.Type = AttributeProto.Types.AttributeType.Floats;
                        proto.Floats.AddRange(attribute.Floats);
                        break;
                    case OnnxAttributeType.Strings:
                        proto.Type = AttributeProto.Types.AttributeType.Strings;
                        proto.Strings.AddRange(attribute.Strings.Select(ByteString.CopyFromUtf8));
                        break;
                    case OnnxAttributeType.String:
                        (proto.Type, proto.S) = (AttributeProto.Types.AttributeType.String, ByteString.CopyFromUtf8(attribute.Strings[0]));
                        break;
                    default:
                        throw new NotSupportedException($"ONNX attribute '{attribute.Name}' has an unknown type {attribute.Type}.");
                }
                node.Attribute.Add(proto);
            }
            Proto.Node.Add(node);
            return name;
        }

        public override string AddFloatInitializer(string name, ReadOnlySpan<float> values, params long[] dims)
        {
            TensorProto tensor = new() { Name = name, DataType = FloatType };
            tensor.Dims.AddRange(dims);
            tensor.FloatData.AddRange(values.ToArray());
            Proto.Initializer.Add(tensor);
            return name;
        }

        public override string AddInt64Initializer(string name, ReadOnlySpan<long> values, params long[] dims)
        {
            TensorProto tensor = new() { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
            tensor.Dims.AddRange(dims);
            tensor.Int64Data.AddRange(values.ToArray());
            Proto.Initializer.Add(tensor);
            return name;
        }
    }

    private static ValueInfoProto TensorInfo(string name, ReadOnlySpan<int> sampleShape)
    {
        TypeProto.Types.Tensor tensor = new() { ElemType = FloatType, Shape = new TensorShapeProto() };
        tensor.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        foreach (int d in sampleShape) tensor.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensor } };
    }
}
