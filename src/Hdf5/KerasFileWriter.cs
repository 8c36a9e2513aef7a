using PureHDF;

namespace Compiled.Hdf5;

/// <summary>
/// Builds the HDF5 tree Keras's <c>model.save('m.h5')</c> writes: root attributes, <c>model_weights</c> with one
/// group per layer, and, once compiled, <c>training_config</c> and <c>optimizer_weights</c>.
/// </summary>
internal static class KerasFileWriter
{
    public static KerasHdf5Document Build(Model model)
    {
        H5File file = new();
        KerasStringAttributes strings = new();
        // tf.keras 2.4 sets the root's version and backend from Python str (h5py 2.x: UTF-8), the configurations
        // from json.dumps(...).encode('utf8') (bytes: ASCII).
        strings.Text(file, "/", KerasLayout.KerasVersionAttribute, KerasLayout.KerasVersion, utf8: true);
        strings.Text(file, "/", KerasLayout.BackendAttribute, KerasLayout.Backend, utf8: true);
        strings.Text(file, "/", KerasLayout.ModelConfigAttribute, ModelConfig.ToJson(model), utf8: false);
        H5Group weights = new();
        WriteModelWeights(weights, "/" + KerasLayout.ModelWeightsGroup, model, strings);
        file[KerasLayout.ModelWeightsGroup] = weights;
        if (model.Loss is not null && model.Optimizer is Optimizer optimizer)
        {
            strings.Text(file, "/", KerasLayout.TrainingConfigAttribute, TrainingConfig.ToJson(model), utf8: false);
            file[KerasLayout.OptimizerWeightsGroup] = OptimizerWeights(model, optimizer, strings);
        }
        return new KerasHdf5Document(file, strings);
    }

    /// <summary>
    /// The tree Keras's <c>model.save_weights('w.h5')</c> writes: <c>/model_weights</c>'s contents at the root, and
    /// nothing about the architecture or training.
    /// </summary>
    public static KerasHdf5Document BuildWeights(Model model)
    {
        H5File file = new();
        KerasStringAttributes strings = new();
        WriteModelWeights(file, "/", model, strings);
        return new KerasHdf5Document(file, strings);
    }

    /// <summary>
    /// <c>/model_weights</c>: <c>layer_names</c>, and per layer its <c>weight_names</c> and one dataset per variable,
    /// <c>&lt;layer&gt;/&lt;layer&gt;/&lt;variable&gt;:0</c> (<c>dense/dense/kernel:0</c>), in Keras's order.
    /// </summary>
    private static void WriteModelWeights(H5Group weights, string path, Model model, KerasStringAttributes strings)
    {
        IReadOnlyList<LayerInfo> layers = KerasLayerOrder.Of(model);
        strings.Names(weights, path, KerasLayout.LayerNamesAttribute, layers.Select(l => l.Name).ToArray());
        // save_weights_to_hdf5_group encodes these to bytes first: ASCII.
        strings.Text(weights, path, KerasLayout.BackendAttribute, KerasLayout.Backend, utf8: false);
        strings.Text(weights, path, KerasLayout.KerasVersionAttribute, KerasLayout.KerasVersion, utf8: false);
        foreach (LayerInfo layer in layers)
        {
            IReadOnlyList<ModelVariable> variables = ModelVariable.Of(layer);
            H5Group group = new();
            // h5py stores Keras's empty name list, np.array([]), as a float64 array of shape (0,); Keras reads either.
            if (variables.Count == 0) group.Attributes[KerasLayout.WeightNamesAttribute] = Array.Empty<double>();
            else strings.Names(group, (path == "/" ? "/" : path + "/") + layer.Name, KerasLayout.WeightNamesAttribute, variables.Select(v => v.WeightName).ToArray());
            foreach (ModelVariable variable in variables)
            {
                // The dataset's path is its weight name: dense/kernel:0, or lstm/lstm_cell/kernel:0 inside the cell's scope.
                H5Group tensors = Child(group, layer.Name);
                if (variable.Variable.Scope is string scope) foreach (string part in scope.Split('/')) tensors = Child(tensors, part);
                tensors[variable.Name + ":0"] = Tensor(model.WeightsOf(variable.Variable), variable.Shape);
            }
            weights[layer.Name] = group;
        }
    }

