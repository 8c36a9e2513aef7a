namespace Compiled;

/// <summary>
/// What an optimizer declares about itself for Keras's names and files: its class name in a saved
/// <c>optimizer_config</c> (also its <see cref="Optimizer.Name"/>), the string <c>compile</c> accepts for it, and how to
/// make it with its defaults or from a file's settings.
/// </summary>
/// <param name="KerasClass">Keras's class name: <c>Adam</c>, <c>RMSprop</c>, …</param>
/// <param name="StringName">Keras's string identifier: <c>adam</c>, <c>rmsprop</c>, …</param>
/// <param name="WithDefaults">The optimizer with Keras's defaults, for <c>optimizer='adam'</c>.</param>
/// <param name="FromSettings">The optimizer a file's <c>optimizer_config.config</c> describes.</param>
internal sealed record OptimizerKind(string KerasClass, string StringName, Func<Optimizer> WithDefaults, Func<KerasOptimizerSettings, Optimizer> FromSettings);
