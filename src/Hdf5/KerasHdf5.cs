using System.Diagnostics.CodeAnalysis;

namespace Compiled.Hdf5;

/// <summary>
/// Keras's <c>model.save('m.h5')</c>, <c>keras.models.load_model('m.h5')</c> and <c>model.load_weights('m.h5')</c>
/// for compiled models, in Keras 2's HDF5 layout: Keras loads what <c>Save</c> writes, and <c>Load</c> reads what
/// Keras saved when the file's network is the model class's.
/// <code>
/// model.Save("iris.h5");                          // Keras: model.save('iris.h5')
/// IrisNet copy = Model.Load&lt;IrisNet&gt;("iris.h5");   // Keras: keras.models.load_model('iris.h5')
/// other.LoadWeights("iris.h5");                   // Keras: model.load_weights('iris.h5')
/// </code>
/// </summary>
public static class KerasHdf5
{
    // PureHDF builds its HDF5 (de)serializers with MakeGenericMethod and Marshal.SizeOf(Type): under NativeAOT they
    // fail at run time. Saying so on each entry point turns that into a warning at the caller's build.
    private const string NotAotCompatible = "Compiled.Hdf5 reads and writes HDF5 with PureHDF, which builds its serializers by reflection and fails under NativeAOT; save and load models in a JIT-compiled program.";

    /// <param name="model">The model to save or load into.</param>
    extension(Model model)
    {
        /// <summary>
        /// Keras's <c>model.save(path)</c> in the HDF5 format: the architecture (<c>model_config</c>), the weights
        /// (<c>model_weights</c>) and, once compiled, the loss, metrics and optimizer (<c>training_config</c>) with the
        /// optimizer's iteration count and slots (<c>optimizer_weights</c>), so a checkpoint resumes training exactly.
        /// The file is replaced only once the new one is complete: an error or crash during the save leaves the
        /// previous file as it was.
        /// </summary>
        /// <param name="path">The file to write, conventionally <c>*.h5</c>.</param>
        /// <exception cref="NotSupportedException">The model is compiled with an optimizer Keras's training configuration cannot name (every optimizer Compiled has can be saved; one of the caller's own cannot), whose state this layout cannot hold.</exception>
        [RequiresDynamicCode(NotAotCompatible)]
        [RequiresUnreferencedCode(NotAotCompatible)]
        public void Save(string path)
        {
            ArgumentNullException.ThrowIfNull(model);
            ArgumentException.ThrowIfNullOrEmpty(path);
            if (KerasArchiveLayout.IsArchive(path))
            {
                // Built in full before the file system is touched: a model that cannot be described changes no file.
                byte[] archive = KerasArchive.Build(model);
                AtomicFile.Write(path, stream => stream.Write(archive));
                return;
            }
            // Built in full before the file system is touched: a model that cannot be described changes no file.
            KerasHdf5Document file = KerasFileWriter.Build(model);
            AtomicFile.Write(path, file.Write);
        }

        /// <summary>
        /// Keras's <c>model.save_weights(path)</c> in the HDF5 format: the weights alone, laid out as in a full save's
        /// <c>model_weights</c> but at the file's root, which <c>LoadWeights</c> and Keras's <c>load_weights</c> read.
        /// Replaced atomically as <c>Save</c> is: a failed save leaves the previous file as it was.
        /// </summary>
        /// <param name="path">The file to write, conventionally <c>*.weights.h5</c> or <c>*.h5</c>.</param>
        [RequiresDynamicCode(NotAotCompatible)]
        [RequiresUnreferencedCode(NotAotCompatible)]
        public void SaveWeights(string path)
        {
            ArgumentNullException.ThrowIfNull(model);
            ArgumentException.ThrowIfNullOrEmpty(path);
            KerasHdf5Document file = KerasFileWriter.BuildWeights(model);
            AtomicFile.Write(path, file.Write);
        }

