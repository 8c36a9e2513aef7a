using System.Collections.Generic;
using Compiled.Generator.Models;
using Microsoft.CodeAnalysis;

namespace Compiled.Generator.Layers;

/// <summary>
/// What a <see cref="LayerKind"/> reads its attribute with: the arguments, where each is written (so a
/// diagnostic lands on the argument at fault), and how to report. Lives only during one parse.
/// </summary>
internal abstract class LayerReader
{
    /// <summary>The attribute that declares the layer.</summary>
    public abstract AttributeData Attribute { get; }

    /// <summary>The layer's Keras name.</summary>
    public abstract string Name { get; }

    /// <summary>The C# member named after the layer.</summary>
    public abstract string MemberName { get; }

    /// <summary>The names the model's author gave the layers this one is applied to, for messages.</summary>
    public abstract IReadOnlyList<string> InputNames { get; }

    /// <summary>The layers this one is applied to, as read (none for a Sequential model's first layer, which reads the model's input).</summary>
    public abstract IReadOnlyList<LayerSpec> InputLayers { get; }

    /// <summary>How many parameters the layers before this one hold: a layer whose own would pass <c>int.MaxValue</c> reports it.</summary>
    public abstract long ParameterOffset { get; }

    /// <summary>Whether input <paramref name="k"/> is computed from trainable weights, so that the backward pass would want its gradient.</summary>
    public abstract bool InputDependsOnWeights(int k);

    /// <summary>A named argument's value, or null when it is not written.</summary>
    public abstract TypedConstant? Named(string name);

    /// <summary>Where argument <paramref name="name"/> (or positional argument <paramref name="position"/>) is written, else the attribute.</summary>
    public abstract LocationInfo? At(string? name = null, int position = -1);

    /// <summary>How many positional arguments the attribute is written with (a params array's values count one each).</summary>
    public abstract int CountArguments();

    /// <summary>Reports a diagnostic.</summary>
    public abstract void Report(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments);

    /// <summary>The attribute is malformed in a way the compiler itself reports: the generator says nothing more.</summary>
    public abstract void CompilerError();

    /// <summary>Reads an <c>Activation</c> argument: null when absent, false when reported as invalid.</summary>
    public abstract bool? Activation(string argument, int position, out ActivationKind value);

    /// <summary>Reads an initializer argument (a Keras name or <c>nameof</c> a static member), or reports it and returns null.</summary>
    public abstract InitializerSpec? Initializer(string argument, string defaultName);

    /// <summary>
    /// For a wrapper (<see cref="LayerKind.WrapsNextLayer"/>), the layer attribute it wraps: its kind, and a reader of it
    /// (its own name, or its kind's default, and the wrapper's inputs); null for other kinds.
    /// </summary>
    public (LayerKind Kind, LayerReader Reader)? Wrapped { get; set; }

    /// <summary>A named argument's value of type <typeparamref name="T"/>, or <paramref name="otherwise"/>.</summary>
    public T Named<T>(string name, T otherwise) => Named(name)?.Value is T value ? value : otherwise;

    /// <summary>The attribute's short name, as the user writes it: <c>Conv2D</c>.</summary>
    public string KindName()
    {
        string name = Attribute.AttributeClass?.Name ?? "?";
        return name.EndsWith("Attribute") ? name.Substring(0, name.Length - "Attribute".Length) : name;
    }

    /// <summary>The layer the kind has read, with what every layer has filled in.</summary>
    public LayerSpec Layer(LayerKind kind, EquatableArray<int> inputShape, EquatableArray<int> outputShape, LayerConfig config)
        => new(kind.AttributeName, kind.KerasClass, Name, MemberName, inputShape, outputShape, config);
}
