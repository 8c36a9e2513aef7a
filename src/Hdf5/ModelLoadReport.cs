namespace Compiled.Hdf5;

/// <summary>
/// What <c>Model.Load</c> restored from a file beyond the weights, which always load. Keras's <c>load_model</c>
/// logs a warning and goes on when it cannot compile a saved model; this report is where that warning goes.
/// </summary>
/// <param name="KerasVersion">The file's <c>keras_version</c>, or null when it has none.</param>
/// <param name="Backend">The file's <c>backend</c>, or null when it has none.</param>
/// <param name="IsCompiled">Whether the model was compiled from the file's <c>training_config</c>.</param>
/// <param name="TrainingConfigIgnored">
/// Why the file's <c>training_config</c> was not used (an optimizer, loss or metric this library does not have),
/// or null when it was used or the file has none.
/// </param>
/// <param name="OptimizerStateRestored">Whether the optimizer's iteration count and momentum came from the file's <c>optimizer_weights</c>.</param>
public sealed record ModelLoadReport(
    string? KerasVersion,
    string? Backend,
    bool IsCompiled,
    string? TrainingConfigIgnored,
    bool OptimizerStateRestored);
