namespace Compiled.Generator.Models;

/// <summary>Everything the emitter needs to write one model class; nothing in it refers to Roslyn's symbols or syntax.</summary>
/// <param name="Namespace">The class's namespace, or null for the global namespace.</param>
/// <param name="ClassName">The class's name.</param>
/// <param name="ModelName">Keras's model name, printed by the summary (<c>sequential</c> unless given).</param>
/// <param name="InputShape">Per-sample input shape.</param>
/// <param name="Layers">The layers in order.</param>
/// <param name="ParameterCount">Parameters of all layers together.</param>
internal sealed record ModelSpec(
    string? Namespace,
    string ClassName,
    string ModelName,
    EquatableArray<int> InputShape,
    EquatableArray<LayerSpec> Layers,
    int ParameterCount);

/// <summary>The parser's answer for one annotated class: a model to emit (null when an error was found) and the diagnostics to report.</summary>
internal sealed record ParseResult(ModelSpec? Model, EquatableArray<DiagnosticInfo> Diagnostics);
