namespace Compiled.Generator.Models;

/// <summary>Mirrors <c>Compiled.Activation</c> value for value; the generator cannot reference the runtime.</summary>
internal enum ActivationKind
{
    Linear = 0,
    Relu = 1,
    Sigmoid = 2,
    Tanh = 3,
    Softmax = 4,
    HardSigmoid = 5,
}
