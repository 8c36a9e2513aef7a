using Compiled.Generator.Models;

namespace Compiled.Generator.Layers;

/// <summary>The activation functions' names and kernels, shared by the layers that apply one.</summary>
internal static class ActivationCode
{
    /// <summary>Keras's name: <c>linear</c>, <c>relu</c>, <c>sigmoid</c>, <c>tanh</c>, <c>softmax</c>, <c>hard_sigmoid</c>.</summary>
    public static string Name(ActivationKind function) => function == ActivationKind.HardSigmoid ? "hard_sigmoid" : function.ToString().ToLowerInvariant();

    /// <summary>The kernel class in <c>Compiled.Kernels</c> that applies it.</summary>
    public static string KernelClass(ActivationKind function) => function switch
    {
        ActivationKind.Relu => "Relu",
        ActivationKind.Sigmoid => "Sigmoid",
        ActivationKind.Tanh => "Tanh",
        ActivationKind.Softmax => "Softmax",
        ActivationKind.HardSigmoid => "HardSigmoid",
        _ => "Linear",
    };
}
