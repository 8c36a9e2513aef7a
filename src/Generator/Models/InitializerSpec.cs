namespace Compiled.Generator.Models;

/// <summary>
/// How a weight gets its starting values.
/// </summary>
/// <param name="Description">What the summary and comments call it: a Keras name (<c>glorot_uniform</c>) or the member's name.</param>
/// <param name="Expression">C# that yields the <c>Compiled.Initializer</c> from inside the model class.</param>
internal sealed record InitializerSpec(string Description, string Expression);
