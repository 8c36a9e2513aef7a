namespace Compiled.Generator.Models;

/// <summary>One regularizer or constraint of a layer, read from its attribute.</summary>
/// <param name="Argument">Keras's argument: <c>kernel_regularizer</c>, <c>recurrent_constraint</c>, <c>embeddings_regularizer</c>.</param>
/// <param name="Expression">The C# expression that builds it at run time: <c>global::Compiled.Regularizer.L2Only(0.01f)</c>.</param>
internal sealed record WeightRuleSpec(string Argument, string Expression)
{
    /// <summary>Whether it is a regularizer (else a constraint).</summary>
    public bool IsRegularizer => Argument.EndsWith("_regularizer");
}
