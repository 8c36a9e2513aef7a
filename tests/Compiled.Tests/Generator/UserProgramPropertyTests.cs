using System.Collections.Immutable;
using System.Reflection;
using System.Text.RegularExpressions;
using Compiled.Generator;
using CsCheck;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compiled.Tests.Generator;

/// <summary>
/// Whole user programs, generated: several Sequential and functional models per compilation, one file each (some split
/// over two partial declarations), in namespaces and containing types with escaped keyword names, with every
/// accessibility and modifier, names that differ only in case, layer and node names equal to the members every model
/// has, members of the user's named like generated or inherited ones, every spelling of the model attributes, extreme
/// sizes, C# 12 to preview, nullable on and off.
/// Each program is valid C# but for what only the generator can judge, so whatever goes wrong is the generator's:
/// every model is either generated (the class derives from <see cref="Model"/>) or refused with a CMP error on its
/// declaration, and nothing else fails: no diagnostic inside generated code, no CMP999, no generator failure
/// (CS8784, CS8785), and every compiler error in the user's code lies inside a model the generator refused.
/// </summary>
public class UserProgramPropertyTests
{
    /// <summary>
    /// Programs per run: enough to cover every dimension in CI in a few seconds; set <c>CsCheck_Iter</c> (say 2000)
    /// for a longer search locally.
    /// </summary>
    private static long Iterations => long.TryParse(Environment.GetEnvironmentVariable("CsCheck_Iter"), out long count) ? count : 40;

