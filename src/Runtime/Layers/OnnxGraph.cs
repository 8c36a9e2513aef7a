namespace Compiled;

/// <summary>
/// The graph a layer lowers itself into (<see cref="LayerInfo.LowerToOnnx"/>): ONNX nodes and initializers by name,
/// with the model's weights to read. The ONNX package (<c>Compiled.Onnx</c>) implements it with ONNX's protobuf
/// messages, so the runtime itself depends on no protobuf library.
/// </summary>
public abstract class OnnxGraph
{
    /// <param name="model">The model being exported, whose weights the initializers take.</param>
    protected OnnxGraph(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
    }

    /// <summary>The model being exported.</summary>
    public Model Model { get; }

    /// <summary>The current values of one of the model's variables (<see cref="Model.WeightsOf"/>).</summary>
    public ReadOnlySpan<float> WeightsOf(LayerVariable variable) => Model.WeightsOf(variable);

    /// <summary>Adds a node whose one output is named like the node, <paramref name="name"/>; returns that name.</summary>
    /// <param name="operation">The ONNX operator (opset 13): <c>MatMul</c>, <c>Add</c>, <c>Relu</c>, …</param>
    /// <param name="name">The node's name, by convention <c>&lt;layer&gt;/&lt;operation&gt;</c>; unique in the graph.</param>
    /// <param name="inputs">The names of its inputs, in the operator's order.</param>
    /// <param name="attributes">The operator's attributes, such as Softmax's and Concat's <c>axis</c>.</param>
    public abstract string AddNode(string operation, string name, IReadOnlyList<string> inputs, params OnnxAttribute[] attributes);

    /// <summary>Adds a float32 initializer (a constant tensor, such as a weight); returns its name.</summary>
    /// <param name="name">The tensor's name, by convention <c>&lt;layer&gt;/&lt;variable&gt;</c>.</param>
    /// <param name="values">Its values, row-major.</param>
    /// <param name="dims">Its shape.</param>
    public abstract string AddFloatInitializer(string name, ReadOnlySpan<float> values, params long[] dims);

    /// <summary>Adds an int64 initializer (such as Reshape's target shape); returns its name.</summary>
    /// <param name="name">The tensor's name.</param>
    /// <param name="values">Its values, row-major.</param>
    /// <param name="dims">Its shape.</param>
    public abstract string AddInt64Initializer(string name, ReadOnlySpan<long> values, params long[] dims);
}

/// <summary>An attribute of an ONNX node: an integer, a float, or a list of integers, floats or strings.</summary>
public sealed class OnnxAttribute
{
    private OnnxAttribute(string name, OnnxAttributeType type, long value, IReadOnlyList<long> values, float number,
        IReadOnlyList<string>? strings = null, IReadOnlyList<float>? numbers = null)
        => (Name, Type, Int, Ints, Float, Strings, Floats) = (name, type, value, values, number, strings ?? [], numbers ?? []);

    /// <summary>The attribute's name, such as <c>axis</c>.</summary>
    public string Name { get; }

    /// <summary>Which of <see cref="Int"/>, <see cref="Ints"/> and <see cref="Float"/> holds its value.</summary>
    public OnnxAttributeType Type { get; }

    /// <summary>The value of an <see cref="OnnxAttributeType.Int"/> attribute.</summary>
    public long Int { get; }

    /// <summary>The values of an <see cref="OnnxAttributeType.Ints"/> attribute.</summary>
    public IReadOnlyList<long> Ints { get; }

    /// <summary>The value of a <see cref="OnnxAttributeType.Float"/> attribute.</summary>
    public float Float { get; }

    /// <summary>The values of a <see cref="OnnxAttributeType.Strings"/> attribute.</summary>
    public IReadOnlyList<string> Strings { get; }

    /// <summary>The values of a <see cref="OnnxAttributeType.Floats"/> attribute.</summary>
    public IReadOnlyList<float> Floats { get; }

    /// <summary>An integer attribute, such as <c>axis</c>.</summary>
    public static OnnxAttribute FromInt(string name, long value) => new(name, OnnxAttributeType.Int, value, [], 0);

    /// <summary>A list of integers, such as <c>kernel_shape</c> or <c>strides</c>.</summary>
    public static OnnxAttribute FromInts(string name, params long[] values) => new(name, OnnxAttributeType.Ints, 0, values.ToArray(), 0);

    /// <summary>A float attribute, such as <c>epsilon</c>.</summary>
    public static OnnxAttribute FromFloat(string name, float value) => new(name, OnnxAttributeType.Float, 0, [], value);

    /// <summary>A list of floats, such as a recurrent operator's <c>activation_alpha</c>.</summary>
    public static OnnxAttribute FromFloats(string name, params float[] values) => new(name, OnnxAttributeType.Floats, 0, [], 0, numbers: values.ToArray());

    /// <summary>A list of strings, such as a recurrent operator's <c>activations</c>.</summary>
    public static OnnxAttribute FromStrings(string name, params string[] values) => new(name, OnnxAttributeType.Strings, 0, [], 0, values.ToArray());

    /// <summary>A string attribute (its value is <see cref="Strings"/>' one element): <c>direction="bidirectional"</c>.</summary>
    public static OnnxAttribute FromString(string name, string value) => new(name, OnnxAttributeType.String, 0, [], 0, [value]);
}

/// <summary>The kinds of <see cref="OnnxAttribute"/> value.</summary>
public enum OnnxAttributeType
{
    /// <summary>One integer.</summary>
    Int,
    /// <summary>A list of integers.</summary>
    Ints,
    /// <summary>One float.</summary>
    Float,
    /// <summary>A list of strings.</summary>
    Strings,
    /// <summary>A list of floats.</summary>
    Floats,
    /// <summary>One string, the one element of <see cref="OnnxAttribute.Strings"/>.</summary>
    String,
}
