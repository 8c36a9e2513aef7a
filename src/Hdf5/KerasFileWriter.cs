using PureHDF;

namespace Compiled.Hdf5;

/// <summary>
/// Builds the HDF5 tree Keras's <c>model.save('m.h5')</c> writes: root attributes, <c>model_weights</c> with one
/// group per layer, and, once compiled, <c>training_config</c> and <c>optimizer_weights</c>.
/// </summary>
internal static class KerasFileWriter
{
    public static H5File Build(Model model)
    {
        H5File file = new();
        file.Attributes[KerasLayout.KerasVersionAttribute] = KerasLayout.KerasVersion;
        file.Attributes[KerasLayout.BackendAttribute] = KerasLayout.Backend;
        file.Attributes[KerasLayout.ModelConfigAttribute] = ModelConfig.ToJson(model);
        file[KerasLayout.ModelWeightsGroup] = ModelWeights(model);
        if (model.Loss is not null && model.Optimizer is not null)
        {
            file.Attributes[KerasLayout.TrainingConfigAttribute] = TrainingConfig.ToJson(model);
            file[KerasLayout.OptimizerWeightsGroup] = OptimizerWeights(model, (SGD)model.Optimizer);
        }
        return file;
    }

    /// <summary><c>/model_weights</c>: <c>layer_names</c>, and <c>&lt;layer&gt;/&lt;layer&gt;/kernel:0</c> and <c>bias:0</c> per Dense layer.</summary>
    private static H5Group ModelWeights(Model model)
    {
        H5Group weights = new();
        weights.Attributes[KerasLayout.LayerNamesAttribute] = model.Architecture.Select(l => l.Name).ToArray();
        weights.Attributes[KerasLayout.BackendAttribute] = KerasLayout.Backend;
        weights.Attributes[KerasLayout.KerasVersionAttribute] = KerasLayout.KerasVersion;
        ReadOnlySpan<float> parameters = model.Parameters;
        foreach (LayerInfo layer in model.Architecture)
        {
            IReadOnlyList<ModelVariable> variables = ModelVariable.Of(layer);
            H5Group group = new();
            // h5py stores Keras's empty name list, np.array([]), as a float64 array of shape (0,); Keras reads either.
            group.Attributes[KerasLayout.WeightNamesAttribute] = variables.Count == 0
                ? Array.Empty<double>()
                : variables.Select(v => v.WeightName).ToArray();
            H5Group tensors = new();
            foreach (ModelVariable variable in variables)
                tensors[variable.Variable + ":0"] = Tensor(parameters.Slice(variable.Offset, variable.Length), variable.Shape);
            if (variables.Count > 0) group[layer.Name] = tensors;
            weights[layer.Name] = group;
        }
        return weights;
    }

    /// <summary>
    /// <c>/optimizer_weights</c> as tf.keras 2.4 writes SGD's: <c>SGD/iter:0</c> (int64 scalar), then one
    /// <c>SGD/&lt;layer&gt;/&lt;variable&gt;/momentum:0</c> per variable, shaped like it, when there is momentum.
    /// </summary>
    private static H5Group OptimizerWeights(Model model, SGD sgd)
    {
        IReadOnlyList<ModelVariable> variables = sgd.Momentum > 0 ? ModelVariable.AllOf(model) : [];
        // Keras creates its momentum slots as zeros before the first update; so do we, rather than write none.
        ReadOnlySpan<float> velocity = sgd.Velocity.Length == model.Parameters.Length ? sgd.Velocity : new float[model.Parameters.Length];
        string prefix = TrainingConfig.OptimizerName;

        H5Group root = new();
        root.Attributes[KerasLayout.WeightNamesAttribute] = new[] { $"{prefix}/{KerasLayout.IterationsName}" }
            .Concat(variables.Select(v => v.MomentumSlotName(prefix))).ToArray();
        H5Group optimizer = new() { [KerasLayout.IterationsName] = new H5Dataset(sgd.Iterations) };
        foreach (ModelVariable variable in variables)
        {
            H5Group layer = optimizer.TryGetValue(variable.Layer.Name, out object? existing) ? (H5Group)existing : new H5Group();
            layer[variable.Variable] = new H5Group { [KerasLayout.MomentumSlot] = Tensor(velocity.Slice(variable.Offset, variable.Length), variable.Shape) };
            optimizer[variable.Layer.Name] = layer;
        }
        root[prefix] = optimizer;
        return root;
    }

    /// <summary>A float32 dataset of the given shape, contiguous and uncompressed as Keras writes weights.</summary>
    private static H5Dataset Tensor(ReadOnlySpan<float> values, int[] shape)
        => new(values.ToArray(), fileDims: shape.Select(d => (ulong)d).ToArray());
}
