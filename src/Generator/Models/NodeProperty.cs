namespace Compiled.Generator.Models;

/// <summary>A functional model's node property, as the generator must repeat it to implement it.</summary>
/// <param name="Modifiers">The declaration's modifiers other than <c>partial</c>, in order: <c>public</c>, <c>internal</c>, or empty.</param>
/// <param name="IsWeights">Whether it is declared <c>DenseWeights</c> (else <c>LayerInfo</c>).</param>
internal sealed record NodeProperty(string Modifiers, bool IsWeights);
