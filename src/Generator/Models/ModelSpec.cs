namespace Compiled.Generator.Models;

/// <summary>Everything the emitter needs to write one model class; nothing in it refers to Roslyn's symbols or syntax.</summary>
/// <param name="Namespace">The class's namespace, or null for the global namespace.</param>
/// <param name="ClassName">The class's name.</param>
/// <param name="ModelName">Keras's model name, printed by the summary (<c>sequential</c> unless given).</param>
/// <param name="InputShape">Per-sample input shape.</param>
/// <param name="Layers">The layers in order.</param>
/// <param name="ParameterCount">Parameters of all layers together.</param>
/// <param name="IsFunctional">Whether the model is a <c>[Functional]</c> graph (else a <c>[Sequential]</c> chain).</param>
/// <param name="InputLayers">A functional model's input layers, in the order a sample lays them out.</param>
/// <param name="OutputLayers">The output layers, in order: one for a Sequential model, its last layer.</param>
internal sealed record ModelSpec(
    string? Namespace,
    string ClassName,
    string ModelName,
    EquatableArray<int> InputShape,
    EquatableArray<LayerSpec> Layers,
    int ParameterCount,
    bool IsFunctional,
    EquatableArray<int> InputLayers,
    EquatableArray<int> OutputLayers)
{
    /// <summary>Node properties of nodes no output uses: left out of the network, they still need bodies.</summary>
    public EquatableArray<PlaceholderProperty> UnusedNodes { get; init; } = EquatableArray<PlaceholderProperty>.Empty;

    /// <summary>Non-trainable values of all layers together (BatchNormalization's moving statistics): the model's state buffer.</summary>
    public int StateCount { get; init; }

    /// <summary>Whether the class is abstract: it cannot be constructed by a static <c>Load</c>.</summary>
    public bool IsAbstract { get; init; }
}

/// <summary>The parser's answer for one annotated class: a model to emit (null when an error was found) and the diagnostics to report.</summary>
internal sealed record ParseResult(ModelSpec? Model, EquatableArray<DiagnosticInfo> Diagnostics)
{
    /// <summary>
    /// When a functional model has errors, its node properties still need bodies, or the compiler adds
    /// an error per property on top of the generator's one precise diagnostic.
    /// </summary>
    public PlaceholderSpec? Placeholder { get; init; }
}

/// <summary>The node properties of a functional model that could not be generated.</summary>
internal sealed record PlaceholderSpec(string? Namespace, string ClassName, EquatableArray<PlaceholderProperty> Properties)
{
    /// <summary>The declaration headers from the outermost containing type to the class: <c>partial class Outer</c>, <c>partial record M&lt;T&gt;</c>.</summary>
    public EquatableArray<string> Headers { get; init; } = EquatableArray<string>.Empty;

    /// <summary>The class's metadata name behind those of its containing types (<c>Outer`1.Mlp</c>), which names its file; the class name when null.</summary>
    public string? TypePath { get; init; }
}

/// <summary>One node property to give a body that throws, repeating its declaration.</summary>
/// <param name="Name">The property's name.</param>
/// <param name="Modifiers">Its modifiers other than <c>partial</c>.</param>
/// <param name="Type">Its type, fully qualified.</param>
/// <param name="Accessors">Its accessor keywords: <c>get</c>, <c>set</c>, <c>init</c>.</param>
/// <param name="Reason">What the exception says.</param>
internal sealed record PlaceholderProperty(string Name, string Modifiers, string Type, EquatableArray<string> Accessors, string Reason);
