using System.Diagnostics.CodeAnalysis;

namespace Compiled.Hdf5;

/// <summary>
/// Keras's <c>ModelCheckpoint(filepath, monitor='val_loss', verbose=0, save_best_only=False,
/// save_weights_only=False, mode='auto')</c> with <c>save_freq='epoch'</c>: saves the model in Keras's HDF5 format at
/// the end of every epoch, or only when the monitored value improved on the best so far.
/// <code>
/// model.Fit(x, y, epochs: 20, validationData: (xVal, yVal),
///     callbacks: [new ModelCheckpoint("weights.{epoch:02d}-{val_loss:.2f}.h5", saveBestOnly: true)]);
/// </code>
/// <para>
/// The file name is <c>filepath</c> formatted as Python's <c>str.format(epoch=epoch + 1, **logs)</c>
/// does: <c>{epoch:02d}</c> is the epoch counted from 1, <c>{val_loss:.2f}</c> any logged value with Python's format
/// spec. Missing directories are created. Each save replaces its file only once the new file is complete (as
/// <see cref="KerasHdf5"/>'s <c>Save</c> does), so a save that fails (a full disk) leaves the previous checkpoint
/// intact, and the exception ends <c>Fit</c>, as in Keras.
/// </para>
/// <para>
/// It lives in Compiled.Hdf5 rather than beside the other callbacks because it writes HDF5 files: the core runtime
/// stays free of PureHDF (and NativeAOT-clean), and the callback calls <c>Save</c>/<c>SaveWeights</c> directly
/// rather than through a delegate the caller would have to wire up.
/// </para>
/// </summary>
public sealed class ModelCheckpoint : Callback
{
    private const string NotAotCompatible = "ModelCheckpoint saves with Compiled.Hdf5, which uses PureHDF's reflection-built serializers; use it in a JIT-compiled program.";

    private readonly bool _max;
    private readonly TextWriter? _output;

    /// <param name="filepath">Where to save, with Python <c>str.format</c> fields: <c>epoch</c> and the logged names.</param>
    /// <param name="monitor">The logged value <paramref name="saveBestOnly"/> compares.</param>
    /// <param name="verbose">0 silent; 1 one line per epoch saying what was saved, as Keras prints it.</param>
    /// <param name="saveBestOnly">Whether to save only when <paramref name="monitor"/> improved on the best so far.</param>
    /// <param name="saveWeightsOnly">Whether to save the weights alone (Keras's <c>save_weights</c>) rather than the whole model (<c>save</c>).</param>
    /// <param name="mode">Whether lower or higher is better; <see cref="MonitorMode.Auto"/> means higher when the name contains <c>acc</c> or starts with <c>fmeasure</c> (Keras's rule for this callback).</param>
    /// <param name="output">Where verbose messages go; the console by default.</param>
    [RequiresDynamicCode(NotAotCompatible)]
    [RequiresUnreferencedCode(NotAotCompatible)]
    public ModelCheckpoint(string filepath, string monitor = "val_loss", int verbose = 0, bool saveBestOnly = false, bool saveWeightsOnly = false, MonitorMode mode = MonitorMode.Auto, TextWriter? output = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(filepath);
        ArgumentException.ThrowIfNullOrEmpty(monitor);
        if (verbose is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(verbose), verbose, $"verbose must be 0 or 1; got {verbose}.");
        (Filepath, Monitor, Verbose, SaveBestOnly, SaveWeightsOnly, Mode, _output) = (filepath, monitor, verbose, saveBestOnly, saveWeightsOnly, mode, output);
        _max = Compiled.Monitor.IsMax(mode, monitor.Contains("acc", StringComparison.Ordinal) || monitor.StartsWith("fmeasure", StringComparison.Ordinal));
        Best = _max ? double.NegativeInfinity : double.PositiveInfinity;
    }

    /// <summary>Keras's <c>filepath</c>, before formatting.</summary>
    public string Filepath { get; }

    /// <summary>Keras's <c>monitor</c>.</summary>
    public string Monitor { get; }

    /// <summary>Keras's <c>verbose</c>.</summary>
    public int Verbose { get; }

    /// <summary>Keras's <c>save_best_only</c>.</summary>
    public bool SaveBestOnly { get; }

    /// <summary>Keras's <c>save_weights_only</c>.</summary>
    public bool SaveWeightsOnly { get; }

    /// <summary>Keras's <c>mode</c>.</summary>
    public MonitorMode Mode { get; }

    /// <summary>
    /// The best monitored value saved so far, Keras's <c>best</c>. Like Keras's, it is set once, when the callback is
    /// made, and carries over from one <c>Fit</c> to the next.
    /// </summary>
    public double Best { get; private set; }

    /// <summary>The file written by the last save; null before the first.</summary>
    public string? LastSavedPath { get; private set; }

    /// <summary>The file name for <paramref name="epoch"/> (from 0) and its logs, as Keras's <c>_get_file_path</c> formats it.</summary>
    /// <exception cref="FormatException"><see cref="Filepath"/> names a field the logs do not have, or formats one in a way Python would refuse.</exception>
    public string FilePathFor(int epoch, Logs logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        try
        {
            return PythonFormat.Format(Filepath, name => name == "epoch" ? epoch + 1 : logs.TryGetValue(name, out double value) ? value : null);
        }
        catch (Exception e) when (e is KeyNotFoundException or FormatException)
        {
            throw new FormatException($"Failed to format this callback filepath: \"{Filepath}\". Reason: {e.Message} The logs have epoch, {logs.Describe()}.", e);
        }
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, Logs logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        Model model = RequireModel();
        string path = FilePathFor(epoch, logs);
        TextWriter output = _output ?? Console.Out;
        if (SaveBestOnly)
        {
            double current = Compiled.Monitor.Value(logs, Monitor, nameof(ModelCheckpoint));
            if (!(_max ? current > Best : current < Best))
            {
                if (Verbose > 0) output.WriteLine($"\nEpoch {epoch + 1}: {Monitor} did not improve from {PythonFormat.Fixed(Best, 5)}");
                return;
            }
            if (Verbose > 0) output.WriteLine($"\nEpoch {epoch + 1}: {Monitor} improved from {PythonFormat.Fixed(Best, 5)} to {PythonFormat.Fixed(current, 5)}, saving model to {path}");
            Save(model, path);
            Best = current;
            return;
        }
        if (Verbose > 0) output.WriteLine($"\nEpoch {epoch + 1}: saving model to {path}");
        Save(model, path);
    }

    // The constructor carries the NativeAOT warning to the caller; the override cannot (its base has none).
#pragma warning disable IL2026, IL3050
    private void Save(Model model, string path)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        if (Directory.Exists(path))
            throw new IOException($"Please specify a non-directory filepath for ModelCheckpoint. Filepath used is an existing directory: {path}");
        if (SaveWeightsOnly) model.SaveWeights(path);
        else model.Save(path);
        LastSavedPath = path;
    }
#pragma warning restore IL2026, IL3050
}
