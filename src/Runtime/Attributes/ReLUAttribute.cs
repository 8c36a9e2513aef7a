namespace Compiled;

/// <summary>Keras's <c>ReLU</c> layer: <c>f(x) = max(x, 0)</c>; output shape equals input shape.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ReLUAttribute : Attribute
{
    /// <summary>The layer's name; Keras's default is <c>re_lu</c>, <c>re_lu_1</c>, …</summary>
    public string? Name { get; set; }
}
