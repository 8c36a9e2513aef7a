using System;
using System.Collections.Generic;
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
    internal static partial class Parser
    {
        private const string LayerInfoTypeName = "Compiled.LayerInfo";

        /// <summary>A node property as read, before its references are resolved; lives only during one parse.</summary>
        private sealed class RawNode
        {
            public RawNode(int order, IPropertySymbol property, AttributeData attribute, LayerKind kind, string name, NodeProperty nodeProperty)
                => (Order, Property, Attribute, Kind, Name, NodeProperty) = (order, property, attribute, kind, name, nodeProperty);

            public int Order { get; }
            public IPropertySymbol Property { get; }
            public AttributeData Attribute { get; }
            public LayerKind Kind { get; }
            public string Name { get; }
            public NodeProperty NodeProperty { get; }
            public List<(string Reference, LocationInfo? Where)> References { get; } = new();
            public List<int> Inputs { get; } = new();
            public bool Failed { get; set; }
            public LayerSpec? Layer { get; set; }
            /// <summary>Whether the node's output is computed from trainable weights (its own or upstream).</summary>
            public bool DependsOnWeights { get; set; }

            /// <summary>The layer attribute a wrapper node wraps; null for other nodes.</summary>
            public AttributeData? Wrapped { get; set; }

            /// <summary>Whether the node's input carries a mask that its kind honours.</summary>
            public bool InputMasked { get; set; }
        }

        private sealed partial class Session
        {
            // Node properties the generator could implement, should the model itself have errors.
            private readonly List<PlaceholderProperty> _placeholders = new();

            public ParseResult RunFunctional()
            {
                CheckClass();
                AttributeData functional = _context.Attributes[0];
                LocationInfo? classLocation = LocationInfo.From(_declaration.Identifier);
                if (_declaration.SyntaxTree.Options is CSharpParseOptions { LanguageVersion: < LanguageVersion.CSharp13 } options)
                {
                    // Node properties are partial properties, C# 13's: generating them anyway would repeat the compiler's
                    // error on every one inside the generated file, so the model gets one diagnostic and no code.
                    Report(DiagnosticDescriptors.LanguageVersionTooOld, classLocation, _class.Name, options.LanguageVersion.ToDisplayString());
                    return new ParseResult(null, _diagnostics.ToEquatableArray());
                }
                if (_class.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == SequentialAttributeName))
                {
                    Report(DiagnosticDescriptors.UnsupportedModelClass, classLocation, _class.Name, "has both [Sequential] and [Functional]; a model is one or the other");
                    foreach (IPropertySymbol property in _class.GetMembers().OfType<IPropertySymbol>().Where(p => p.GetAttributes().Any(a => KindOf(a) is not null)))
                        if (Placeholder(property, BuildErrors) is { } stub) _placeholders.Add(stub);
                    return new ParseResult(null, _diagnostics.ToEquatableArray()) { Placeholder = PlaceholderFor() };
                }
                foreach (AttributeData layer in _class.GetAttributes().Where(a => KindOf(a) is not null))
                    Report(DiagnosticDescriptors.LayerInWrongModel, At(layer),
                        $"[{ShortName(layer)}] on functional model '{_class.Name}' has no node of its own; put it on a partial property: [{ShortName(layer)}(...)] public partial LayerInfo <Name> {{ get; }}");
                string modelName = ReadString(functional, "Name") ?? "model";
                if (modelName.Length == 0 || modelName.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029'))
                    Report(DiagnosticDescriptors.InvalidModelName, At(functional, "Name"), modelName.Length == 0 ? "(empty)" : modelName.Replace("\r", "\\r").Replace("\n", "\\n"));

                List<RawNode> nodes = ReadNodes();
                Dictionary<string, int> byProperty = new(StringComparer.Ordinal);
                for (int i = 0; i < nodes.Count; i++) byProperty[nodes[i].Property.Name] = i;
                foreach (RawNode node in nodes) Resolve(node, byProperty, nodes);
                List<int> order = Sort(nodes);
                foreach (int index in order) Infer(nodes, index);

                List<(int Node, LocationInfo? Where)> outputs = ReadNodeList(functional, nodes, byProperty, "outputs", 0, mustBeInput: false);
                List<(int Node, LocationInfo? Where)> inputs = Named(functional, "Inputs") is { IsNull: false }
                    ? ReadNodeList(functional, nodes, byProperty, "Inputs", -1, mustBeInput: true)
                    : nodes.Select((n, i) => (i, (LocationInfo?)null)).Where(p => nodes[p.i].Kind.IsInput && !nodes[p.i].Failed).ToList();
                CheckMasksConsumed(nodes, order, outputs.Select(o => o.Node));
                if (!_compilerErrors && outputs.Count == 0 && OutputArgumentCount(functional) == 0)
                    Report(DiagnosticDescriptors.NoOutputs, At(functional), _class.Name);
                if (nodes.Count == 0 && !_compilerErrors)
                    Report(DiagnosticDescriptors.NoLayers, At(functional), _class.Name);

                ModelSpec? model = null;
                if (_diagnostics.All(d => DiagnosticDescriptors.ById(d.Id).DefaultSeverity != DiagnosticSeverity.Error) && !_compilerErrors && outputs.Count > 0)
                    model = Assemble(nodes, order, inputs, outputs, modelName, functional);
                // An error the compiler reports in an attribute's argument stops the model too; its node properties still get stubs,
                // or each would add an error of its own (a partial property without an implementation).
                PlaceholderSpec? placeholder = model is not null || (_diagnostics.Count == 0 && !_compilerErrors) ? null : PlaceholderFor();
                return new ParseResult(model, _diagnostics.ToEquatableArray()) { Placeholder = placeholder };
            }

            private string BuildErrors => $"{_class.Name} has build errors; see the CMP diagnostics";

            /// <summary>
            /// Where the stubs go: the class's own declaration header and those of the types it is nested in, so
            /// the stubs land in the same class even when it is nested, generic or a record (each an error too).
            /// </summary>
            private PlaceholderSpec? PlaceholderFor()
            {
                if (_placeholders.Count == 0) return null;
                List<string> headers = new();
                for (SyntaxNode? node = _declaration; node is TypeDeclarationSyntax type; node = node.Parent)
                {
                    string keyword = type is RecordDeclarationSyntax record
                        ? "record" + (record.ClassOrStructKeyword.IsKind(SyntaxKind.None) ? "" : " " + record.ClassOrStructKeyword.ValueText)
                        : type.Keyword.ValueText;
                    // A part in another file cannot join a file-local type or one not declared partial: stubs there would be errors of their own.
                    if (!type.Modifiers.Any(SyntaxKind.PartialKeyword) || type.Modifiers.Any(SyntaxKind.FileKeyword)) return null;
                    headers.Insert(0, $"partial {keyword} {type.Identifier.Text}{type.TypeParameterList?.ToString() ?? ""}");
                }
                return new PlaceholderSpec(
                    _class.ContainingNamespace.IsGlobalNamespace ? null : _class.ContainingNamespace.ToDisplayString(), Emit.Code.Identifier(_class.Name),
                    _placeholders.ToEquatableArray()) { Headers = headers.ToEquatableArray(), TypePath = TypePath(_class) };
            }

            /// <summary>
            /// The class's metadata name behind those of the types it is nested in (<c>Outer`1.Mlp</c>): unique in its namespace,
            /// as a file's hint name must be, where the class's name alone is not (<c>Outer.Mlp</c> and <c>Mlp</c>, <c>Mlp&lt;T&gt;</c>).
            /// </summary>
            private static string TypePath(INamedTypeSymbol type)
                => type.ContainingType is { } outer ? TypePath(outer) + "." + type.MetadataName : type.MetadataName;

            private List<RawNode> ReadNodes()
            {
                List<RawNode> nodes = new();
                Dictionary<string, int> namesTaken = new(StringComparer.Ordinal);
                Dictionary<string, int> membersTaken = new(StringComparer.Ordinal);
                IEnumerable<IPropertySymbol> properties = _class.GetMembers().OfType<IPropertySymbol>()
                    .OrderBy(p => p.Locations.FirstOrDefault()?.SourceTree?.FilePath, StringComparer.Ordinal)
                    .ThenBy(p => p.Locations.FirstOrDefault()?.SourceSpan.Start ?? 0);
                foreach (IPropertySymbol property in properties)
                {
                    _cancellationToken.ThrowIfCancellationRequested();
                    List<AttributeData> layers = property.GetAttributes().Where(a => KindOf(a) is not null).ToList();
                    if (layers.Count == 0) continue;
                    _layerAttributes++;
                    AttributeData attribute = layers[0];
                    // A wrapper and the layer attribute after it are one node.
                    AttributeData? wrapped = null;
                    int oneLayer = 1;
                    if (KindOf(attribute)!.WrapsNextLayer)
                    {
                        wrapped = WrappedAttribute(attribute, layers.Count > 1 ? layers[1] : null, $"on node property '{property.Name}'");
                        if (wrapped is null || HasCompilerErrors(wrapped))
                        {
                            if (Placeholder(property, BuildErrors) is { } stub) _placeholders.Add(stub);
                            nodes.Add(new RawNode(nodes.Count, property, attribute, KindOf(attribute)!, property.Name, new NodeProperty("", false)) { Failed = true });
                            continue;
                        }
                        oneLayer = 2;
                    }
                    if (layers.Count > oneLayer)
                    {
                        Report(DiagnosticDescriptors.LayerInWrongModel, At(layers[oneLayer]),
                            $"Node property '{property.Name}' has {layers.Count} layer attributes; a node is one layer, so give each layer its own property");
                        if (Placeholder(property, BuildErrors) is { } stub) _placeholders.Add(stub);
                        nodes.Add(new RawNode(nodes.Count, property, attribute, KindOf(attribute)!, property.Name, new NodeProperty("", false)) { Failed = true });
                        continue;
                    }
                    if (attribute.ConstructorArguments.Any(a => a.Kind == TypedConstantKind.Error) ||
                        attribute.NamedArguments.Any(a => a.Value.Kind == TypedConstantKind.Error) ||
                        attribute.AttributeConstructor is null)
                    {
                        // The compiler reports the attribute; the node stays, failed, so references to it say nothing more.
                        _compilerErrors = true;
                        if (Placeholder(property, BuildErrors) is { } stub) _placeholders.Add(stub);
                        nodes.Add(new RawNode(nodes.Count, property, attribute, KindOf(attribute)!, property.Name, new NodeProperty("", false)) { Failed = true });
                        continue;
                    }
                    LayerKind kind = KindOf(attribute)!;
                    NodeProperty? nodeProperty = ReadNodeProperty(property, kind);
                    if (Placeholder(property, BuildErrors) is { } placeholder) _placeholders.Add(placeholder);
                    string name = ReadString(attribute, "Name") ?? SnakeCase(property.Name);
                    RawNode node = new(nodes.Count, property, attribute, kind, name, nodeProperty ?? new NodeProperty("", false)) { Wrapped = wrapped };
                    // A node already reported stays in the graph, failed, so references to it raise nothing more.
                    node.Failed = nodeProperty is null || !CheckName(attribute, kind, name, property.Name, nodes.Count, namesTaken, membersTaken, memberIsNodeProperty: true);
                    if (kind.Inputs == NodeInputs.Many)
                    {
                        if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0] is { Kind: TypedConstantKind.Array, IsNull: false } array)
                            for (int i = 0; i < array.Values.Length; i++)
                                node.References.Add((array.Values[i].Value as string ?? "", At(attribute, null, i)));
                    }
                    else if (kind.Inputs == NodeInputs.One)
                    {
                        if (Named(attribute, "Input")?.Value is string reference)
                            node.References.Add((reference, At(attribute, "Input")));
                        else if (!node.Failed)
                        {
                            Report(DiagnosticDescriptors.MissingNodeInput, At(attribute), kind.KerasClass, name, _class.Name);
                            node.Failed = true;
                        }
                    }
                    nodes.Add(node);
                }
                return nodes;
            }

            /// <summary>The generator implements the node property, so it must be a partial, get-only instance property of a type it can return.</summary>
            private NodeProperty? ReadNodeProperty(IPropertySymbol property, LayerKind kind)
            {
                List<PropertyDeclarationSyntax> declarations = property.DeclaringSyntaxReferences
                    .Select(r => r.GetSyntax(_cancellationToken)).OfType<PropertyDeclarationSyntax>().ToList();
                LocationInfo? where = declarations.Count > 0 ? LocationInfo.From(declarations[0].Identifier) : LocationInfo.From(_declaration.Identifier);
                if (property.Type.TypeKind == TypeKind.Error) { _compilerErrors = true; return null; }
                string? problem = null;
                PropertyDeclarationSyntax? declaration = declarations.FirstOrDefault();
                string type = property.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat.WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted));
                bool isWeights = type == kind.WeightsViewType;
                bool isOtherWeights = !isWeights && LayerKinds.All.Any(k => k.WeightsViewType == type);
                string[] allowed = { "public", "private", "protected", "internal" };
                if (declaration is null || declarations.Count > 1)
                    problem = "the generator writes its body, so declare it once, without one";
                else if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                    problem = $"declare it 'partial' ({Accessibility(declaration)}partial {declaration.Type} {property.Name} {{ get; }}), and the generator writes its body";
                else if (declaration.Modifiers.FirstOrDefault(m => !m.IsKind(SyntaxKind.PartialKeyword) && !allowed.Contains(m.ValueText)) is { RawKind: not 0 } modifier)
                    problem = $"it is '{modifier.ValueText}'; a node property takes only an accessibility and 'partial'";
                else if (declaration.AccessorList is not { } accessors || accessors.Accessors.Count != 1 || !accessors.Accessors[0].IsKind(SyntaxKind.GetAccessorDeclaration)
                         || accessors.Accessors[0].Body is not null || accessors.Accessors[0].ExpressionBody is not null || accessors.Accessors[0].Modifiers.Count > 0)
                    problem = "it must be get-only, '{ get; }', since the network defines its value";
                else if (property.NullableAnnotation == NullableAnnotation.Annotated)
                    problem = $"its type is nullable ('{property.Type.ToDisplayString()}?'), and a node always exists; drop the '?'";
                else if (isOtherWeights && kind.WeightsViewType is null)
                    problem = $"it is a {kind.KerasClass} layer, which has no weights; declare it 'LayerInfo'";
                else if (!isWeights && type != LayerInfoTypeName)
                    problem = $"its type is '{property.Type.ToDisplayString()}'; declare it 'LayerInfo'"
                              + (kind.WeightsViewType is { } view ? $", or '{view.Substring(view.LastIndexOf('.') + 1)}' to reach {kind.WeightsViewContents}" : "");
                if (problem is not null)
                {
                    Report(DiagnosticDescriptors.InvalidNodeProperty, where, property.Name, problem);
                    return null;
                }
                string modifiers = string.Join(" ", declaration!.Modifiers.Where(m => !m.IsKind(SyntaxKind.PartialKeyword)).Select(m => m.ValueText));
                return new NodeProperty(modifiers, isWeights);
            }

            /// <summary>A throwing body for a partial property declared without one; null when it needs none.</summary>
            private PlaceholderProperty? Placeholder(IPropertySymbol property, string reason)
            {
                List<PropertyDeclarationSyntax> declarations = property.DeclaringSyntaxReferences
                    .Select(r => r.GetSyntax(_cancellationToken)).OfType<PropertyDeclarationSyntax>().ToList();
                if (declarations.Count != 1 || declarations[0] is not { AccessorList: { } accessors } declaration
                    || !declaration.Modifiers.Any(SyntaxKind.PartialKeyword) || accessors.Accessors.Any(a => a.Body is not null || a.ExpressionBody is not null)
                    || property.Type.TypeKind == TypeKind.Error)
                    return null;
                return new PlaceholderProperty(
                    property.Name,
                    string.Join(" ", declaration.Modifiers.Where(m => !m.IsKind(SyntaxKind.PartialKeyword)).Select(m => m.ValueText)),
                    // With its '?', or the stub's signature differs from the declaration's (warning CS9256).
                    property.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat.AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier)),
                    accessors.Accessors.Select(a => string.Join(" ", a.Modifiers.Select(m => m.ValueText).Concat(new[] { a.Keyword.ValueText }))).ToEquatableArray(),
                    reason);
            }

            private static string Accessibility(PropertyDeclarationSyntax declaration)
            {
                string modifiers = string.Join(" ", declaration.Modifiers.Select(m => m.ValueText));
                return modifiers.Length == 0 ? "" : modifiers + " ";
            }

            private void Resolve(RawNode node, Dictionary<string, int> byProperty, List<RawNode> nodes)
            {
                foreach ((string reference, LocationInfo? where) in node.References)
                {
                    int? target = Lookup(reference, where, byProperty, nodes);
                    if (target is null) node.Failed = true;
                    else node.Inputs.Add(target.Value);
                }
            }

            private int? Lookup(string reference, LocationInfo? where, Dictionary<string, int> byProperty, List<RawNode> nodes)
            {
                if (byProperty.TryGetValue(reference, out int index)) return index;
                ISymbol? member = reference.Length == 0 ? null : _class.GetMembers(reference).FirstOrDefault();
                string known = nodes.Count == 0 ? "the class declares no node properties" : "its nodes are " + string.Join(", ", nodes.Select(n => n.Property.Name));
                string reason = member is not null
                    ? $"'{reference}' is a {member.Kind.ToString().ToLowerInvariant()} without a layer attribute; {known}"
                    : $"no node property has that name; {known}";
                Report(DiagnosticDescriptors.UnknownNode, where, reference.Length == 0 ? "(empty)" : reference, _class.Name, reason);
                return null;
            }

            /// <summary>Orders the nodes so that each follows its inputs, keeping declaration order where the graph allows; reports cycles.</summary>
            private List<int> Sort(List<RawNode> nodes)
            {
                List<int> order = new();
                bool[] placed = new bool[nodes.Count];
                bool progress = true;
                while (progress)
                {
                    progress = false;
                    for (int i = 0; i < nodes.Count; i++)
                    {
                        if (placed[i] || !nodes[i].Inputs.All(j => placed[j])) continue;
                        placed[i] = true;
                        order.Add(i);
                        progress = true;
                        break;
                    }
                }
                List<int> stuck = Enumerable.Range(0, nodes.Count).Where(i => !placed[i]).ToList();
                HashSet<int> reported = new();
                foreach (int start in stuck)
                {
                    if (reported.Contains(start) || nodes[start].Failed) continue;
                    List<int>? cycle = FindCycle(nodes, start);
                    if (cycle is null || cycle.Any(reported.Contains)) continue;
                    foreach (int member in cycle) reported.Add(member);
                    RawNode first = nodes[cycle[0]];
                    string path = string.Join(" -> ", cycle.Select(c => nodes[c].Property.Name).Concat(new[] { first.Property.Name }));
                    // In data-flow order each node takes the one before it, so the first takes the last.
                    int previous = cycle[cycle.Count - 1];
                    LocationInfo? where = first.References.Where((r, k) => first.Inputs.Count > k && first.Inputs[k] == previous).Select(r => r.Where).FirstOrDefault();
                    Report(DiagnosticDescriptors.Cycle, where ?? At(first.Attribute), first.Property.Name, path);
                }
                foreach (int i in stuck) nodes[i].Failed = true;
                return order;
            }

            /// <summary>A cycle through <paramref name="start"/>'s inputs that returns to a node on the path, as the path from that node.</summary>
            private static List<int>? FindCycle(List<RawNode> nodes, int start)
            {
                List<int> path = new();
                HashSet<int> onPath = new(), done = new();
                List<int>? Walk(int node)
                {
                    if (onPath.Contains(node)) return path.Skip(path.IndexOf(node)).ToList();
                    if (!done.Add(node)) return null;
                    path.Add(node);
                    onPath.Add(node);
                    foreach (int input in nodes[node].Inputs)
                        if (Walk(input) is { } found) return found;
                    path.RemoveAt(path.Count - 1);
                    onPath.Remove(node);
                    return null;
                }
                List<int>? cycle = Walk(start);
                if (cycle is null) return null;
                // A cycle reads most naturally from its first-declared node, following inputs backwards as data flows forwards.
                cycle.Reverse();
                int rotate = cycle.IndexOf(cycle.Min());
                return cycle.Skip(rotate).Concat(cycle.Take(rotate)).ToList();
            }

            private void Infer(List<RawNode> nodes, int index)
            {
                RawNode node = nodes[index];
                if (node.Failed) return;
                if (node.Inputs.Any(i => nodes[i].Layer is null)) { node.Failed = true; return; }
                List<EquatableArray<int>> shapes = node.Inputs.Select(i => nodes[i].Layer!.OutputShape).ToList();
                string member = node.Property.Name;
                AttributeLayerReader reader = new(this, node.Attribute, node.Name, member, node.Inputs.Select(i => nodes[i].Property.Name).ToList(),
                    node.Inputs.Select(i => nodes[i].Layer!).ToList(), 0, node.Inputs.Select(i => nodes[i].DependsOnWeights).ToList());
                if (node.Wrapped is { } wrapped)
                {
                    LayerKind wrappedKind = KindOf(wrapped)!;
                    string wrappedName = ReadString(wrapped, "Name") ?? wrappedKind.DefaultName;
                    if (!CheckNoWrappedRules(node.Attribute, wrapped, wrappedKind, wrappedName)) { node.Failed = true; return; }
                    reader.Wrapped = (wrappedKind, new AttributeLayerReader(this, wrapped, wrappedName, member, reader.InputNames, reader.InputLayers, 0,
                        node.Inputs.Select(i => nodes[i].DependsOnWeights).ToList()));
                }
                LayerSpec? layer = node.Kind.Read(reader, shapes);
                if (layer is not null && !WeightsFit(node.Attribute, layer)) layer = null;
                if (layer is not null) layer = WithWeightRules(node.Attribute, layer);
                if (layer is null) { node.Failed = true; return; }
                node.Layer = layer with { Property = node.NodeProperty };
                node.DependsOnWeights = layer.ParameterCount > 0 || node.Inputs.Any(i => nodes[i].DependsOnWeights);
            }

            private static int OutputArgumentCount(AttributeData functional)
                => functional.ConstructorArguments.Length == 1 && functional.ConstructorArguments[0] is { Kind: TypedConstantKind.Array, IsNull: false } array ? array.Values.Length : 0;

            /// <summary>Reads <c>outputs</c> (the constructor's params) or <c>Inputs</c> (a named array) into node indices.</summary>
            private List<(int Node, LocationInfo? Where)> ReadNodeList(AttributeData functional, List<RawNode> nodes, Dictionary<string, int> byProperty,
                string argument, int position, bool mustBeInput)
            {
                List<(int, LocationInfo?)> found = new();
                TypedConstant? list = position >= 0
                    ? (functional.ConstructorArguments.Length == 1 ? functional.ConstructorArguments[0] : null)
                    : Named(functional, argument);
                if (list is not { Kind: TypedConstantKind.Array, IsNull: false } array) return found;
                for (int i = 0; i < array.Values.Length; i++)
                {
                    string reference = array.Values[i].Value as string ?? "";
                    // params arguments each have a position; a named array is one argument.
                    LocationInfo? where = position >= 0 ? At(functional, null, i) : At(functional, argument);
                    int? node = Lookup(reference, where, byProperty, nodes);
                    if (node is null) continue;
                    if (mustBeInput && !nodes[node.Value].Kind.IsInput)
                    {
                        Report(DiagnosticDescriptors.UnknownNode, where, reference, _class.Name, $"Inputs lists input nodes, and '{reference}' is a {nodes[node.Value].Kind.KerasClass} node, not an [Input]");
                        continue;
                    }
                    if (found.Any(f => f.Item1 == node.Value))
                    {
                        Report(DiagnosticDescriptors.LayerInWrongModel, where, $"'{reference}' is listed twice in {argument}; list each node once");
                        continue;
                    }
                    if (!nodes[node.Value].Failed) found.Add((node.Value, where));
                }
                return found;
            }

            /// <summary>Keeps what the outputs depend on, in dependency order, and checks the graph reaches only the model's inputs.</summary>
            private ModelSpec? Assemble(List<RawNode> nodes, List<int> order, List<(int Node, LocationInfo? Where)> inputs,
                List<(int Node, LocationInfo? Where)> outputs, string modelName, AttributeData functional)
            {
                HashSet<int> live = new();
                void Mark(int node)
                {
                    if (!live.Add(node)) return;
                    foreach (int input in nodes[node].Inputs) Mark(input);
                }
                HashSet<int> modelInputs = new(inputs.Select(i => i.Node));
                foreach ((int output, LocationInfo? where) in outputs)
                {
                    HashSet<int> before = new(live);
                    Mark(output);
                    HashSet<int> reached = new();
                    void Reach(int node)
                    {
                        if (!reached.Add(node)) return;
                        foreach (int input in nodes[node].Inputs) Reach(input);
                    }
                    Reach(output);
                    foreach (int source in reached.Where(r => nodes[r].Kind.IsInput && !modelInputs.Contains(r)).OrderBy(r => r))
                        Report(DiagnosticDescriptors.OutputNotConnected, where, nodes[output].Property.Name, nodes[source].Property.Name,
                            inputs.Count == 0 ? "none" : string.Join(", ", inputs.Select(i => nodes[i.Node].Property.Name)));
                    if (AliasesInput(nodes, output))
                        Report(DiagnosticDescriptors.LayerInWrongModel, where,
                            $"Output '{nodes[output].Property.Name}' is an input node or a reshape of one, so nothing computes it; apply a layer to it");
                }
                // Flatten and Reshape share their input's buffers, so two outputs that are reshapes of one node would
                // share a gradient buffer that each output's loss writes over.
                Dictionary<int, int> outputBySource = new();
                foreach ((int output, LocationInfo? where) in outputs)
                {
                    int source = output;
                    while (nodes[source].Kind.AliasesInput) source = nodes[source].Inputs[0];
                    if (outputBySource.TryGetValue(source, out int earlier))
                        Report(DiagnosticDescriptors.LayerInWrongModel, where,
                            $"Outputs '{nodes[earlier].Property.Name}' and '{nodes[output].Property.Name}' hold the same values (one is a Flatten or Reshape of the other); list one of them");
                    else
                        outputBySource[source] = output;
                }
                string outputNames = string.Join(", ", outputs.Select(o => nodes[o.Node].Property.Name));
                foreach (RawNode node in nodes.Where(n => !n.Failed && !live.Contains(n.Order)))
                    Report(DiagnosticDescriptors.UnusedNode, At(node.Attribute), node.Property.Name, outputNames,
                        modelInputs.Contains(node.Order) ? "it stays one of the model's inputs, so samples still hold its values, which nothing reads" : "it is left out of the model");
                CheckSampleTypeNames(nodes, inputs, outputs);
                if (_diagnostics.Any(d => DiagnosticDescriptors.ById(d.Id).DefaultSeverity == DiagnosticSeverity.Error)) return null;

                List<int> kept = order.Where(i => live.Contains(i) || modelInputs.Contains(i)).ToList();
                Dictionary<int, int> position = new();
                for (int i = 0; i < kept.Count; i++) position[kept[i]] = i;
                List<LayerSpec> layers = new();
                long offset = 0, state = 0;
                foreach (int index in kept)
                {
                    LayerSpec layer = nodes[index].Layer!;
                    layers.Add(layer with
                    {
                        Inputs = nodes[index].Inputs.Select(i => position[i]).ToEquatableArray(),
                        ParameterOffset = (int)Math.Min(offset, int.MaxValue),
                        StateOffset = (int)Math.Min(state, int.MaxValue),
                        InputMasked = nodes[index].InputMasked,
                    });
                    offset += layer.ParameterCount;
                    state += layer.StateCount;
                }
                long inputSize = inputs.Sum(i => (long)Shapes.Size(nodes[i.Node].Layer!.OutputShape));
                if (offset > int.MaxValue || state > int.MaxValue || inputSize > int.MaxValue)
                {
                    Report(DiagnosticDescriptors.SizeOverflow, At(functional), $"Model '{_class.Name}'", Math.Max(Math.Max(offset, state), inputSize).ToString("N0"));
                    return null;
                }
                EquatableArray<int> inputShape = inputs.Count == 1 ? nodes[inputs[0].Node].Layer!.OutputShape : new[] { (int)inputSize }.ToEquatableArray();
                List<PlaceholderProperty> unused = nodes.Where(n => !position.ContainsKey(n.Order))
                    .Select(n => Placeholder(n.Property, $"Node '{n.Property.Name}' is not part of {_class.Name}: no output uses it (warning CMP024)"))
                    .Where(p => p is not null).Select(p => p!).ToList();
                return new ModelSpec(
                    _class.ContainingNamespace.IsGlobalNamespace ? null : _class.ContainingNamespace.ToDisplayString(),
                    Emit.Code.Identifier(_class.Name), modelName, inputShape, layers.ToEquatableArray(), (int)offset,
                    IsFunctional: true,
                    inputs.Select(i => position[i.Node]).ToEquatableArray(),
                    outputs.Select(o => position[o.Node]).ToEquatableArray())
                {
                    UnusedNodes = unused.ToEquatableArray(),
                    IsAbstract = _class.IsAbstract,
                    StateCount = (int)state,
                };
            }

            /// <summary>A model with several inputs or outputs gets a <c>{Node}Sample</c> type per input and output; each name must be free.</summary>
            private void CheckSampleTypeNames(List<RawNode> nodes, List<(int Node, LocationInfo? Where)> inputs, List<(int Node, LocationInfo? Where)> outputs)
            {
                IEnumerable<int> typed = (inputs.Count > 1 ? inputs.Select(i => i.Node) : Enumerable.Empty<int>())
                    .Concat(outputs.Count > 1 ? outputs.Select(o => o.Node) : Enumerable.Empty<int>());
                HashSet<string> taken = new(StringComparer.Ordinal) { "InputSample", "OutputSample", "Layers" };
                foreach (int index in typed)
                {
                    RawNode node = nodes[index];
                    string type = node.Property.Name + "Sample";
                    if (!taken.Add(type) || _class.GetMembers(type).Length > 0)
                        Report(DiagnosticDescriptors.InvalidLayerName, At(node.Attribute, "Name"), node.Name,
                            $"its sample type '{type}' would clash with {(_class.GetMembers(type).Length > 0 ? "a member of '" + _class.Name + "'" : "a type the generator writes")}; rename the property");
                }
            }

            private static bool AliasesInput(List<RawNode> nodes, int node)
            {
                while (nodes[node].Kind.AliasesInput) node = nodes[node].Inputs[0];
                return nodes[node].Kind.IsInput;
            }

            /// <summary><c>Hidden</c> → <c>hidden</c>, <c>DenseOut</c> → <c>dense_out</c>, <c>ReLU1</c> → <c>re_lu1</c>.</summary>
            private static string SnakeCase(string name)
            {
                StringBuilder builder = new(name.Length + 4);
                for (int i = 0; i < name.Length; i++)
                {
                    char c = name[i];
                    bool boundary = i > 0 && char.IsUpper(c) &&
                        (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1])));
                    if (boundary && name[i - 1] != '_') builder.Append('_');
                    builder.Append(char.ToLowerInvariant(c));
                }
                return builder.ToString();
            }
        }
    }
}
