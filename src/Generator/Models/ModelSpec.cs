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
    EquatableArray<int> OutputLayers);

/// <summary>The parser's answer for one annotated class: a model to emit (null when an error was found) and the diagnostics to report.</summary>
internal sealed record ParseResult(ModelSpec? Model, EquatableArray<DiagnosticInfo> Diagnostics);
