using Microsoft.CodeAnalysis;

namespace Compiled.Generator.Models;

/// <summary>A diagnostic to report, as values: its descriptor's ID, its message arguments and where it points.</summary>
internal sealed record DiagnosticInfo(string Id, EquatableArray<string> Arguments, LocationInfo? Location)
{
    public Diagnostic ToDiagnostic()
        => Diagnostic.Create(Diagnostics.DiagnosticDescriptors.ById(Id), Location?.ToLocation(), Arguments.ToArray<object>());
}