    /// <summary>
    /// <c>/optimizer_weights</c> as tf.keras 2.4 writes them: <c>&lt;optimizer&gt;/iter:0</c> (int64 scalar), then for each
    /// of the optimizer's slots one <c>&lt;optimizer&gt;/&lt;layer&gt;/&lt;variable&gt;/&lt;slot&gt;:0</c> per trainable
    /// variable, shaped like it: SGD with momentum writes <c>SGD/dense/kernel/momentum:0</c>, Adam <c>Adam/dense/kernel/m:0</c>, …, <c>Adam/dense/kernel/v:0</c>, …; scalars such as Nadam's <c>Nadam/momentum_cache:0</c> come right after the counter.
    /// </summary>
    private static H5Group OptimizerWeights(Model model, Optimizer optimizer, KerasStringAttributes strings)
    {
        IReadOnlyList<string> slots = optimizer.SlotNames;
        IReadOnlyList<ModelVariable> variables = slots.Count > 0 ? ModelVariable.TrainableOf(model) : [];
        string prefix = optimizer.Name;

        H5Group root = new();
        IReadOnlyList<string> scalars = optimizer.ScalarStateNames;
        strings.Names(root, "/" + KerasLayout.OptimizerWeightsGroup, KerasLayout.WeightNamesAttribute, new[] { $"{prefix}/{KerasLayout.IterationsName}" }
            .Concat(scalars.Select(scalar => $"{prefix}/{scalar}:0"))
            .Concat(slots.SelectMany(slot => variables.Select(v => v.SlotName(prefix, slot)))).ToArray());
        H5Group state = new() { [KerasLayout.IterationsName] = new H5Dataset(optimizer.Iterations) };
        // Keras keeps these scalars in the variables' dtype, float32 (Nadam's momentum_cache).
        for (int s = 0; s < scalars.Count; s++) state[scalars[s] + ":0"] = new H5Dataset((float)optimizer.GetScalarState(s));
        for (int s = 0; s < slots.Count; s++)
        {
            // Keras creates its slots before the first update, zeros but for Adagrad's accumulator; so do we, rather than write none.
            ReadOnlySpan<float> values = optimizer.GetSlot(s);
            if (values.Length != model.Parameters.Length)
            {
                float[] initial = new float[model.Parameters.Length];
                Array.Fill(initial, optimizer.InitialSlotValue(s));
                values = initial;
            }
            foreach (ModelVariable variable in variables)
            {
                H5Group layer = Child(state, variable.Layer.Name);
                if (variable.Variable.Scope is string scope) foreach (string part in scope.Split('/')) layer = Child(layer, part);
                Child(layer, variable.Name)[slots[s] + ":0"] = Tensor(values.Slice(variable.Variable.Offset, variable.Variable.Length), variable.Shape);
            }
        }
        root[prefix] = state;
        return root;
    }

    /// <summary>The subgroup <paramref name="name"/> of <paramref name="group"/>, created when missing.</summary>
    private static H5Group Child(H5Group group, string name)
    {
        if (group.TryGetValue(name, out object? existing)) return (H5Group)existing;
        H5Group child = new();
        group[name] = child;
        return child;
    }

    /// <summary>A float32 dataset of the given shape, contiguous and uncompressed as Keras writes weights.</summary>
    private static H5Dataset Tensor(ReadOnlySpan<float> values, IReadOnlyList<int> shape)
        => new(values.ToArray(), fileDims: shape.Select(d => (ulong)d).ToArray());
}
