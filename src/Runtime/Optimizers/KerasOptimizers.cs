using System.Text.Json;

namespace Compiled;

/// <summary>The optimizers Keras names, each as it declares itself (<see cref="OptimizerKind"/>): string names for <c>compile</c>, class names for files.</summary>
internal static class KerasOptimizers
{
    /// <summary>Every optimizer, in the order Keras's documentation lists them.</summary>
    public static IReadOnlyList<OptimizerKind> All { get; } = [SGD.Kind, RMSprop.Kind, Adam.Kind, Adadelta.Kind, Adagrad.Kind, Adamax.Kind, Nadam.Kind];

    /// <summary>The string names, for messages: <c>'sgd', 'rmsprop', …</c></summary>
    public static string StringNames => string.Join(", ", All.Select(k => $"'{k.StringName}'"));

    /// <summary>The class names, for messages: <c>SGD, RMSprop, …</c></summary>
    public static string ClassNames => string.Join(", ", All.Select(k => k.KerasClass));

    /// <summary>
    /// The optimizer of a Keras string name or class name, matched without regard to case as Keras's
    /// <c>optimizers.get</c> does (<c>'adam'</c>, <c>'Adam'</c>); null for one Compiled lacks.
    /// </summary>
    public static OptimizerKind? Find(string name)
        => All.FirstOrDefault(k => string.Equals(k.StringName, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The optimizer a file's <c>optimizer_config</c> describes, or null when Compiled lacks its class.</summary>
    /// <exception cref="FormatException">A setting of the wrong JSON type.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting out of the optimizer's range.</exception>
    public static Optimizer? FromKerasConfig(string kerasClass, JsonElement settings)
        => All.FirstOrDefault(k => k.KerasClass == kerasClass)?.FromSettings(new KerasOptimizerSettings(settings));
}
