using System;
using System.Linq;
using Compiled.Generator.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compiled.Generator;

/// <summary>
/// Turns every <c>[Sequential]</c> partial class into a compiled network: the parser reads the attributes
/// into a <see cref="ModelSpec"/> (or diagnostics), the emitter writes the class from that model alone.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class ModelGenerator : IIncrementalGenerator
{
    internal const string SequentialAttributeName = "Compiled.SequentialAttribute";
    internal const string FunctionalAttributeName = "Compiled.FunctionalAttribute";
    internal const string KerasHdf5TypeName = "Compiled.Hdf5.KerasHdf5";
    internal const string KerasHdf5AssemblyName = "Compiled.Hdf5";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<ParseResult> sequential = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                SequentialAttributeName,
                static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                static (attributeContext, cancellationToken) => Parser.Parse(attributeContext, cancellationToken))
            .WithTrackingName(TrackingNames.Parse);
        IncrementalValuesProvider<ParseResult> functional = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                FunctionalAttributeName,
                static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                static (attributeContext, cancellationToken) => Parser.ParseFunctional(attributeContext, cancellationToken))
            .WithTrackingName(TrackingNames.Parse);
        // Whether the Keras HDF5 package is referenced decides whether models get a static Load. Read from the
        // references rather than the compilation, which changes on every keystroke: references change only when
        // the project's do, so an edit to any source file leaves this step cached.
        IncrementalValueProvider<ProjectReferences> references = context.MetadataReferencesProvider
            .Where(static reference => IsKerasHdf5Assembly(reference))
            .Collect()
            .Select(static (kerasHdf5, _) => new ProjectReferences(CanLoadKerasFiles: !kerasHdf5.IsEmpty))
            .WithTrackingName(TrackingNames.KerasFiles);
        RegisterOutputs(context, sequential, references);
        RegisterOutputs(context, functional, references);

        // Layer attributes on a type without a model attribute would otherwise do nothing at all, silently.
        foreach (string layerAttribute in Layers.LayerKinds.All.Select(k => k.AttributeName))
        {
            IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> orphans = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    layerAttribute,
                    static (node, _) => node is TypeDeclarationSyntax or PropertyDeclarationSyntax,
                    static (attributeContext, cancellationToken) => Parser.FindOrphanLayers(attributeContext, cancellationToken))
                .WithTrackingName(TrackingNames.OrphanLayers);
            context.RegisterSourceOutput(orphans, static (output, list) =>
            {
                foreach (DiagnosticInfo diagnostic in list) output.ReportDiagnostic(diagnostic.ToDiagnostic());
            });
        }
    }

    /// <summary>
    /// Whether <paramref name="reference"/> is the Compiled.Hdf5 assembly: a project reference inside an IDE
    /// arrives as the referenced project's compilation, a build's reference as a file (package or project output,
    /// whose name is the assembly's), and an in-memory image is asked its assembly name.
    /// </summary>
    private static bool IsKerasHdf5Assembly(MetadataReference reference)
    {
        try
        {
            return reference switch
            {
                CompilationReference project => project.Compilation.AssemblyName == KerasHdf5AssemblyName,
                PortableExecutableReference { FilePath: { } path } => string.Equals(System.IO.Path.GetFileName(path), KerasHdf5AssemblyName + ".dll", StringComparison.OrdinalIgnoreCase),
                PortableExecutableReference image => image.GetMetadata() is AssemblyMetadata assembly && assembly.GetModules() is { Length: > 0 } modules
                    && modules[0].GetMetadataReader() is var reader && reader.IsAssembly
                    && reader.GetString(reader.GetAssemblyDefinition().Name) == KerasHdf5AssemblyName,
                _ => false,
            };
        }
        catch (Exception exception) when (exception is BadImageFormatException or System.IO.IOException or InvalidOperationException)
        {
            // An unreadable reference is the compiler's to report; it is not Compiled.Hdf5.
            return false;
        }
    }

    private static void RegisterOutputs(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<ParseResult> results,
        IncrementalValueProvider<ProjectReferences> references)
    {
        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics = results
            .Select(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (output, list) =>
        {
            foreach (DiagnosticInfo diagnostic in list) output.ReportDiagnostic(diagnostic.ToDiagnostic());
        });

        IncrementalValuesProvider<PlaceholderSpec> placeholders = results
            .Where(static result => result.Placeholder is not null)
            .Select(static (result, _) => result.Placeholder!)
            .WithTrackingName(TrackingNames.Placeholders);
        context.RegisterSourceOutput(placeholders, static (output, placeholder) =>
        {
            string hint = Emit.HintName.For(placeholder.Namespace, placeholder.TypePath ?? placeholder.ClassName);
            output.AddSource(hint, Emitter.EmitPlaceholder(placeholder));
        });

        IncrementalValuesProvider<ModelSpec> models = results
            .Where(static result => result.Model is not null)
            .Select(static (result, _) => result.Model!)
            .WithTrackingName(TrackingNames.Models);
        context.RegisterSourceOutput(models.Combine(references), static (output, pair) =>
        {
            (ModelSpec model, ProjectReferences references) = pair;
            string hint = Emit.HintName.For(model.Namespace, model.ClassName);
            try
            {
                output.AddSource(hint, Emitter.Emit(model, references.CanLoadKerasFiles));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                output.ReportDiagnostic(Diagnostic.Create(Diagnostics.DiagnosticDescriptors.InternalError, null, model.ClassName, exception.Message));
            }
        });
    }
}