        /// <summary>
        /// Keras's <c>model.load_weights(path)</c>: replaces the weights with a file's (one written by <c>Save</c>,
        /// Keras's <c>model.save</c> or <c>save_weights</c>), leaving the compiled loss, metrics and optimizer alone.
        /// The file's layers must be the model's (names, classes, widths, activations, weight shapes).
        /// </summary>
        /// <param name="path">The file to read.</param>
        /// <exception cref="ModelFileException">
        /// The file is not HDF5, is truncated or corrupted, or holds another network; the message names the first
        /// difference. The model is then unchanged.
        /// </exception>
        [RequiresDynamicCode(NotAotCompatible)]
        [RequiresUnreferencedCode(NotAotCompatible)]
        public void LoadWeights(string path)
        {
            ArgumentNullException.ThrowIfNull(model);
            ArgumentException.ThrowIfNullOrEmpty(path);
            ModelFileContents contents = Read(path, model, includeTraining: false);
            contents.CopyWeightsTo(model);
        }
    }

    extension(Model)
    {
        /// <summary>
        /// Keras's <c>keras.models.load_model(path)</c>: a new <typeparamref name="TModel"/> with the file's weights,
        /// compiled from its <c>training_config</c> (loss, metrics, optimizer) with the optimizer's saved state (iterations and slots) when it has
        /// one. A training configuration this library cannot use (such as RMSprop) is ignored, as Keras goes on with
        /// a warning when it cannot compile; the overload with a <see cref="ModelLoadReport"/> says why.
        /// </summary>
        /// <typeparam name="TModel">The compiled model class whose network the file holds.</typeparam>
        /// <param name="path">The file to read.</param>
        /// <exception cref="ModelFileException">The file is not HDF5, is truncated or corrupted, or holds another network; the message names the first difference.</exception>
        [RequiresDynamicCode(NotAotCompatible)]
        [RequiresUnreferencedCode(NotAotCompatible)]
        public static TModel Load<TModel>(string path) where TModel : Model, new()
            => Model.Load<TModel>(path, out _);

        /// <summary>Loads as <see cref="Load{TModel}(string)"/> does, and reports what beyond the weights was restored.</summary>
        /// <typeparam name="TModel">The compiled model class whose network the file holds.</typeparam>
        /// <param name="path">The file to read.</param>
        /// <param name="report">The file's Keras version and backend, whether the model was compiled from it and, if not, why, and whether the optimizer's state was restored.</param>
        /// <exception cref="ModelFileException">The file is not HDF5, is truncated or corrupted, or holds another network; the message names the first difference.</exception>
        [RequiresDynamicCode(NotAotCompatible)]
        [RequiresUnreferencedCode(NotAotCompatible)]
        public static TModel Load<TModel>(string path, out ModelLoadReport report) where TModel : Model, new()
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            TModel model = new();
            ModelFileContents contents = Read(path, model, includeTraining: true);
            contents.CopyWeightsTo(model);
            if (contents.Training is TrainingConfig training)
            {
                Optimizer optimizer = training.CreateOptimizer();
                if (contents.Iterations is long iterations) optimizer.RestoreState(iterations, contents.Slots);
                model.Compile(training.Losses, optimizer, training.LossWeights, training.Metrics);
            }
            report = new ModelLoadReport(contents.KerasVersion, contents.Backend, contents.Training is not null, contents.TrainingIgnored, contents.Iterations is not null);
            return model;
        }
    }

    /// <summary>A <c>.keras</c> path is read as Keras 3's zip; any other as Keras 2's HDF5 file.</summary>
    [RequiresDynamicCode(NotAotCompatible)]
    [RequiresUnreferencedCode(NotAotCompatible)]
    private static ModelFileContents Read(string path, Model model, bool includeTraining)
        => KerasArchiveLayout.IsArchive(path) ? KerasArchive.Read(path, model, includeTraining) : KerasFileReader.Read(path, model, includeTraining);
}
