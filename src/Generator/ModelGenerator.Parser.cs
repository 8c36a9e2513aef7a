using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using Compiled.Generator.Diagnostics;
using Compiled.Generator.Layers;
using Compiled.Generator.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compiled.Generator;

public sealed partial class ModelGenerator
{
    /// <summary>Reads a model class and its attributes into a <see cref="ModelSpec"/>, or into diagnostics; touches symbols only here.</summary>
    internal static partial class Parser
    {
        private const string InitializerTypeName = "Compiled.Initializer";
        private const string ModelTypeName = "Compiled.Model";

        /// <summary>Keras's initializer identifiers, and its class names, mapped to the runtime classes.</summary>
        private static readonly (string Keras, string Type)[] KerasInitializers =
        {
            ("glorot_uniform", "GlorotUniform"), ("glorot_normal", "GlorotNormal"),
            ("he_normal", "HeNormal"), ("he_uniform", "HeUniform"),
            ("lecun_normal", "LecunNormal"), ("lecun_uniform", "LecunUniform"),
            ("random_normal", "RandomNormal"), ("random_uniform", "RandomUniform"),
            ("zeros", "Zeros"), ("ones", "Ones"), ("orthogonal", "Orthogonal"),
            // Keras 2's alias of random_uniform, and Embedding's default.
            ("uniform", "RandomUniform"),
        };

        /// <summary>Members the generator writes into the model class; a user member of the same name would collide.</summary>
        private static readonly string[] GeneratedMembers = new[]
        {
            "InputSize", "OutputSize", "ParameterCount", "NonTrainableParameterCount", "ModelSummary", "GraphvizDot", "Layers", "InputSample", "OutputSample",
            "AllocateWorkspace", "Forward", "Backward", "Output", "OutputGradient", "Logits", "LogitsGradient", "Load",
            "HeadOutput", "HeadOutputGradient", "HeadLogits", "HeadLogitsGradient", "InputLayerNames", "Architecture",
            "s_architecture", Emit.PassWriter.Scratch,
        }.Concat(LayerKinds.All.SelectMany(k => k.SharedFields)).Distinct().ToArray();

        /// <summary>
        /// What the generator appends to a layer's buffer stem for members of its own: the layer's buffers, the unrolled one-sample
        /// method a small Dense layer gets, and every kind's fields. Gathered once: every layer of every model is checked against it.
        /// </summary>
        private static readonly string[] LayerMemberSuffixes = new[] { "Output", "OutputGradient", "Activation", "ActivationGradient", "ForwardOneSample", LayerKind.StepMaskSuffix }
            .Concat(LayerKinds.All.SelectMany(k => k.FieldSuffixes)).Distinct().ToArray();

        /// <summary>The constants inside each layer's class in <c>Layers</c>; a layer class of the same name cannot hold them.</summary>
        private static readonly HashSet<string> LayerConstantNames = new(StringComparer.Ordinal)
        {
            "Name", "InputWidth", "OutputWidth", "ParameterOffset", "ParameterCount",
        };

        public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
            => Guarded(context, () => new Session(context, cancellationToken).Run());

        public static ParseResult ParseFunctional(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
            => Guarded(context, () => new Session(context, cancellationToken).RunFunctional());

        private static ParseResult Guarded(GeneratorAttributeSyntaxContext context, Func<ParseResult> parse)
        {
            try
            {
                return parse();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The generator must never throw: an unexpected failure becomes a diagnostic on the class.
                string name = (context.TargetSymbol as INamedTypeSymbol)?.Name ?? "?";
                LocationInfo? location = LocationInfo.From(context.TargetNode);
                return new ParseResult(null, new[] { new DiagnosticInfo("CMP999", new[] { name, exception.Message }.ToEquatableArray(), location) }.ToEquatableArray());
            }
        }

        /// <summary>
        /// A layer attribute on a type without <c>[Sequential]</c> or <c>[Functional]</c>: one diagnostic on the
        /// type's first layer attribute, whichever layer pipeline finds it, and one on each node property.
        /// </summary>
        public static EquatableArray<DiagnosticInfo> FindOrphanLayers(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            INamedTypeSymbol? type = context.TargetSymbol as INamedTypeSymbol ?? context.TargetSymbol.ContainingType;
            if (type is null || type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() is SequentialAttributeName or FunctionalAttributeName))
                return EquatableArray<DiagnosticInfo>.Empty;
            AttributeData? first = context.TargetSymbol is IPropertySymbol
                ? context.Attributes.FirstOrDefault()
                : type.GetAttributes().FirstOrDefault(a => KindOf(a) is not null);
            if (first is null || !context.Attributes.Contains(first)) return EquatableArray<DiagnosticInfo>.Empty;
            LocationInfo? location = LocationInfo.From(first.ApplicationSyntaxReference?.GetSyntax(cancellationToken));
            return new[] { new DiagnosticInfo(DiagnosticDescriptors.LayerWithoutModel.Id, new[] { type.Name }.ToEquatableArray(), location) }.ToEquatableArray();
        }

