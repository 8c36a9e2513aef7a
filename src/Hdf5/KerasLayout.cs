namespace Compiled.Hdf5;

/// <summary>The names and values of Keras 2's HDF5 layout (<c>saving/legacy/hdf5_format.py</c>) that writer and reader share.</summary>
internal static class KerasLayout
{
    /// <summary>
    /// The Keras version the files claim. Keras reads it to decide whether weights need converting from
    /// Keras 1's layouts; 2.4.0 is the tf.keras release whose layout (configs, <c>optimizer_weights</c> names)
    /// these files follow.
    /// </summary>
    public const string KerasVersion = "2.4.0";

    /// <summary>The backend the files claim; Keras 2 files from TensorFlow say this.</summary>
    public const string Backend = "tensorflow";

    public const string KerasVersionAttribute = "keras_version";
    public const string BackendAttribute = "backend";
    public const string ModelConfigAttribute = "model_config";
    public const string TrainingConfigAttribute = "training_config";
    public const string LayerNamesAttribute = "layer_names";
    public const string WeightNamesAttribute = "weight_names";
    public const string ModelWeightsGroup = "model_weights";
    public const string OptimizerWeightsGroup = "optimizer_weights";

    /// <summary>
    /// The optimizer's iteration counter in tf.keras 2.4's <c>optimizer_weights</c>, below the optimizer's name:
    /// <c>SGD/iter:0</c>; its slots follow as <c>SGD/dense/kernel/momentum:0</c>.
    /// </summary>
    public const string IterationsName = "iter:0";
}
