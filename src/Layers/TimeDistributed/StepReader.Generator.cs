using System.Collections.Generic;
using Compiled.Generator.Models;
using Microsoft.CodeAnalysis;

namespace Compiled.Generator.Layers;

/// <summary>
/// The reader a TimeDistributed layer reads its wrapped layer with: the wrapped attribute as it is, except that the layer
/// sees one step and no layers before it, as Keras builds the wrapped layer for one step. So Dense does not warn that it
/// is applied at every step of a returned sequence (CMP036): under TimeDistributed that is what was asked for.
/// </summary>
internal sealed class StepReader : LayerReader
{
    private readonly LayerReader _wrapped;

    public StepReader(LayerReader wrapped) => _wrapped = wrapped;

    public override AttributeData Attribute => _wrapped.Attribute;

    public override string Name => _wrapped.Name;

    public override string MemberName => _wrapped.MemberName;

    public override IReadOnlyList<string> InputNames => _wrapped.InputNames;

    public override IReadOnlyList<LayerSpec> InputLayers => System.Array.Empty<LayerSpec>();

    public override long ParameterOffset => _wrapped.ParameterOffset;

    public override bool InputDependsOnWeights(int k) => _wrapped.InputDependsOnWeights(k);

    public override TypedConstant? Named(string name) => _wrapped.Named(name);

    public override LocationInfo? At(string? name = null, int position = -1) => _wrapped.At(name, position);

    public override int CountArguments() => _wrapped.CountArguments();

    public override void Report(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments) => _wrapped.Report(descriptor, location, arguments);

    public override void CompilerError() => _wrapped.CompilerError();

    public override bool? Activation(string argument, int position, out ActivationKind value) => _wrapped.Activation(argument, position, out value);

    public override InitializerSpec? Initializer(string argument, string defaultName) => _wrapped.Initializer(argument, defaultName);
}