        /// <summary>One parse: the class, its attributes, and the diagnostics found so far.</summary>
        private sealed partial class Session
        {
            private readonly GeneratorAttributeSyntaxContext _context;
            private readonly CancellationToken _cancellationToken;
            private readonly INamedTypeSymbol _class;
            private HashSet<string>? _reservedMembers;
            // The names of the class's members, which every layer's field names are looked up in.
            private HashSet<string>? _memberNames;
            private readonly TypeDeclarationSyntax _declaration;
            private readonly List<DiagnosticInfo> _diagnostics = new();
            // Set when the compiler itself will report an error (a malformed attribute): emit nothing, say nothing more.
            private bool _compilerErrors;
            // Layer attributes found, whether or not they parsed: a model whose only layer is wrong is not a model without layers.
            private int _layerAttributes;

            public Session(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
            {
                _context = context;
                _cancellationToken = cancellationToken;
                _class = (INamedTypeSymbol)context.TargetSymbol;
                _declaration = (TypeDeclarationSyntax)context.TargetNode;
            }

            public ParseResult Run()
            {
                // A class with both model attributes is reported once, by the functional parse.
                if (_class.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == FunctionalAttributeName))
                    return new ParseResult(null, EquatableArray<DiagnosticInfo>.Empty);
                CheckClass();
                AttributeData sequential = _context.Attributes[0];
                CheckNoNodeProperties("Sequential");
                EquatableArray<int>? inputShape = ReadInputShape(sequential);
                string modelName = ReadString(sequential, "Name") ?? "sequential";
                if (modelName.Length == 0 || modelName.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029'))
                    Report(DiagnosticDescriptors.InvalidModelName, At(sequential, "Name"), modelName.Length == 0 ? "(empty)" : modelName.Replace("\r", "\\r").Replace("\n", "\\n"));
                List<LayerSpec> layers = inputShape is { } shape ? ReadLayers(shape) : new List<LayerSpec>();
                if (inputShape is not null && _layerAttributes == 0 && !_compilerErrors)
                    Report(DiagnosticDescriptors.NoLayers, At(sequential), _class.Name);

                ModelSpec? model = null;
                if (_diagnostics.All(d => DiagnosticDescriptors.ById(d.Id).DefaultSeverity != DiagnosticSeverity.Error) && !_compilerErrors && inputShape is { } input)
                {
                    long parameters = layers.Sum(l => (long)l.ParameterCount);
                    long state = layers.Sum(l => (long)l.StateCount);
                    if (parameters > int.MaxValue || state > int.MaxValue)
                        Report(DiagnosticDescriptors.SizeOverflow, At(sequential), $"Model '{_class.Name}'", Math.Max(parameters, state).ToString("N0"));
                    else
                        model = new ModelSpec(
                            _class.ContainingNamespace.IsGlobalNamespace ? null : _class.ContainingNamespace.ToDisplayString(),
                            Emit.Code.Identifier(_class.Name), modelName, input, layers.ToEquatableArray(), (int)parameters,
                            IsFunctional: false, EquatableArray<int>.Empty, new[] { layers.Count - 1 }.ToEquatableArray())
                        {
                            IsAbstract = _class.IsAbstract,
                            StateCount = (int)state,
                        };
                }
                return new ParseResult(model, _diagnostics.ToEquatableArray());
            }

            private void CheckClass()
            {
                foreach (SyntaxReference reference in _class.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax(_cancellationToken) is TypeDeclarationSyntax part && !part.Modifiers.Any(SyntaxKind.PartialKeyword))
                        Report(DiagnosticDescriptors.ModelMustBePartial, LocationInfo.From(part.Identifier), _class.Name);
                }
                LocationInfo? name = LocationInfo.From(_declaration.Identifier);
                if (_declaration is RecordDeclarationSyntax)
                    Report(DiagnosticDescriptors.UnsupportedModelClass, name, _class.Name, "is a record; declare the model as a partial class");
                if (_class.ContainingType is { } outer)
                    Report(DiagnosticDescriptors.UnsupportedModelClass, name, _class.Name, $"is nested in '{outer.Name}'; declare it directly in a namespace");
                if (_class.IsFileLocal)
                    Report(DiagnosticDescriptors.UnsupportedModelClass, name, _class.Name, "is file-local ('file'), so the part the generator writes, in a file of its own, could not belong to it; declare it internal");
                if (_class.TypeParameters.Length > 0)
                    Report(DiagnosticDescriptors.UnsupportedModelClass, name, _class.Name, "is generic; a model's shapes are fixed, so it cannot have type parameters");
                if (_class.Name is "Layers" or "InputSample" or "OutputSample")
                    Report(DiagnosticDescriptors.UnsupportedModelClass, name, _class.Name, $"is named like the '{_class.Name}' type generated inside it; rename the model");
                foreach (string generated in GeneratedMembers)
                {
                    ISymbol? clash = _class.GetMembers(generated).FirstOrDefault(m => !m.IsImplicitlyDeclared);
                    // A node property of that name gets its own, more precise error from the node checks.
                    if (clash is IPropertySymbol node && node.GetAttributes().Any(a => KindOf(a) is not null)) continue;
                    if (clash is not null)
                        Report(DiagnosticDescriptors.UnsupportedModelClass, LocationInfo.From(clash.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_cancellationToken)) ?? name,
                            _class.Name, $"declares '{generated}', which the generator writes; rename that member");
                }
                foreach (ISymbol member in _class.GetMembers().Where(HidesInheritedMember))
                    Report(DiagnosticDescriptors.UnsupportedModelClass, LocationInfo.From(member.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_cancellationToken)) ?? name,
                        _class.Name, $"declares '{member.Name}', which hides member '{member.Name}' that every model inherits from Compiled.Model and the generated code calls; rename yours");
                foreach (IMethodSymbol constructor in _class.InstanceConstructors.Where(c => !c.IsImplicitlyDeclared))
                {
                    bool parameterless = constructor.Parameters.Length == 0;
                    bool seedOnly = constructor.Parameters.Length == 1 && constructor.Parameters[0].Type.SpecialType == SpecialType.System_Int32;
                    if (parameterless || seedOnly)
                        Report(DiagnosticDescriptors.UnsupportedModelClass, LocationInfo.From(constructor.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_cancellationToken)) ?? name,
                            _class.Name, $"declares the constructor {_class.Name}({(seedOnly ? "int" : "")}), which the generator writes; give yours other parameters and chain to this(seed)");
                }
                if (_class.IsStatic)
                    Report(DiagnosticDescriptors.UnsupportedModelClass, name, _class.Name, "is static; a model holds its parameters, so it needs instances");
                if (_class.BaseType is { SpecialType: not SpecialType.System_Object } baseType && baseType.ToDisplayString() != ModelTypeName && baseType.TypeKind != TypeKind.Error)
                    Report(DiagnosticDescriptors.UnsupportedModelClass, name, _class.Name, $"derives from '{baseType.ToDisplayString()}'; the generator makes it derive from Compiled.Model");
            }

            private EquatableArray<int>? ReadInputShape(AttributeData sequential)
            {
                TypedConstant? input = Named(sequential, "Input");
                TypedConstant? shape = Named(sequential, "InputShape");
                if (shape is { Kind: TypedConstantKind.Array, IsNull: true }) shape = null;
                if (input is { } i && shape is not null)
                {
                    Report(DiagnosticDescriptors.ConflictingInput, At(sequential, "InputShape"), _class.Name);
                    return null;
                }
                if (input is { } single)
                {
                    if (single.Value is not int features) { _compilerErrors = true; return null; }
                    if (features <= 0)
                    {
                        Report(DiagnosticDescriptors.NonPositiveSize, At(sequential, "Input"), "Input", features.ToString());
                        return null;
                    }
                    return new[] { features }.ToEquatableArray();
                }
                if (shape is { } many)
                {
                    if (many.Kind != TypedConstantKind.Array) { _compilerErrors = true; return null; }
                    int[] dims = many.Values.Select(v => v.Value is int d ? d : 0).ToArray();
                    if (dims.Length == 0 || dims.Any(d => d <= 0))
                    {
                        Report(DiagnosticDescriptors.NonPositiveSize, At(sequential, "InputShape"),
                            "Every InputShape dimension", dims.Length == 0 ? "an empty shape" : "(" + string.Join(", ", dims) + ")");
                        return null;
                    }
                    // In double, since four dimensions of 65,536 wrap a long around to zero.
                    double size = dims.Aggregate(1.0, (p, d) => p * d);
                    if (size > int.MaxValue)
                    {
                        Report(DiagnosticDescriptors.SizeOverflow, At(sequential, "InputShape"), "InputShape " + Shapes.Format(dims), size.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
                        return null;
                    }
                    return dims.ToEquatableArray();
                }
                Report(DiagnosticDescriptors.MissingInput, At(sequential), _class.Name);
                return null;
            }

            private List<LayerSpec> ReadLayers(EquatableArray<int> inputShape)
            {
                List<LayerSpec> layers = new();
                Dictionary<string, int> defaultNameCounts = new();
                Dictionary<string, int> namesTaken = new(StringComparer.Ordinal);
                Dictionary<string, int> membersTaken = new(StringComparer.Ordinal);
                EquatableArray<int> shape = inputShape;
                long offset = 0, state = 0;
                bool reportedSplit = false;
                // The mask the last layer read carries (its producer), and that layer, while its consumer is still to come.
                MaskProducer? carried = null;
                LayerSpec? previous = null;

                List<AttributeData> attributes = _class.GetAttributes().Where(a => KindOf(a) is not null).ToList();
                for (int next = 0; next < attributes.Count; next++)
                {
                    _cancellationToken.ThrowIfCancellationRequested();
                    AttributeData attribute = attributes[next];
                    LayerKind kind = KindOf(attribute)!;
                    _layerAttributes++;
                    MaskProducer? arriving = carried;
                    string consumerText = arriving is { } producer
                        ? producer.Layer == previous ? $"the {kind.KerasClass} after it" : $"the {kind.KerasClass} after {previous!.KerasClass} '{previous.Name}'"
                        : "";
                    if (arriving is { } refused && !kind.ConsumesMask)
                        CheckMaskConsumed(refused, false, consumerText);
                    carried = null;
                    previous = null;
                    // A wrapper reads the layer attribute after it with it: one layer.
                    AttributeData? wrapped = null;
                    if (kind.WrapsNextLayer)
                    {
                        wrapped = WrappedAttribute(attribute, next + 1 < attributes.Count ? attributes[next + 1] : null, "in Sequential model '" + _class.Name + "'");
                        if (wrapped is null) continue;
                        next++;
                        if (HasCompilerErrors(wrapped)) continue;
                    }
                    if (HasCompilerErrors(attribute)) continue;
                    if (!IsOnThisDeclaration(attribute))
                    {
                        if (!reportedSplit) Report(DiagnosticDescriptors.LayersSplitAcrossDeclarations, At(attribute), _class.Name);
                        reportedSplit = true;
                        continue;
                    }

                    int index = layers.Count;
                    string name = ReadString(attribute, "Name") ?? DefaultName(kind, defaultNameCounts);
                    string member = MemberName(name);
                    if (!CheckName(attribute, kind, name, member, index, namesTaken, membersTaken)) continue;

                    if (Named(attribute, "Input") is { IsNull: false })
                    {
                        Report(DiagnosticDescriptors.LayerInWrongModel, At(attribute, "Input"),
                            $"{kind.KerasClass} '{name}' sets Input, but in Sequential model '{_class.Name}' every layer takes the previous layer's output; remove Input, or make the model [Functional]");
                        continue;
                    }
                    if (kind.Inputs != NodeInputs.One)
                    {
                        Report(DiagnosticDescriptors.LayerInWrongModel, At(attribute),
                            $"[{ShortName(attribute)}] {(kind.Inputs == NodeInputs.None ? "declares an input node" : "merges several nodes")}, which only a functional model has, but Sequential model '{_class.Name}' is a chain of layers; make the model [Functional]");
                        continue;
                    }
                    LayerSpec[] upstream = layers.Count == 0 ? new LayerSpec[0] : new[] { layers[layers.Count - 1] };
                    // In a chain every earlier layer feeds this one, so any trainable parameter before it is upstream.
                    bool[] inputDependsOnWeights = { offset > 0 };
                    AttributeLayerReader reader = new(this, attribute, name, member, new string[0], upstream, offset, inputDependsOnWeights);
                    if (wrapped is not null)
                    {
                        LayerKind wrappedKind = KindOf(wrapped)!;
                        string wrappedName = ReadString(wrapped, "Name") ?? DefaultName(wrappedKind, defaultNameCounts);
                        if (!CheckNoWrappedRules(attribute, wrapped, wrappedKind, wrappedName)) continue;
                        reader.Wrapped = (wrappedKind, new AttributeLayerReader(this, wrapped, wrappedName, member, new string[0], upstream, offset, inputDependsOnWeights));
                    }
                    LayerSpec? layer = kind.Read(reader, new[] { shape });
                    if (layer is not null && !WeightsFit(attribute, layer)) layer = null;
                    if (layer is not null) layer = WithWeightRules(attribute, layer);
                    if (layer is null) continue;
                    // A kind that consumes masks may still not for this layer (a wrapper of a kind that does not).
                    bool inputMasked = arriving is not null && kind.ConsumesMaskOf(layer);
                    if (arriving is { } unconsumed && kind.ConsumesMask && !inputMasked)
                        CheckMaskConsumed(unconsumed, false, consumerText);
                    layers.Add(layer with
                    {
                        Inputs = layers.Count == 0 ? EquatableArray<int>.Empty : new[] { layers.Count - 1 }.ToEquatableArray(),
                        ParameterOffset = (int)Math.Min(offset, int.MaxValue),
                        StateOffset = (int)Math.Min(state, int.MaxValue),
                        InputMasked = inputMasked,
                    });
                    shape = layer.OutputShape;
                    offset += layer.ParameterCount;
                    state += layer.StateCount;
                    carried = MaskAfter(inputMasked ? arriving : null, attribute, kind, layer);
                    previous = layer;
                }
                if (carried is { } last)
                    CheckMaskConsumed(last, false, ModelOutputAsConsumer);
                return layers;
            }

            /// <summary>
            /// Whether the layer's weights fit one buffer each: a kind checks each weight's size, but several weights of up to
            /// int.MaxValue values each (BatchNormalization's four vectors on a very wide input) add up past what a count in an
            /// int holds; reported as CMP011 on the layer rather than left to wrap around.
            /// </summary>
            private bool WeightsFit(AttributeData attribute, LayerSpec layer)
            {
                long trainable = layer.Weights.Where(w => w.Trainable).Sum(w => (long)w.Size);
                long state = layer.Weights.Where(w => !w.Trainable).Sum(w => (long)w.Size);
                if (trainable <= int.MaxValue && state <= int.MaxValue) return true;
                Report(DiagnosticDescriptors.SizeOverflow, At(attribute), $"{layer.KerasClass} '{layer.Name}' ({(trainable > int.MaxValue ? "its trainable weights" : "its moving statistics")} together)",
                    Math.Max(trainable, state).ToString("N0"));
                return false;
            }

            /// <summary>The compiler reports a malformed attribute: the generator says nothing more.</summary>
            private bool HasCompilerErrors(AttributeData attribute)
            {
                if (attribute.ConstructorArguments.Any(a => a.Kind == TypedConstantKind.Error) ||
                    attribute.NamedArguments.Any(a => a.Value.Kind == TypedConstantKind.Error) ||
                    attribute.AttributeConstructor is null)
                {
                    _compilerErrors = true;
                    return true;
                }
                return false;
            }

            /// <summary>
            /// The layer attribute a wrapper wraps, <paramref name="following"/>; or null, reported, when there is none
            /// (CMP060), or it is a wrapper too (CMP062), or it sets Input, which is the wrapper's (CMP063).
            /// </summary>
            private AttributeData? WrappedAttribute(AttributeData wrapper, AttributeData? following, string where)
            {
                if (following is null)
                {
                    Report(DiagnosticDescriptors.WrapperWithoutLayer, At(wrapper), ShortName(wrapper), where);
                    return null;
                }
                _layerAttributes++;
                if (KindOf(following)!.WrapsNextLayer)
                {
                    Report(DiagnosticDescriptors.WrapperAroundWrapper, At(following), ShortName(following), ShortName(wrapper));
                    return null;
                }
                if (Named(following, "Input") is { IsNull: false })
                {
                    Report(DiagnosticDescriptors.WrappedLayerSetsInput, At(following, "Input"), KindOf(following)!.KerasClass,
                        ReadString(following, "Name") ?? KindOf(following)!.DefaultName, ShortName(wrapper));
                    return null;
                }
                return following;
            }

            private bool CheckName(AttributeData attribute, LayerKind kind, string name, string member, int index,
                Dictionary<string, int> namesTaken, Dictionary<string, int> membersTaken, bool memberIsNodeProperty = false)
            {
                LocationInfo? location = At(attribute, "Name");
                if (name.Length == 0 || !(char.IsLetter(name[0]) && name.All(c => c == '_' || char.IsLetterOrDigit(c) && c < 128)))
                {
                    Report(DiagnosticDescriptors.InvalidLayerName, location, name, "use ASCII letters, digits and underscores, starting with a letter, so the layer can have a C# property");
                    return false;
                }
                if (namesTaken.TryGetValue(name, out int previous) || membersTaken.TryGetValue(member, out previous))
                {
                    Report(DiagnosticDescriptors.DuplicateLayerName, location, name, previous.ToString(), member);
                    return false;
                }
                if (LayerConstantNames.Contains(member))
                {
                    Report(DiagnosticDescriptors.InvalidLayerName, location, name, $"its constants class would be named '{member}', like one of the constants it holds");
                    return false;
                }
                string field = LayerSpec.BufferStemOf(member);
                _memberNames ??= new HashSet<string>(_class.GetMembers().Select(m => m.Name), StringComparer.Ordinal);
                string? takenField = LayerMemberSuffixes.Select(suffix => field + suffix).FirstOrDefault(_memberNames.Contains);
                if (takenField is not null)
                {
                    Report(DiagnosticDescriptors.InvalidLayerName, location, name, $"the generator's member '{takenField}' would clash with member '{takenField}' of '{_class.Name}'");
                    return false;
                }
                if (member == "Layers")
                {
                    Report(DiagnosticDescriptors.InvalidLayerName, location, name, "its constants class would be named 'Layers', like the class that holds it");
                    return false;
                }
                if (memberIsNodeProperty && SyntaxFacts.GetKeywordKind(member) != SyntaxKind.None)
                {
                    Report(DiagnosticDescriptors.InvalidLayerName, location, name, $"its property '@{member}' is a C# keyword, and the generator names a class and fields after it; rename the property");
                    return false;
                }
                string stem = "stem:" + LayerSpec.BufferStemOf(member);
                if (membersTaken.TryGetValue(stem, out int sameStem))
                {
                    Report(DiagnosticDescriptors.InvalidLayerName, location, name, $"its buffers would be named like those of layer {sameStem} (fields '{LayerSpec.BufferStemOf(member)}…'), since the names differ only in the first letter's case; rename one");
                    return false;
                }
                if (memberIsNodeProperty && (IsReserved(member) || member == _class.Name))
                {
                    Report(DiagnosticDescriptors.InvalidLayerName, location, name, $"its property '{member}' would hide or clash with member '{member}' that every model has; rename the property");
                    return false;
                }
                if (!memberIsNodeProperty && kind.WeightsViewType is not null && (IsReserved(member) || member == _class.Name || _class.GetMembers(member).Length > 0))
                {
                    Report(DiagnosticDescriptors.InvalidLayerName, location, name, $"its weights property '{member}' would clash with member '{member}' of '{_class.Name}'");
                    return false;
                }
                if (_context.SemanticModel.Compilation.GetSpecialType(SpecialType.System_Object).GetMembers(member)
                    .Any(m => m.DeclaredAccessibility != Microsoft.CodeAnalysis.Accessibility.Private))
                {
                    Report(DiagnosticDescriptors.InvalidLayerName, location, name, $"its constants class 'Layers.{member}' would hide member '{member}' that every object has; rename the layer");
                    return false;
                }
                namesTaken[name] = index;
                membersTaken[member] = index;
                membersTaken[stem] = index;
                return true;
            }

            /// <summary>
            /// Whether a generated layer member named <paramref name="member"/> would hide or clash with a member every model
            /// has: one of <c>Compiled.Model</c>'s and its bases' (read from the referenced runtime, so a member added there is
            /// reserved without a list to keep), or one the generator writes.
            /// </summary>
            private bool IsReserved(string member)
            {
                if (_reservedMembers is null)
                {
                    _reservedMembers = new HashSet<string>(GeneratedMembers, StringComparer.Ordinal);
                    for (INamedTypeSymbol? type = _context.SemanticModel.Compilation.GetTypeByMetadataName(ModelTypeName); type is not null; type = type.BaseType)
                        foreach (ISymbol inherited in type.GetMembers())
                            if (inherited.DeclaredAccessibility != Microsoft.CodeAnalysis.Accessibility.Private && !inherited.IsImplicitlyDeclared) _reservedMembers.Add(inherited.Name);
                }
                return _reservedMembers.Contains(member);
            }

            /// <summary>
            /// Whether <paramref name="member"/>, the user's, hides a member the class inherits from <c>Compiled.Model</c>: generated
            /// code calls those by their simple names (<c>ParameterArray</c>), which would then reach the user's. A property, field,
            /// event or type hides every inherited member of its name; a method only one of its parameters. Overrides and
            /// overloads hide nothing; members the generator writes, and node properties, are reported by their own checks.
            /// </summary>
            private bool HidesInheritedMember(ISymbol member)
            {
                if (member.IsImplicitlyDeclared || member.IsOverride || GeneratedMembers.Contains(member.Name) || !IsReserved(member.Name)) return false;
                if (member is IPropertySymbol property && property.GetAttributes().Any(a => KindOf(a) is not null)) return false;
                if (member is not IMethodSymbol method) return member is IPropertySymbol or IFieldSymbol or IEventSymbol or INamedTypeSymbol;
                if (method.MethodKind != MethodKind.Ordinary) return false;
                for (INamedTypeSymbol? type = _context.SemanticModel.Compilation.GetTypeByMetadataName(ModelTypeName); type is not null; type = type.BaseType)
                    foreach (IMethodSymbol inherited in type.GetMembers(member.Name).OfType<IMethodSymbol>())
                        if (inherited.Parameters.Length == method.Parameters.Length
                            && inherited.Parameters.Zip(method.Parameters, (a, b) => SymbolEqualityComparer.Default.Equals(a.Type, b.Type) && a.RefKind == b.RefKind).All(same => same))
                            return true;
                return false;
            }

            /// <summary>Reads an <c>Activation</c> argument: null when absent, false when reported as invalid.</summary>
            private bool? ReadActivationValue(AttributeData attribute, string argument, int position, out ActivationKind value)
            {
                value = ActivationKind.Linear;
                TypedConstant? constant = position >= 0 && attribute.ConstructorArguments.Length > position
                    ? attribute.ConstructorArguments[position]
                    : Named(attribute, argument);
                if (constant is null) return null;
                if (constant.Value.Value is not int raw) { _compilerErrors = true; return false; }
                if (!Enum.IsDefined(typeof(ActivationKind), raw))
                {
                    AttributeArgumentSyntax? syntax = FindArgument(attribute, argument, position);
                    Report(DiagnosticDescriptors.UnknownActivation, LocationInfo.From(syntax) ?? At(attribute),
                        syntax?.Expression.ToString() ?? raw.ToString());
                    return false;
                }
                value = (ActivationKind)raw;
                return true;
            }

            private InitializerSpec? ReadInitializer(AttributeData attribute, string argument, string defaultName)
            {
                TypedConstant? constant = Named(attribute, argument);
                string? value = constant is null ? defaultName : constant.Value.Value as string;
                LocationInfo? location = At(attribute, argument);
                string known = string.Join(", ", KerasInitializers.Select(k => k.Keras));
                if (string.IsNullOrWhiteSpace(value))
                {
                    Report(DiagnosticDescriptors.UnknownInitializer, location, value ?? "null", _class.Name, known);
                    return null;
                }
                ImmutableArray<ISymbol> members = _class.GetMembers(value!);
                if (members.Length > 0)
                {
                    ISymbol member = members[0];
                    ITypeSymbol? type = member switch
                    {
                        IFieldSymbol field => field.Type,
                        IPropertySymbol property => property.Type,
                        _ => null,
                    };
                    string? problem = type is null ? $"it is a {member.Kind.ToString().ToLowerInvariant()}, not a field or property"
                        : !member.IsStatic ? "it is an instance member, and initializers run before the instance exists"
                        : !DerivesFrom(type, InitializerTypeName) ? $"its type is '{type.ToDisplayString()}'"
                        : null;
                    if (problem is not null)
                    {
                        Report(DiagnosticDescriptors.InitializerWrongType, location, value!, problem);
                        return null;
                    }
                    return new InitializerSpec(value!, $"global::Compiled.Initializer.Required({value}, \"{_class.Name}.{value}\")");
                }
                foreach ((string keras, string typeName) in KerasInitializers)
                {
                    if (value == keras || value == typeName)
                        return new InitializerSpec(keras, $"new global::Compiled.{typeName}()");
                }
                Report(DiagnosticDescriptors.UnknownInitializer, location, value!, _class.Name, known);
                return null;
            }

            private bool IsOnThisDeclaration(AttributeData attribute)
            {
                SyntaxNode? syntax = attribute.ApplicationSyntaxReference?.GetSyntax(_cancellationToken);
                TypeDeclarationSyntax? owner = syntax?.FirstAncestorOrSelf<TypeDeclarationSyntax>();
                return owner is null || owner.SyntaxTree == _declaration.SyntaxTree && owner.Span == _declaration.Span;
            }

            private static string DefaultName(LayerKind kind, Dictionary<string, int> counts)
            {
                string baseName = kind.DefaultName;
                counts.TryGetValue(baseName, out int count);
                counts[baseName] = count + 1;
                return count == 0 ? baseName : baseName + "_" + count;
            }

            /// <summary><c>dense_1</c> → <c>Dense1</c>, <c>re_lu</c> → <c>ReLu</c>.</summary>
            private static string MemberName(string name)
            {
                StringBuilder builder = new(name.Length);
                foreach (string part in name.Split('_'))
                {
                    if (part.Length == 0) continue;
                    builder.Append(char.ToUpperInvariant(part[0])).Append(part, 1, part.Length - 1);
                }
                return builder.ToString();
            }

            private static bool DerivesFrom(ITypeSymbol type, string baseName)
            {
                for (ITypeSymbol? t = type; t is not null; t = t.BaseType)
                    if (t.ToDisplayString() == baseName) return true;
                return false;
            }

            private static TypedConstant? Named(AttributeData attribute, string name)
            {
                foreach (KeyValuePair<string, TypedConstant> pair in attribute.NamedArguments)
                    if (pair.Key == name) return pair.Value;
                return null;
            }

            private string? ReadString(AttributeData attribute, string name) => Named(attribute, name)?.Value as string;

            /// <summary>The argument named <paramref name="name"/> (or at <paramref name="position"/>), else the attribute itself.</summary>
            private LocationInfo? At(AttributeData attribute, string? name = null, int position = -1)
                => LocationInfo.From(FindArgument(attribute, name, position))
                   ?? LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax(_cancellationToken))
                   ?? LocationInfo.From(_declaration.Identifier);

            /// <summary>How many positional arguments the attribute is written with (a params array's values count one each).</summary>
            private int CountArguments(AttributeData attribute)
                => attribute.ApplicationSyntaxReference?.GetSyntax(_cancellationToken) is AttributeSyntax { ArgumentList: { } list }
                    ? list.Arguments.Count(a => a.NameEquals is null)
                    : 0;

            private AttributeArgumentSyntax? FindArgument(AttributeData attribute, string? name, int position)
            {
                if (attribute.ApplicationSyntaxReference?.GetSyntax(_cancellationToken) is not AttributeSyntax { ArgumentList: { } list })
                    return null;
                int index = 0;
                foreach (AttributeArgumentSyntax argument in list.Arguments)
                {
                    if (argument.NameEquals is { } equals)
                    {
                        if (equals.Name.Identifier.ValueText == name) return argument;
                    }
                    else if (argument.NameColon is { } colon)
                    {
                        if (colon.Name.Identifier.ValueText == name) return argument;
                        index++;
                    }
                    else if (index++ == position)
                    {
                        return argument;
                    }
                }
                return null;
            }

            private void Report(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments)
                => _diagnostics.Add(new DiagnosticInfo(descriptor.Id, arguments.ToEquatableArray(), location));
        }
    }
}
