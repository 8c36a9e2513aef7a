using PureHDF;

namespace Compiled.Hdf5;

/// <summary>
/// A <c>.keras</c> file's <c>model.weights.h5</c>, laid out as Keras 3's <c>saving_lib._save_state</c> walks a model:
/// <c>layers/&lt;layer&gt;/vars/&lt;i&gt;</c>, one dataset per variable in the order the layer creates them, nested objects'
/// variables below the attribute holding them (<c>layers/lstm/cell/vars/0</c>, <c>layers/bidirectional/forward_layer/cell/vars/0</c>:
/// <see cref="LayerInfo.Keras3VariableOwner"/>), every object with a <c>vars</c> group even when empty, and the model's own
/// (empty) <c>vars</c> at the root. Variables are found by position, not by name.
/// </summary>
internal static class Keras3Weights
{
    /// <summary>A variable's place: the group below <c>layers/&lt;layer&gt;</c> that owns it and its position there.</summary>
    /// <param name="Variable">The variable.</param>
    /// <param name="Owner">The owning object's path below the layer's group, empty for the layer itself.</param>
    /// <param name="Index">Its position in the owner's <c>vars</c> group.</param>
    public sealed record Place(ModelVariable Variable, string Owner, int Index)
    {
        /// <summary>The dataset's path in the file: <c>layers/lstm/cell/vars/0</c>.</summary>
        public string Path => string.Join('/', new[] { KerasArchiveLayout.LayersGroup, Variable.Layer.Name, Owner, KerasArchiveLayout.VarsGroup, Index.ToString(System.Globalization.CultureInfo.InvariantCulture) }.Where(p => p.Length > 0));
    }

    /// <summary>Where each of a layer's variables sits, in the layer's order.</summary>
    public static IReadOnlyList<Place> PlacesOf(LayerInfo layer)
    {
        Dictionary<string, int> counts = [];
        List<Place> places = [];
        foreach (ModelVariable variable in ModelVariable.Of(layer))
        {
            string owner = layer.Keras3VariableOwner(variable.Variable) ?? "";
            int index = counts.GetValueOrDefault(owner);
            counts[owner] = index + 1;
            places.Add(new Place(variable, owner, index));
        }
        return places;
    }

    /// <summary>The layers Keras 3 saves: a functional model's all, input layers too; a Sequential model's after its input layer, which Compiled does not list.</summary>
    public static IEnumerable<LayerInfo> SavedLayers(Model model) => KerasLayerOrder.Of(model);

    public static H5File Build(Model model)
    {
        H5File file = new();
        H5Group layers = new();
        foreach (LayerInfo layer in SavedLayers(model))
        {
            H5Group group = Vars(layer.Name);
            foreach (Place place in PlacesOf(layer))
            {
                H5Group owner = group;
                string[] scope = place.Variable.Variable.Scope?.Split('/') ?? [];
                string[] parts = place.Owner.Length == 0 ? [] : place.Owner.Split('/');
                for (int p = 0; p < parts.Length; p++)
                {
                    if (!owner.TryGetValue(parts[p], out object? child))
                    {
                        // Keras names each vars group after its object: the cell's own name is in tf.keras's scope.
                        child = Vars(p < scope.Length ? scope[p] : parts[p]);
                        owner[parts[p]] = child;
                    }
                    owner = (H5Group)child;
                }
                ReadOnlySpan<float> values = model.WeightsOf(place.Variable.Variable);
                ((H5Group)owner[KerasArchiveLayout.VarsGroup])[place.Index.ToString(System.Globalization.CultureInfo.InvariantCulture)] =
                    new H5Dataset(values.ToArray(), fileDims: place.Variable.Shape.Select(d => (ulong)d).ToArray());
            }
            layers[layer.Name] = group;
        }
        file[KerasArchiveLayout.LayersGroup] = layers;
        file[KerasArchiveLayout.VarsGroup] = VarsGroup(model.Name);
        if (model.Loss is not null && model.Optimizer is Optimizer optimizer && Keras3OptimizerState.Build(model, optimizer) is H5Group vars)
            file[KerasArchiveLayout.OptimizerGroup] = new H5Group { [KerasArchiveLayout.VarsGroup] = vars };
        return file;
    }

    /// <summary>An object's group with its empty <c>vars</c> group, named as Keras names it.</summary>
    private static H5Group Vars(string name) => new() { [KerasArchiveLayout.VarsGroup] = VarsGroup(name) };

    internal static H5Group VarsGroup(string name)
    {
        H5Group vars = new();
        vars.Attributes["name"] = name;
        return vars;
    }
}
