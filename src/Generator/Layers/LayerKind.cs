using System.Collections.Generic;
using System.Linq;
using System.Text;
using Compiled.Generator.Emit;
using Compiled.Generator.Models;

namespace Compiled.Generator.Layers;

/// <summary>How many layers a node of a kind is applied to, and how its attribute names them.</summary>
internal enum NodeInputs
{
    /// <summary>An input of the model: applied to nothing.</summary>
    None,
    /// <summary>One layer, named by <c>Input = nameof(...)</c> in a functional model; the previous layer in a Sequential one.</summary>
    One,
    /// <summary>Two or more layers, named by the attribute's <c>params string[]</c>: the merges.</summary>
    Many,
}

/// <summary>
/// One kind of layer, as Keras's layer class is one: how its attribute is read (into a <see cref="LayerSpec"/>
/// or diagnostics on the argument at fault), its shape rule and weights, the code its forward and backward
/// passes emit, and its labels. The parser, emitter, summary and diagram ask the kind and name none.
/// Each kind lives in its folder, <c>src/Layers/&lt;Kind&gt;/</c>, and is listed once in <see cref="LayerKinds"/>.
/// </summary>
internal abstract class LayerKind
{
    protected LayerKind(string kerasClass, string attributeName)
    {
        KerasClass = kerasClass;
        AttributeName = attributeName;
    }

    /// <summary>Keras's class name, as the summary and model_config give it: <c>Dense</c>, <c>ReLU</c>.</summary>
    public string KerasClass { get; }

    /// <summary>The metadata name of the attribute that declares the layer: <c>Compiled.DenseAttribute</c>.</summary>
    public string AttributeName { get; }

    /// <summary>The name Keras gives the first such layer (<c>dense</c>, <c>re_lu</c>, <c>max_pooling2d</c>), numbered <c>_1</c>, <c>_2</c> after.</summary>
    public virtual string DefaultName => KerasSnakeCase(KerasClass);

    /// <summary>What a node of this kind is applied to.</summary>
    public virtual NodeInputs Inputs => NodeInputs.One;

    /// <summary>Whether the layer only relabels its input's shape, so its output is its input's buffer.</summary>
    public virtual bool AliasesInput => false;

    /// <summary>Whether the layer is an input of the model.</summary>
    public virtual bool IsInput => false;

    /// <summary>
    /// Whether the kind is a wrapper (Keras's <c>Bidirectional(layer)</c>): its attribute applies to the layer attribute
    /// that follows it, which the parser reads with it (<see cref="LayerReader.Wrapped"/>) rather than as a layer of its own.
    /// </summary>
    public virtual bool WrapsNextLayer => false;

    /// <summary>
    /// Whether Keras's <c>TimeDistributed</c> may wrap the kind: its code applied to a whole <c>(steps, ...)</c> input computes
    /// every step from that step alone with the same weights, so it is the layer applied to each step (Dense on the last axis).
    /// </summary>
    public virtual bool AppliesToEachStep => false;

    /// <summary>
    /// Whether the kind's own kernels apply the layer's <paramref name="activation"/> (chunk by chunk, while the
    /// outputs are in cache) and turn the output gradient back through it: the plan then gives the layer one
    /// output buffer rather than a result before and after a separate activation pass.
    /// </summary>
    public virtual bool AppliesActivation(ActivationKind activation) => false;

    /// <summary>
    /// The runtime type a node property may be declared as to reach the layer's weights (<c>Compiled.DenseWeights</c>),
    /// beside <c>LayerInfo</c>; null when the kind has none.
    /// </summary>
    public virtual string? WeightsViewType => null;

    /// <summary>What <see cref="WeightsViewType"/> reaches, for messages: <c>the kernel and bias</c>.</summary>
    public virtual string WeightsViewContents => "its weights";

    /// <summary>
    /// Reads the attribute and the shapes of the layers it is applied to into the layer, or reports why it
    /// cannot be built (on the argument at fault) and returns null.
    /// </summary>
    public abstract LayerSpec? Read(LayerReader reader, IReadOnlyList<EquatableArray<int>> inputShapes);

    /// <summary>
    /// Scratch buffers the layer's kernels need beyond its output and gradient, as field suffixes (appended to the
    /// layer's buffer stem) with the C# expression of their length for a batch of <c>batch</c> samples.
    /// </summary>
    public virtual IEnumerable<(string Suffix, string Length)> Workspaces(LayerSpec layer) => Enumerable.Empty<(string, string)>();

    /// <summary>Every suffix the kind appends to a layer's buffer stem for fields of its own, so that user members cannot clash with them.</summary>
    public virtual IEnumerable<string> FieldSuffixes => Enumerable.Empty<string>();

    /// <summary>Fields the kind's layers share (named once per model, not per layer), so that user members cannot clash with them.</summary>
    public virtual IEnumerable<string> SharedFields => Enumerable.Empty<string>();

    /// <summary>What comments and the class documentation add after the shapes and parameter count: <c>, relu</c>.</summary>
    public virtual string Details(LayerSpec layer) => "";

    /// <summary>The layer's type in the network diagram: <c>Dense (relu)</c>.</summary>
    public virtual string DiagramType(LayerSpec layer)
        => layer.Activation != ActivationKind.Linear ? $"{KerasClass} ({ActivationCode.Name(layer.Activation)})" : KerasClass;

    /// <summary>
    /// The attribute argument through which <paramref name="layer"/> gives the layers after it a mask of padded steps
    /// (Embedding's <c>MaskZero</c>), when it is set; null when the layer makes no mask. Keras hands such a mask to the
    /// next layer, so the parser requires every consumer of the layer to <see cref="ConsumesMask"/>. The empty string
    /// says the layer itself makes the mask, whatever its arguments (Masking). The layer's forward pass writes the mask
    /// into its field <see cref="StepMaskSuffix"/>, which the plan declares.
    /// </summary>
    public virtual string? MaskArgument(LayerSpec layer) => null;

