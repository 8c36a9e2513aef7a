using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Compiled.Tests.Generator;

/// <summary>
/// Models get a static <c>Load</c> when Compiled.Hdf5 is referenced, however the reference arrives: as a file
/// (a build), as the referenced project's compilation (an IDE's project reference), or as an in-memory image.
/// </summary>
public class KerasFilesDetectionTests
{
    private const string Model = """
        using Compiled;
        [Sequential(Input = 4)]
        [Dense(3)]
        public partial class Net;
        """;

    // Stands in for the package in the reference kinds that need a compilation or an image of their own.
    private const string StandIn = """
        namespace Compiled.Hdf5
        {
            public static class KerasHdf5
            {
                public static T Load<T>(string path) where T : Compiled.Model, new() => null!;
            }
        }
        """;

    [Theory]
    [InlineData("file")]
    [InlineData("project")]
    [InlineData("image")]
    [InlineData("none")]
    [InlineData("other assembly with the same types")]
    public void Load_is_generated_exactly_when_the_Compiled_Hdf5_assembly_is_referenced(string kind)
    {
        CSharpCompilation model = GeneratorHarness.Compile(Model);
        CSharpCompilation compilation = kind switch
        {
            "file" => model.AddReferences(MetadataReference.CreateFromFile(typeof(Compiled.Hdf5.KerasHdf5).Assembly.Location)),
            "project" => model.AddReferences(StandInCompilation("Compiled.Hdf5").ToMetadataReference()),
            "image" => model.AddReferences(Image(StandInCompilation("Compiled.Hdf5"))),
            "none" => model,
            _ => model.AddReferences(Image(StandInCompilation("Someone.Else"))),
        };
        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out var diagnostics);

        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        bool expected = kind is "file" or "project" or "image";
        Assert.Equal(expected, output.GetTypeByMetadataName("Net")!.GetMembers("Load").Length == 1);
    }

    private static CSharpCompilation StandInCompilation(string assemblyName)
        => CSharpCompilation.Create(assemblyName, [CSharpSyntaxTree.ParseText(StandIn)],
            GeneratorHarness.Compile().References, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    private static MetadataReference Image(CSharpCompilation compilation)
    {
        using MemoryStream image = new();
        Microsoft.CodeAnalysis.Emit.EmitResult emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return MetadataReference.CreateFromImage(image.ToArray());
    }
}
