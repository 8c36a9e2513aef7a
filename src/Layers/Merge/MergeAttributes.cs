namespace Compiled;

/// <summary>
/// What Keras's merge layers share: two or more inputs of one shape, combined element by element into
/// an output of that shape. Only in <see cref="FunctionalAttribute"/> models.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public abstract class MergeAttribute : Attribute
{
    /// <param name="inputs">The nodes merged, <c>nameof</c> their properties.</param>
    protected MergeAttribute(string[] inputs) => Inputs = inputs;

    /// <summary>The nodes merged.</summary>
    public string[] Inputs { get; }

    /// <summary>The layer's name; by default the property's name in snake case.</summary>
    public string? Name { get; set; }
}

/// <summary>Keras's <c>Add</c>: the element-wise sum of its inputs.</summary>
/// <param name="inputs">Two or more nodes of one shape.</param>
public sealed class AddAttribute(params string[] inputs) : MergeAttribute(inputs);

/// <summary>Keras's <c>Subtract</c>: the first input minus the second.</summary>
/// <param name="inputs">Exactly two nodes of one shape.</param>
public sealed class SubtractAttribute(params string[] inputs) : MergeAttribute(inputs);

/// <summary>Keras's <c>Multiply</c>: the element-wise product of its inputs.</summary>
/// <param name="inputs">Two or more nodes of one shape.</param>
public sealed class MultiplyAttribute(params string[] inputs) : MergeAttribute(inputs);

/// <summary>Keras's <c>Average</c>: the element-wise mean of its inputs.</summary>
/// <param name="inputs">Two or more nodes of one shape.</param>
public sealed class AverageAttribute(params string[] inputs) : MergeAttribute(inputs);

/// <summary>Keras's <c>Maximum</c>: the element-wise maximum of its inputs (on ties the gradient goes to the first).</summary>
/// <param name="inputs">Two or more nodes of one shape.</param>
public sealed class MaximumAttribute(params string[] inputs) : MergeAttribute(inputs);