    /// <summary>
    /// Whether the kind takes a mask from the layer it is applied to and honours it (Keras's recurrent layers keep
    /// their state through masked steps; element-wise layers leave it to the layers after them, <see cref="PassesMask"/>).
    /// A layer that makes a mask consumed by a kind that does not is reported (CMP050): Keras would not ignore it.
    /// </summary>
    public virtual bool ConsumesMask => false;

    /// <summary>
    /// Whether <paramref name="layer"/> honours a mask: <see cref="ConsumesMask"/>, unless the answer depends on the layer as
    /// read (a wrapper asks the kind it wraps: Bidirectional(LSTM) does, Bidirectional of a kind that does not consume masks does not).
    /// </summary>
    public virtual bool ConsumesMaskOf(LayerSpec layer) => ConsumesMask;

    /// <summary>
    /// Whether <paramref name="layer"/>'s output carries its input's mask on to the layers after it, as Keras's
    /// <c>compute_mask</c> returns it (Dropout, Activation, a recurrent layer returning sequences); only asked of kinds
    /// that <see cref="ConsumesMask"/>. A kind that makes its own mask (Masking) says so with <see cref="MaskArgument"/>.
    /// </summary>
    public virtual bool PassesMask(LayerSpec layer) => false;

    /// <summary>
    /// The suffix of the field holding the mask a layer makes (<see cref="MaskArgument"/>): <c>(batch, steps)</c> of 1 for
    /// a step that counts and 0 for a padded one, in input time order, written by the layer's forward pass.
    /// </summary>
    public const string StepMaskSuffix = "StepMask";

    /// <summary>
    /// The activation the layer applies to its one input and nothing more (Keras's <c>Activation</c>, <c>Softmax</c>), so
    /// that a loss fused with that activation may start from the input; null for any other layer.
    /// </summary>
    public virtual ActivationKind? ActivationOfInput(LayerSpec layer) => null;

    /// <summary>Writes the layer's step of the forward pass.</summary>
    public abstract void WriteForward(LayerPass pass);

    /// <summary>
    /// Writes the layer's step of the backward pass: its parameters' gradients, and its inputs' gradients
    /// where <see cref="LayerPass.NeedsInputGradient"/> says one is needed.
    /// </summary>
    public abstract void WriteBackward(LayerPass pass);

    /// <summary>The expression of the property that views the layer's weights (of <see cref="WeightsViewType"/>), with its documentation.</summary>
    public virtual (string Expression, string Documentation)? WeightsView(LayerSpec layer) => null;

    /// <summary>
    /// The C# expression that builds the layer's run-time description (a <c>Compiled.LayerInfo</c> subclass), which
    /// writes its Keras configuration and lowers it to ONNX: <c>new global::Compiled.DenseLayer(name: "dense", ...)</c>.
    /// </summary>
    public abstract string RuntimeDescription(LayerSpec layer);

    /// <summary><c>new global::Compiled.&lt;type&gt;(name: "...", arguments...)</c>.</summary>
    protected static string Construct(string type, LayerSpec layer, params string[] arguments)
        => $"new global::Compiled.{type}({string.Join(", ", new[] { "name: " + Code.Literal(layer.Name) }.Concat(arguments))})";

    /// <summary>A shape argument: <c>inputShape: new int[] { 28, 28, 1 }</c>.</summary>
    protected static string ShapeArgument(string argument, IEnumerable<int> shape) => $"{argument}: new int[] {{ {string.Join(", ", shape)} }}";

    /// <summary>An activation argument: <c>activation: global::Compiled.Activation.Relu</c>.</summary>
    protected static string ActivationArgument(string argument, ActivationKind activation) => $"{argument}: global::Compiled.Activation.{activation}";

    /// <summary>A boolean argument: <c>useBias: true</c>.</summary>
    protected static string BoolArgument(string argument, bool value) => $"{argument}: {(value ? "true" : "false")}";

    /// <summary>Keras's <c>to_snake_case</c>: <c>ReLU</c> → <c>re_lu</c>, <c>MaxPooling2D</c> → <c>max_pooling2d</c>.</summary>
    /// <remarks>
    /// Keras puts an underscore before a capitalised word (<c>(.)([A-Z][a-z]+)</c>), then between a lower-case letter and a
    /// capital (<c>([a-z])([A-Z])</c>), and lower-cases the result: an underscore before every capital but the first character
    /// that follows a lower-case letter or precedes one. A loop rather than Keras's regular expressions, which would cost each
    /// fresh compiler process the parser and interpreter of Regex.
    /// </remarks>
    public static string KerasSnakeCase(string name)
    {
        StringBuilder snake = new(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            bool wordStart = i > 0 && IsUpper(name[i]) && (IsLower(name[i - 1]) || i + 1 < name.Length && IsLower(name[i + 1]));
            if (wordStart) snake.Append('_');
            snake.Append(name[i]);
        }
        return snake.ToString().ToLowerInvariant();

        static bool IsUpper(char c) => c is >= 'A' and <= 'Z';
        static bool IsLower(char c) => c is >= 'a' and <= 'z';
    }

    /// <summary>The variables' shapes as the comments give them: <c>kernel (4, 16), bias (16)</c>.</summary>
    public static string DescribeWeights(LayerSpec layer)
        => string.Join(", ", layer.Weights.Select(w => $"{w.Name} ({string.Join(", ", w.Shape)})"));
}
