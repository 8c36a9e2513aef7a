namespace Compiled.Tests.Generator;

/// <summary>Whatever the source holds, the generator reports or generates; it never throws, and never emits code that fails to compile.</summary>
public class RobustnessTests
{
    [Theory]
    [InlineData("[Sequential(Input = 4)] [Dense] public partial class MissingUnits;")]
    [InlineData("[Sequential(Input = \"four\")] [Dense(3)] public partial class WrongInputType;")]
    [InlineData("[Sequential(InputShape = null)] [Dense(3)] public partial class NullShape;")]
    [InlineData("[Sequential(InputShape = new int[0])] [Dense(3)] public partial class EmptyShape;")]
    [InlineData("[Sequential(Input = 4)] [Dense(3, Activation = Activation.Nope)] public partial class MissingEnumMember;")]
    [InlineData("[Sequential(Input = 4)] [Dense(3, KernelInitializer = null)] public partial class NullInitializer;")]
    [InlineData("[Sequential(Input = 4)] [Dense(3, Name = null)] public partial class NullName;")]
    [InlineData("[Sequential(Input = 4)] [Dense(3)] [Dense(3)] [Dense(3)] [Softmax] [Softmax] [ReLU] [ReLU] public partial class Deep;")]
    [InlineData("[Sequential(Input = 4)] [Dense(3)] public partial class Unclosed {")]
    [InlineData("[Sequential(Input = 4)] [Dense(3)] [UnknownLayer] public partial class UnknownAttribute;")]
    [InlineData("[Sequential(Input = 4)] [Dense(3)] public partial class Twice; [Sequential(Input = 5)] public partial class Twice;")]
    [InlineData("[Sequential(Input = 4)] [Softmax] public partial class OnlySoftmax;")]
    [InlineData("[Sequential(Input = 4)] [ReLU] [Dense(2)] public partial class ActivationFirst;")]
    [InlineData("[Sequential(Input = 1)] [Dense(1, Name = \"a_b_c\")] [Dense(1, Name = \"abC\")] public partial class SameMemberName;")]
    [InlineData("[Sequential(Input = 4)] [Dense(3, Name = \"é\")] public partial class NonAsciiName;")]
    [InlineData("[Sequential(Input = 4)] [Dense(3, Name = \"dense_\")] [Dense(3, Name = \"dense\")] public partial class TrailingUnderscore;")]
    [InlineData("[Sequential(Input = 4)] [Embedding(10)] public partial class MissingOutputDim;")]
    [InlineData("[Sequential(Input = 4)] [Embedding(10, 3, EmbeddingsInitializer = null)] public partial class NullEmbeddingsInitializer;")]
    [InlineData("[Sequential(Input = 4)] [Embedding(10, 3, MaskZero = true)] [Dense] public partial class MaskIntoBrokenLayer;")]
    [InlineData("[Sequential(Input = 4)] [RepeatVector] [RepeatVector(2)] public partial class MissingRepeats;")]
    public void Never_throws_and_never_emits_broken_code_silently(string source)
    {
        GeneratorRun run = GeneratorHarness.Run("using Compiled;\n" + source);

        Assert.Null(run.Exception);
        bool reportedError = run.Diagnostics.Any(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        bool userCodeErrors = GeneratorHarness.Compile("using Compiled;\n" + source).GetDiagnostics().Any(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        // Errors after generation are fine only when the generator or the compiler (on the user's own code) already reported one.
        if (!run.CompilationErrors.IsEmpty)
            Assert.True(reportedError || userCodeErrors, string.Join("\n", run.CompilationErrors));
    }
}
