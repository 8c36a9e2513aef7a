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

    /// <summary>A Dense layer's variables in Keras's order, with the <c>:0</c> TensorFlow gives each variable's first output.</summary>
    public const string Kernel = "kernel:0";
    public const string Bias = "bias:0";

    /// <summary>The SGD slot and counter names of tf.keras 2.4's <c>optimizer_weights</c>: <c>SGD/iter:0</c>, <c>SGD/dense/kernel/momentum:0</c>.</summary>
    public const string IterationsName = "iter:0";
    public const string MomentumSlot = "momentum:0";
}
