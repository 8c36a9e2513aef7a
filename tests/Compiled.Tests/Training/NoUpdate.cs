namespace Compiled.Tests.Training;

/// <summary>An optimizer that leaves parameters alone, so a test can read the gradients of the parameters it set.</summary>
internal sealed class NoUpdate : Optimizer
{
    public override string Name => "NoUpdate";

    public override void Apply(Span<float> parameters, ReadOnlySpan<float> gradients) => Iterations++;
}