    /// <summary>
    /// The public and protected members of <see cref="Model"/> and its bases, which every model class inherits: what a
    /// layer or node must not be named after. Read by reflection, as the generator reads them from the runtime's metadata.
    /// </summary>
    public static readonly string[] ReservedMembers = typeof(Model)
        .GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.FlattenHierarchy)
        .Where(IsVisibleToDerivedClasses)
        .Select(member => member.Name)
        .Where(name => name.All(c => char.IsLetterOrDigit(c) || c == '_'))
        .Distinct()
        .OrderBy(name => name, StringComparer.Ordinal)
        .ToArray();

    private static bool IsVisibleToDerivedClasses(MemberInfo member) => member switch
    {
        ConstructorInfo => false,
        MethodBase method => !method.IsSpecialName && Visible(method),
        FieldInfo field => field.IsPublic || field.IsFamily || field.IsFamilyOrAssembly,
        PropertyInfo property => property.GetAccessors(nonPublic: true).Any(Visible),
        EventInfo @event => @event.AddMethod is { } add && Visible(add),
        Type type => type.IsNestedPublic || type.IsNestedFamily || type.IsNestedFamORAssem,
        _ => false,
    };

    private static bool Visible(MethodBase method) => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly;

    /// <summary><c>ParameterCount</c> → <c>parameter_count</c>: the layer name whose generated member is that name.</summary>
    private static string SnakeCase(string pascal)
        => string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private static string Arguments(params string[] parts) => string.Join(", ", parts.Where(p => p.Length > 0));

    // Each dimension mostly takes its ordinary value, so that about a third of the models are generated (and their code
    // compiled) and the rest refused, rather than nearly every model carrying some extreme value.
    private static readonly Gen<string> LayerName = Gen.Frequency(
        (40, Gen.Const("")),
        (3, Gen.OneOf(ReservedMembers).Select(n => $"Name = \"{SnakeCase(n)}\"")),
        (1, Gen.OneOf(ReservedMembers).Select(n => $"Name = \"{n}\"")),
        (1, Gen.OneOf("input_size", "forward", "layers", "model_summary", "input_sample").Select(n => $"Name = \"{n}\"")),
        (2, Gen.OneOf("dense", "Dense", "DENSE", "d", "D", "mlp", "hidden", "Hidden", "dénse", "a b").Select(n => $"Name = \"{n}\"")));

    private static readonly Gen<string> Units = Gen.Frequency(
        (24, Gen.OneOf("1", "3", "16")),
        (1, Gen.OneOf("0", "-1", "int.MaxValue", "int.MinValue", "100000", "65536")));

    private static readonly Gen<string> ReshapeDims = Gen.Frequency(
        (4, Gen.OneOf("-1", "2, -1", "4")),
        (1, Gen.OneOf("int.MaxValue, int.MaxValue, int.MaxValue, -1", "65536, 65536, 65536, 65536", "0", "-2", "-1, -1", "int.MaxValue", "3, 0, -1", "int.MinValue")));

    /// <summary>A layer attribute; <c>@IN</c> stands for the node it is applied to, in a functional model.</summary>
    private static readonly Gen<string> LayerAttribute = Gen.Frequency(
        (8, Gen.Select(Units, LayerName, (units, name) => $"[Dense({Arguments(units, "@IN", name)})]")),
        (6, LayerName.Select(name => $"[ReLU({Arguments("@IN", name)})]")),
        (4, LayerName.Select(name => $"[Flatten({Arguments("@IN", name)})]")),
        (1, Gen.Select(ReshapeDims, LayerName, (dims, name) => $"[Reshape({Arguments(dims, "@IN", name)})]")),
        (6, LayerName.Select(name => $"[Activation({Arguments("Activation.Tanh", "@IN", name)})]")),
        (4, Gen.Select(Gen.Frequency((8, Gen.Const("0.5")), (1, Gen.OneOf("0", "1.5", "-0.1", "double.NaN"))), LayerName, (rate, name) => $"[Dropout({Arguments(rate, "@IN", name)})]")),
        (1, Gen.Select(Units, LayerName, (n, name) => $"[RepeatVector({Arguments(n, "@IN", name)})]")),
        (1, Gen.Select(Units, LayerName, (units, name) => $"[LSTM({Arguments(units, "@IN", name)})]")),
        (1, Gen.Select(Units, Gen.OneOf("1", "3", "0", "int.MaxValue"), LayerName, (filters, kernel, name) => $"[Conv1D({Arguments(filters, kernel, "@IN", name)})]")),
        (1, Gen.Select(Gen.OneOf("10", "0", "int.MaxValue", "16777217"), Units, LayerName, (inputDim, units, name) => $"[Embedding({Arguments(inputDim, units, "@IN", name)})]")),
        (3, LayerName.Select(name => $"[BatchNormalization({Arguments("@IN", name)})]")),
        (1, LayerName.Select(name => $"[GlobalAveragePooling1D({Arguments("@IN", name)})]")));

    /// <summary>
    /// A member of the user's own in the model class, named like something the generator writes or the base class has;
    /// static, so that it is valid in a static class too.
    /// </summary>
    private static readonly Gen<string> UserMember = Gen.Frequency(
        (16, Gen.Const("")),
        (1, Gen.OneOf("Architecture", "Output", "OutputGradient", "InputSize", "Predict", "Dense", "Layers", "Forward", "s_architecture", "RandomSeed",
            "_denseOutput", "_reLuOutput", "ParameterArray", "Losses", "InputSample", "Load", "Summary", "Fit", "Dropout", "Lstm").Select(name => $"public static int {name} => 0;")));

    private static readonly Gen<string> SequentialInput = Gen.Frequency(
        (18, Gen.OneOf("Input = 4", "Input = 1", "InputShape = new[] { 2, 3 }")),
        (1, Gen.OneOf("Input = int.MaxValue", "Input = 0", "Input = -1", "InputShape = new[] { 65536, 65536 }",
            "InputShape = new[] { int.MaxValue, int.MaxValue, int.MaxValue }", "InputShape = new[] { 0, 3 }")));

    private static readonly Gen<string> ModelName = Gen.Frequency((6, Gen.Const("")),
        (1, Gen.OneOf("Name = \"m\"", "Name = \"Model\"", "Name = \"losses\"", "Name = \"a\\\"b\"", "Name = \"模型\"", "Name = \"*/ </summary> <!--\"", "Name = \"{0}\"")));

    private static readonly Gen<ModelBody> SequentialBody = Gen.Select(SequentialInput, ModelName,
        Gen.Frequency((12, LayerAttribute.Array[1, 4]), (1, Gen.Const(Array.Empty<string>()))), UserMember,
        (input, name, layers, member) => new ModelBody(false,
            string.Join("\n", new[] { $"[Sequential({Arguments(input, name)})]" }.Concat(layers.Select(l => l.Replace("@IN, ", "").Replace(", @IN", "").Replace("@IN", "")))),
            "{ " + member + " }"));

    private static readonly Gen<string> PropertyName = Gen.Frequency(
        (16, Gen.OneOf("In", "Hidden", "Out", "Features")),
        (4, Gen.OneOf("hidden", "HIDDEN", "Input_", "Layers", "Forward", "InputSize")),
        (1, Gen.OneOf(ReservedMembers)),
        (1, Gen.OneOf("@class", "@event", "@out")));

    private static readonly Gen<string> PropertyAccessibility = Gen.OneOf("public ", "internal ", "private ", "protected ", "protected internal ", "private protected ", "");

    private static readonly Gen<string> PropertyDeclaration = Gen.Frequency(
        (10, Gen.Const("partial LayerInfo {0} { get; }")),
        (1, Gen.OneOf("partial LayerInfo? {0} { get; }", "partial global::Compiled.LayerInfo {0} { get; }", "new partial LayerInfo {0} { get; }",
            "static partial LayerInfo {0} { get; }", "partial LayerInfo {0} { get; init; }")));

    private static readonly Gen<string> InputShape = Gen.Frequency((18, Gen.OneOf("4", "2, 3")), (1, Gen.OneOf("0", "-1", "int.MaxValue", "65536, 65536, 65536")));

    /// <summary>A node that merges the node before it with the model's input (<c>@MERGE</c> stands for the two).</summary>
    private static readonly Gen<string> MergeAttribute = Gen.Select(Gen.OneOf("Add", "Multiply", "Concatenate"), LayerName,
        (merge, name) => $"[{merge}({Arguments("@MERGE", name)})]");

    private static readonly Gen<(string Attribute, string Name, string Access, string Declaration)> Node = Gen.Select(
        Gen.Frequency((6, LayerAttribute), (1, MergeAttribute)), PropertyName, PropertyAccessibility,
        Gen.Frequency((8, PropertyDeclaration), (1, Gen.Const("partial DenseWeights {0} { get; }"))));

    // Mostly the last node is the output; sometimes an earlier one, leaving the nodes after it unused.
    private static readonly Gen<ModelBody> FunctionalBody = Gen.Select(InputShape, PropertyName, PropertyAccessibility, Node.Array[1, 3], ModelName,
        Gen.Frequency((6, Gen.Const(0)), (1, Gen.Int[1, 3])), UserMember,
        (shape, inputName, inputAccess, nodes, modelName, outputFromEnd, member) => new ModelBody(true, "", member)
        {
            Nodes = new[] { ($"[Input({shape})]", inputName, inputAccess, "partial LayerInfo {0} { get; }") }.Concat(nodes).ToArray(),
            ModelName = modelName,
            OutputFromEnd = outputFromEnd,
        });

    /// <summary>
    /// A functional model's attribute and node properties, each node applied to the one before; a property named like the
    /// class, or like a member a record declares, is renamed (the program would be wrong whatever the generator does).
    /// </summary>
    private static ModelBody RenderFunctional(ModelBody body, string className, bool isRecord)
    {
        string[] forbidden = { className.TrimStart('@'), "EqualityContract", "PrintMembers", "ToString", "Equals", "GetHashCode", "Deconstruct" };
        List<string> names = new();
        List<string> properties = new();
        foreach ((string attribute, string wanted, string access, string declaration) in body.Nodes)
        {
            string name = wanted;
            if (name.TrimStart('@') == forbidden[0] || isRecord && forbidden.Contains(name) || body.Members.Contains($" int {name} =>")) name += "Node";
            if (names.Contains(name)) name += names.Count;
            string applied = names.Count == 0 ? attribute
                : attribute.Replace("@IN", $"Input = nameof({names[^1]})").Replace("@MERGE", $"nameof({names[^1]}), nameof({names[0]})");
            properties.Add($"    {applied} {access}{declaration.Replace("{0}", name)}");
            names.Add(name);
        }
        return body with
        {
            Attributes = $"[Functional({Arguments($"nameof({names[Math.Max(0, names.Count - 1 - body.OutputFromEnd)]})", body.ModelName)})]",
            Members = "{\n" + string.Join("\n", properties.Append("    " + body.Members)) + "\n}",
        };
    }

    private static readonly Gen<string> ClassName = Gen.Frequency(
        (3, Gen.OneOf("Mlp", "MLP", "mlp")),
        (2, Gen.OneOf("Net", "NET", "Encoder")),
        (1, Gen.OneOf("@event", "@object", "Model", "Classifier")), (1, Gen.OneOf("Layers", "InputSample")));

    private static readonly Gen<string> Namespace = Gen.Frequency((3, Gen.Const("")), (2, Gen.Const("N")), (1, Gen.OneOf("@namespace", "@operator.@struct", "Deep.Er")));

    /// <summary>A containing type: its header, and whether protected members may be declared in it.</summary>
    private static readonly Gen<Container?> ContainingType = Gen.Frequency(
        (16, Gen.Const((Container?)null)),
        (1, Gen.OneOf<Container?>(
            new Container("public partial class @static", true), new Container("internal partial class Outer<T>", true),
            new Container("public static partial class Holder", false), new Container("public class Plain", true),
            new Container("public partial record Wrapper", true))));

    private static readonly Gen<string> TopLevelAccessibility = Gen.Frequency((6, Gen.OneOf("", "public ", "internal ")), (1, Gen.Const("file ")));

    private static readonly Gen<string> NestedAccessibility = Gen.OneOf("", "public ", "internal ", "private ", "protected ", "protected internal ", "private protected ");

    /// <summary>How a model attribute is spelled: <c>Sequential</c>, <c>SequentialAttribute</c>, qualified, or from the global namespace.</summary>
    private static readonly Gen<string> AttributeSpelling = Gen.Frequency(
        (8, Gen.Const("{0}")), (1, Gen.OneOf("{0}Attribute", "Compiled.{0}", "global::Compiled.{0}Attribute")));

    /// <summary>A second part of the model class in a file of its own: none, empty, with a member, or with a layer attribute.</summary>
    private static readonly Gen<string?> SecondPart = Gen.Frequency(
        (12, Gen.Const((string?)null)),
        (1, Gen.OneOf<string?>("", "{ public static int Extra => 0; }")),
        (1, LayerAttribute.Select(l => (string?)l.Replace("@IN, ", "").Replace(", @IN", "").Replace("@IN", ""))));

    private static readonly Gen<ModelDeclaration> Declaration = Gen.Select(
        Gen.Select(Namespace, Gen.Bool, ContainingType, AttributeSpelling, SecondPart),
        Gen.Select(TopLevelAccessibility, NestedAccessibility),
        Gen.Frequency((12, Gen.Const("")), (1, Gen.OneOf("sealed ", "abstract ", "unsafe ", "static "))),
        Gen.Frequency((12, Gen.Const("class")), (1, Gen.Const("record"))),
        ClassName,
        Gen.Frequency((12, Gen.Const("")), (1, Gen.Const("<T>"))),
        Gen.Frequency((12, Gen.Const(true)), (1, Gen.Const(false))),
        Gen.Frequency((3, SequentialBody), (2, FunctionalBody)),
        (where, access, modifier, keyword, name, typeParameters, partial, body) =>
        {
            (string ns, bool fileScoped, Container? container, string spelling, string? secondPart) = where;
            string accessibility = container is null ? access.Item1 : access.Item2;
            // Only what is valid C# on its own: no protected member in a static class, no static record, no static or
            // non-partial class holding partial properties.
            if (container is { AllowsProtected: false } && accessibility.Contains("protected")) accessibility = "internal ";
            if (modifier == "static " && (keyword == "record" || body.IsFunctional)) modifier = "";
            // A node property may be named Layers; its class may not then be.
            if (body.IsFunctional && name == "Layers" || body.Members.Contains($" int {name} =>")) name += "Model";
            if (body.IsFunctional) body = RenderFunctional(body, name, keyword == "record");
            body = body with { Attributes = Regex.Replace(body.Attributes, @"^\[(Sequential|Functional)\(", m => "[" + string.Format(spelling, m.Groups[1].Value) + "(") };
            // A second part only where it joins the first: not of a file-local class, a class not declared partial, or one in a class not declared partial.
            if (accessibility == "file " || !(partial || body.IsFunctional) || container?.Header.Contains("partial") == false) secondPart = null;
            return new ModelDeclaration(ns, fileScoped, container?.Header, accessibility + modifier + (partial || body.IsFunctional ? "partial " : "") + keyword, name + typeParameters, body)
            {
                SecondPart = secondPart is null ? null : (secondPart.StartsWith('[') ? secondPart + "\n" : "") + $"partial {keyword} {name + typeParameters}\n" + (secondPart.StartsWith('{') ? secondPart : "{ }"),
            };
        });

    private static readonly Gen<UserProgram> Program = Gen.Select(
        Gen.OneOf(LanguageVersion.CSharp12, LanguageVersion.CSharp13, LanguageVersion.Latest, LanguageVersion.Preview),
        Gen.Bool,
        Declaration.Array[1, 4],
        (version, nullable, models) => new UserProgram(version, nullable, Files(models)));

    /// <summary>One file per model; a model or a non-partial containing class that would be declared twice gets a number.</summary>
    private static string[] Files(ModelDeclaration[] models)
    {
        HashSet<string> taken = new(StringComparer.Ordinal);
        return models.Select((model, file) =>
        {
            string? container = model.Container?.Replace("class Plain", $"class Plain{file}");
            string name = model.Name;
            string Key(string n) => $"{model.Namespace}|{container}|{n.TrimStart('@').Replace("<T>", "`1")}";
            for (int suffix = 2; taken.Contains(Key(name)); suffix++) name = model.Name.Replace("<T>", "") + suffix + (model.Name.EndsWith("<T>", StringComparison.Ordinal) ? "<T>" : "");
            taken.Add(Key(name));
            List<string> lines = new() { "using Compiled;" };
            bool block = model.Namespace.Length > 0 && !model.FileScoped;
            if (model.Namespace.Length > 0) lines.Add(block ? $"namespace {model.Namespace} {{" : $"namespace {model.Namespace};");
            if (container is not null) lines.Add(container + " {");
            lines.Add(model.Body.Attributes);
            lines.Add($"{model.Header} {name}");
            lines.Add(model.Body.Members);
            if (container is not null) lines.Add("}");
            if (block) lines.Add("}");
            string first = string.Join("\n", lines) + "\n";
            if (model.SecondPart is null) return new[] { first };
            lines.RemoveRange(lines.IndexOf(model.Body.Attributes), 3);
            lines.Insert(lines.Count - (container is null ? 0 : 1) - (block ? 1 : 0), model.SecondPart.Replace(model.Name, name));
            return new[] { first, string.Join("\n", lines) + "\n" };
        }).SelectMany(files => files).ToArray();
    }

    [Fact]
    public void Every_model_of_a_user_program_is_generated_or_refused_with_a_cmp_error_and_nothing_else_breaks()
    {
        int generated = 0, refused = 0;
        Program.Sample(program =>
        {
            (ImmutableArray<Diagnostic> _, int accepted, int rejected) = Check(program);
            Interlocked.Add(ref generated, accepted);
            Interlocked.Add(ref refused, rejected);
        }, iter: Iterations, print: program => program.ToString());
        // Both outcomes are common (about one model in five is generated, 2.5 models a program), so the property is tested
        // on generated code as well as on refusals.
        Assert.True(generated >= Iterations / 8 && refused >= Iterations / 8, $"{generated} models generated and {refused} refused in {Iterations} programs");
    }

    /// <summary>
    /// Every reserved member, not only those a run happens to sample: as a Dense layer's name (its weights property would
    /// take the member's name) and as a node property's, in one program of a model each, each refused with CMP013.
    /// </summary>
    [Fact]
    public void Every_member_every_model_has_is_refused_as_a_layer_name_and_as_a_node_property()
    {
        Assert.Contains("Losses", ReservedMembers);
        Assert.Contains("ToString", ReservedMembers);
        string[] files = ReservedMembers.SelectMany((member, i) => new[]
        {
            $"using Compiled;\n[Sequential(Input = 4)] [Dense(3, Name = \"{SnakeCase(member)}\")] public partial class Layer{i} {{ }}\n",
            $"using Compiled;\n[Functional(nameof({member}))] public partial class Node{i} {{ [Input(4)] public partial LayerInfo In {{ get; }} [Dense(2, Input = nameof(In))] public partial LayerInfo {member} {{ get; }} }}\n",
        }).ToArray();

        ImmutableArray<Diagnostic> diagnostics = Check(new UserProgram(LanguageVersion.Latest, true, files)).Diagnostics;

        string[] accepted = files.Where((_, file) => !diagnostics.Any(d => d.Id == "CMP013" && d.Location.GetLineSpan().Path == $"User{file}.cs"))
            .Select(f => f.Split('\n')[1]).ToArray();
        Assert.True(accepted.Length == 0, "Not refused:\n" + string.Join("\n", accepted));
    }

    /// <summary>
    /// Errors the user's code has before the generator runs that the generator resolves (a partial property's missing
    /// implementation) or refuses with a CMP error (partial properties under C# 12, which has none: CMP090).
    /// </summary>
    private static bool ForTheGeneratorToResolve(Diagnostic error, LanguageVersion version)
        => error.Id == "CS9248" || error.Id == "CS8703" && version < LanguageVersion.CSharp13;

    /// <summary>Asserts the property of one program; returns the generator's diagnostics, and how many models it generated and refused.</summary>
    private static (ImmutableArray<Diagnostic> Diagnostics, int Generated, int Refused) Check(UserProgram program)
    {
        CSharpParseOptions parse = new(program.Version);
        SyntaxTree[] trees = program.Files.Select((text, i) => CSharpSyntaxTree.ParseText(text, parse, path: $"User{i}.cs")).ToArray();
        CSharpCompilation compilation = CSharpCompilation.Create("UserAssembly", trees, GeneratorHarness.MetadataReferences,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true,
                nullableContextOptions: program.Nullable ? NullableContextOptions.Enable : NullableContextOptions.Disable));
        Diagnostic[] wrongProgram = compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error && !ForTheGeneratorToResolve(d, program.Version)).ToArray();
        Assert.True(wrongProgram.Length == 0, "The test wrote a program that is wrong whatever the generator does:\n" + Lines(wrongProgram));

        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new ModelGenerator().AsSourceGenerator() }, parseOptions: parse)
            .RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        GeneratorDriverRunResult result = driver.GetRunResult();
        Assert.Null(result.Results.Single().Exception);
        ImmutableArray<Diagnostic> compiled = output.GetDiagnostics();
        Diagnostic[] failures = generatorDiagnostics.Concat(compiled).Where(d => d.Id is "CMP999" or "CS8784" or "CS8785").ToArray();
        Assert.True(failures.Length == 0, "The generator failed:\n" + Lines(failures));

        HashSet<SyntaxTree> generated = result.GeneratedTrees.ToHashSet();
        Diagnostic[] inGenerated = compiled.Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Location.SourceTree is { } tree && generated.Contains(tree)).ToArray();
        Assert.True(inGenerated.Length == 0, "Diagnostics inside generated code:\n" + Lines(inGenerated) + Generated(result, inGenerated));

        Diagnostic[] refusals = generatorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("CMP", StringComparison.Ordinal)).ToArray();
        Diagnostic[] nowhere = refusals.Where(d => d.Location.Kind == LocationKind.None).ToArray();
        Assert.True(nowhere.Length == 0, "CMP errors without a location in the user's code:\n" + Lines(nowhere));

        // A model is all its partial declarations: a CMP error on any of them (a layer attribute on another part) refuses it.
        INamedTypeSymbol[] models = trees.SelectMany(t => t.GetRoot().DescendantNodes().OfType<TypeDeclarationSyntax>())
            .Where(d => d.AttributeLists.SelectMany(l => l.Attributes).Any(a => Regex.IsMatch(a.Name.ToString(), @"(^|\.)(Sequential|Functional)(Attribute)?$")))
            .Select(d => output.GetSemanticModel(d.SyntaxTree).GetDeclaredSymbol(d)!)
            .Distinct<INamedTypeSymbol>(SymbolEqualityComparer.Default).ToArray();
        TypeDeclarationSyntax[] Declarations(INamedTypeSymbol model) => model.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<TypeDeclarationSyntax>().ToArray();
        bool Refused(INamedTypeSymbol model) => refusals.Any(d => Declarations(model).Any(part => Inside(part, d)));
        foreach (INamedTypeSymbol model in models.Where(m => !Refused(m)))
        {
            bool isModel = false;
            for (INamedTypeSymbol? type = model.BaseType; type is not null; type = type.BaseType)
                isModel |= type.ToDisplayString() == "Compiled.Model";
            Assert.True(isModel, $"Model '{model.Name}' was neither generated nor refused with a CMP error; the generator said:\n{Lines(generatorDiagnostics)}");
        }

        Diagnostic[] unexplained = compiled
            .Where(d => d.Severity == DiagnosticSeverity.Error && !(d.Location.SourceTree is { } tree && generated.Contains(tree)))
            .Where(d => !models.Any(m => Refused(m) && Declarations(m).Any(part => Inside(part, d)))).ToArray();
        Assert.True(unexplained.Length == 0, "Errors in the user's code outside any model the generator refused:\n" + Lines(unexplained) + "\nThe generator said:\n" + Lines(generatorDiagnostics));
        return (generatorDiagnostics, models.Count(m => !Refused(m)), models.Count(Refused));
    }

    /// <summary>Whether <paramref name="diagnostic"/> lies in <paramref name="model"/>'s declaration, its attributes included (the generator's locations name the file by path).</summary>
    private static bool Inside(TypeDeclarationSyntax model, Diagnostic diagnostic)
        => diagnostic.Location.GetLineSpan().Path == model.SyntaxTree.FilePath && model.FullSpan.Contains(diagnostic.Location.SourceSpan);

    private static string Lines(IEnumerable<Diagnostic> diagnostics) => string.Join("\n", diagnostics.Select(d => d.ToString()));

    private static string Generated(GeneratorDriverRunResult result, Diagnostic[] diagnostics)
        => string.Concat(result.GeneratedTrees.Where(t => diagnostics.Any(d => d.Location.SourceTree == t))
            .Select(t => $"\n---- {Path.GetFileName(t.FilePath)} ----\n{t.GetText()}"));

    /// <summary>What a model declaration holds: its attributes and its body.</summary>
    private sealed record ModelBody(bool IsFunctional, string Attributes, string Members)
    {
        /// <summary>A functional model's nodes, its input first, before <see cref="RenderFunctional"/> writes them.</summary>
        public (string Attribute, string Name, string Access, string Declaration)[] Nodes { get; init; } = [];

        /// <summary>A functional model's Name argument, or empty.</summary>
        public string ModelName { get; init; } = "";

        /// <summary>Which node is a functional model's output, counted from the last.</summary>
        public int OutputFromEnd { get; init; }
    }

    /// <summary>A containing type's header; protected members are refused inside a static class.</summary>
    private sealed record Container(string Header, bool AllowsProtected);

    /// <summary>A model class: where it is declared, its modifiers and keyword, its name and its body.</summary>
    private sealed record ModelDeclaration(string Namespace, bool FileScoped, string? Container, string Header, string Name, ModelBody Body)
    {
        /// <summary>Another part of the class, declared in a file of its own; null when the class is declared once.</summary>
        public string? SecondPart { get; init; }
    }

    /// <summary>The files of one program, and how it is compiled.</summary>
    public sealed record UserProgram(LanguageVersion Version, bool Nullable, string[] Files)
    {
        /// <inheritdoc/>
        public override string ToString()
            => $"// C# {Version.ToDisplayString()}, nullable {(Nullable ? "enable" : "disable")}\n" + string.Join("// ---- next file ----\n", Files);
    }
}
