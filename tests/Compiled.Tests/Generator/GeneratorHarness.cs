using System.Collections.Immutable;
using Compiled.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Compiled.Tests.Generator;

/// <summary>Compiles source text against the runtime and runs the generator on it, as a user's build would.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        string trusted = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        return trusted.Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "mscorlib.dll" or "netstandard.dll")
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .Append(MetadataReference.CreateFromFile(typeof(Compiled.Model).Assembly.Location))
            .ToImmutableArray();
    });

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Preview);

    /// <summary>The framework's assemblies and Compiled's runtime, as a user's project references them.</summary>
    public static ImmutableArray<MetadataReference> MetadataReferences => References.Value;

    public static CSharpCompilation Compile(params string[] sources)
        => CSharpCompilation.Create(
            "UserAssembly",
            sources.Select((text, i) => CSharpSyntaxTree.ParseText(text, ParseOptions, path: $"Model{i}.cs")),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver()
        => CSharpGeneratorDriver.Create(
            new[] { new ModelGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator; returns its diagnostics, its sources and the diagnostics of compiling the result.</summary>
    public static GeneratorRun Run(params string[] sources)
    {
        CSharpCompilation compilation = Compile(sources);
        GeneratorDriver driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        GeneratorDriverRunResult result = driver.GetRunResult();
        return new GeneratorRun(
            generatorDiagnostics,
            result.Results.SelectMany(r => r.GeneratedSources).ToImmutableArray(),
            output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray(),
            result.Results.Select(r => r.Exception).FirstOrDefault(e => e is not null));
    }
}

/// <summary>Builds generated models into an assembly of their own and loads it, to run what the generator wrote.</summary>
internal static class GeneratedAssembly
{
    /// <summary>
    /// Compiles <paramref name="source"/> with the generator and loads the result into a collectible context
    /// (its references to Compiled resolve to the test's own copy); fails with the errors when it does not build.
    /// </summary>
    public static System.Reflection.Assembly Load(string source)
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(source);
        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        Diagnostic[] errors = generatorDiagnostics.Concat(output.GetDiagnostics()).Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        if (errors.Length > 0)
            throw new InvalidOperationException($"Generated code does not build:\n{string.Join("\n", errors.Select(e => e.ToString()))}\n{source}");
        using MemoryStream image = new();
        Microsoft.CodeAnalysis.Emit.EmitResult emitted = output.Emit(image);
        if (!emitted.Success)
            throw new InvalidOperationException("Emit failed:\n" + string.Join("\n", emitted.Diagnostics));
        image.Position = 0;
        return new System.Runtime.Loader.AssemblyLoadContext("generated-" + Guid.NewGuid().ToString("N"), isCollectible: true).LoadFromStream(image);
    }
}

internal sealed record GeneratorRun(
    ImmutableArray<Diagnostic> Diagnostics,
    ImmutableArray<GeneratedSourceResult> Sources,
    ImmutableArray<Diagnostic> CompilationErrors,
    Exception? Exception);
