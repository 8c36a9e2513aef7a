using System.Globalization;
using PureHDF;

namespace Compiled.Hdf5;

/// <summary>
/// The optimizer's variables in a <c>.keras</c> file's <c>model.weights.h5</c>, <c>optimizer/vars/&lt;i&gt;</c> by position in
/// the order the Keras 3 optimizer creates them: its iteration count, its learning rate, then its slots. Only Adam's
/// layout (without amsgrad) is read and written: <c>iterations</c>, <c>learning_rate</c>, then each trainable variable's
/// <c>momentum</c> and <c>velocity</c> in turn, as Keras 3.9's Adam.build creates them and as the Keras 3.9.2 fixture holds
/// them. Other Keras 3 optimizers order their slots their own ways, which no real file here confirms: their state is neither
/// written nor read, and a model loads with fresh slots (<see cref="ModelLoadReport.OptimizerStateRestored"/> false), as
/// Keras 3 itself loads a file whose optimizer variables do not match, with a warning.
/// </summary>
internal static class Keras3OptimizerState
{
    /// <summary>The state read from a file, for <see cref="Optimizer.RestoreState"/>.</summary>
    /// <param name="Iterations">The iteration count.</param>
    /// <param name="Slots">One array per <see cref="Optimizer.SlotNames"/> entry, laid out as the parameters.</param>
    public sealed record Restored(long Iterations, float[][] Slots);

    private static bool HasKnownLayout(Optimizer optimizer) => optimizer is Adam { Amsgrad: false };

    /// <summary>The <c>optimizer/vars</c> group, or null for an optimizer whose Keras 3 layout is not known.</summary>
    public static H5Group? Build(Model model, Optimizer optimizer)
    {
        if (!HasKnownLayout(optimizer)) return null;
        Adam adam = (Adam)optimizer;
        H5Group vars = Keras3Weights.VarsGroup(optimizer.Name.ToLowerInvariant());
        vars["0"] = new H5Dataset(optimizer.Iterations);
        vars["1"] = new H5Dataset((float)adam.LearningRate);
        IReadOnlyList<ModelVariable> variables = ModelVariable.TrainableOf(model);
        int index = 2;
        foreach (ModelVariable variable in variables)
            for (int s = 0; s < optimizer.SlotNames.Count; s++)
            {
                // Keras creates its slots before the first update, zeros; so do we, rather than write none.
                ReadOnlySpan<float> slot = optimizer.GetSlot(s);
                float[] values = slot.Length == model.Parameters.Length ? slot.Slice(variable.Variable.Offset, variable.Variable.Length).ToArray() : new float[variable.Variable.Length];
                vars[(index++).ToString(CultureInfo.InvariantCulture)] = new H5Dataset(values, fileDims: variable.Shape.Select(d => (ulong)d).ToArray());
            }
        return vars;
    }

    /// <summary>
    /// The optimizer's state from <c>optimizer/vars</c>, or null when the file has none, the optimizer's layout is not known, or
    /// the file holds another number of variables (another optimizer's): Keras 3 then trains on with fresh slots too. A file
    /// with the expected number whose variables have other shapes or types is refused.
    /// </summary>
    public static Restored? Read(IH5Group file, Model model, Optimizer optimizer, Hdf5Values values)
    {
        string path = $"{KerasArchiveLayout.OptimizerGroup}/{KerasArchiveLayout.VarsGroup}";
        if (!HasKnownLayout(optimizer) || !file.LinkExists(path)) return null;
        IH5Group vars = file.Group(path);
        IReadOnlyList<ModelVariable> variables = ModelVariable.TrainableOf(model);
        int slots = optimizer.SlotNames.Count;
        if (vars.Children().Count() != 2 + slots * variables.Count) return null;
        IH5Dataset Dataset(int i) => vars.LinkExists(i.ToString(CultureInfo.InvariantCulture)) ? vars.Dataset(i.ToString(CultureInfo.InvariantCulture))
            : throw values.Error($"{path} has no variable {i}; expected {optimizer.Name}'s iteration count, learning rate and its {string.Join(" and ", optimizer.SlotNames)} per trainable variable.");
        long iterations = values.Integer(Dataset(0), $"{path}/0 (iterations)");
        if (iterations < 0) throw values.Error($"{path}/0 (iterations) is {iterations}; expected an iteration count of 0 or more.");
        float[][] restored = Enumerable.Range(0, slots).Select(_ => new float[model.Parameters.Length]).ToArray();
        int index = 2;
        foreach (ModelVariable variable in variables)
            for (int s = 0; s < slots; s++, index++)
                values.Floats(Dataset(index), variable.Shape, $"{path}/{index} ({variable.Path}'s {optimizer.SlotNames[s]})").CopyTo(restored[s], variable.Variable.Offset);
        return new Restored(iterations, restored);
    }
}
