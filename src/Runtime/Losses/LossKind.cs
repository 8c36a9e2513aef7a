using System.Text.Json;

namespace Compiled;

/// <summary>
/// What a loss declares about itself for Keras's names and files: its name (also <see cref="Loss.Name"/>) and the
/// aliases <c>compile</c> accepts for it, its Keras class as a serialized loss names it, and how to make it with its
/// defaults or from a serialized loss's <c>config</c>.
/// </summary>
/// <param name="Name">Keras's function name: <c>binary_crossentropy</c>, <c>huber</c>, …</param>
/// <param name="Aliases">Other names Keras accepts for it: <c>bce</c>, <c>huber_loss</c>, …</param>
/// <param name="KerasClass">Keras's class name: <c>BinaryCrossentropy</c>, <c>Huber</c>, …</param>
/// <param name="WithDefaults">The loss with Keras's defaults, for <c>loss='huber'</c>.</param>
/// <param name="FromConfig">The loss a serialized loss's <c>config</c> describes.</param>
internal sealed record LossKind(string Name, string[] Aliases, string KerasClass, Loss WithDefaults, Func<JsonElement, Loss> FromConfig)
{
    /// <summary>A loss without options: the same loss whatever its config says.</summary>
    public static LossKind Plain(Loss loss, params string[] aliases)
        => new(loss.Name, aliases, loss.KerasClass, loss, _ => loss);
}
