using System.Collections.Generic;
using Compiled.Generator.Layers;
using Compiled.Generator.Models;
using Microsoft.CodeAnalysis;

namespace Compiled.Generator;

public sealed partial class ModelGenerator
{
    internal static partial class Parser
    {
        private sealed partial class Session
        {
            /// <summary>A layer attribute as its kind reads it, with this parse's argument lookup and diagnostics.</summary>
            private sealed class AttributeLayerReader : LayerReader
            {
                private readonly Session _session;
                private readonly IReadOnlyList<bool> _inputsDependOnWeights;

                public AttributeLayerReader(Session session, AttributeData attribute, string name, string memberName,
                    IReadOnlyList<string> inputNames, IReadOnlyList<LayerSpec> inputLayers, long parameterOffset, IReadOnlyList<bool> inputsDependOnWeights)
                {
                    InputLayers = inputLayers;
                    _session = session;
                    _inputsDependOnWeights = inputsDependOnWeights;
                    Attribute = attribute;
                    Name = name;
                    MemberName = memberName;
                    InputNames = inputNames;
                    ParameterOffset = parameterOffset;
                }

                public override AttributeData Attribute { get; }
                public override string Name { get; }
                public override string MemberName { get; }
                public override IReadOnlyList<string> InputNames { get; }
                public override IReadOnlyList<LayerSpec> InputLayers { get; }
                public override long ParameterOffset { get; }

                public override bool InputDependsOnWeights(int k) => k < _inputsDependOnWeights.Count && _inputsDependOnWeights[k];

                public override TypedConstant? Named(string name) => Session.Named(Attribute, name);

                public override LocationInfo? At(string? name = null, int position = -1) => _session.At(Attribute, name, position);

                public override int CountArguments() => _session.CountArguments(Attribute);

                public override void Report(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments)
                    => _session.Report(descriptor, location, arguments);

                public override void CompilerError() => _session._compilerErrors = true;

                public override bool? Activation(string argument, int position, out ActivationKind value)
                    => _session.ReadActivationValue(Attribute, argument, position, out value);

                public override InitializerSpec? Initializer(string argument, string defaultName)
                    => _session.ReadInitializer(Attribute, argument, defaultName);
            }
        }
    }
}
