using PureHDF;
using PureHDF.VOL.Native;

namespace Compiled.Hdf5;

/// <summary>
/// Reads a Keras HDF5 file (ours or Keras's own) for a given model class into a <see cref="ModelFileContents"/>:
/// every check runs and every value is read before the caller touches the model. Anything wrong with the file
/// surfaces as one <see cref="ModelFileException"/> that says what was found and what was expected.
/// </summary>
internal static class KerasFileReader
{
    /// <param name="path">The file.</param>
    /// <param name="model">The model whose architecture the file must hold; not modified.</param>
    /// <param name="includeTraining">Whether to read <c>training_config</c> and <c>optimizer_weights</c> too (<c>Load</c>), or the weights alone (<c>LoadWeights</c>).</param>
    public static ModelFileContents Read(string path, Model model, bool includeTraining)
    {
        // The whole file in memory first: it is the size of the parameters, its length bounds every size the
        // reader may believe, and the reader then never touches the disk, where the file could change under it.
        byte[] bytes = File.ReadAllBytes(path);
        Hdf5Preflight.Check(path, bytes);
        Hdf5Values values = new(path, bytes.Length);
        try
        {
            using NativeFile file = H5File.Open(new MemoryStream(bytes, writable: false));
            return ReadContents(file, model, includeTraining, values);
        }
        catch (ModelFileException)
        {
            throw;
        }
        catch (Exception e)
        {
            // The HDF5 reader's own errors on damaged structures (bad addresses, checksums, unknown messages) come
            // in many types; the caller gets one, with the reader's words inside.
            throw values.Error($"the file is corrupted: the HDF5 reader failed with {e.GetType().Name} ({PrintableText.OfReaderMessage(e.Message)}); expected an intact HDF5 file in the layout of Keras's model.save.", e);
        }
    }

    private static ModelFileContents ReadContents(NativeFile file, Model model, bool includeTraining, Hdf5Values values)
    {
        string? modelConfig = values.OptionalString(file, KerasLayout.ModelConfigAttribute, "root");
        Dictionary<string, string> classes = ArchitectureCheck.CheckModelConfig(modelConfig, model, values);

        // model.save puts the weights in /model_weights; save_weights('w.h5') puts the same layout at the root.
        IH5Group weights = file.LinkExists(KerasLayout.ModelWeightsGroup) ? file.Group(KerasLayout.ModelWeightsGroup) : file;
        string[] layerNames = values.OptionalNames(weights, KerasLayout.LayerNamesAttribute, weights == (IH5Group)file ? "root" : "/model_weights")
            ?? throw values.Error("the file has no /model_weights group with a layer_names attribute (nor layer_names at the root, as save_weights writes); expected a Keras model or weights file.");
        ArchitectureCheck.CheckLayerNames(layerNames, classes, model, values);

        (float[] parameters, float[] nonTrainable) = ReadWeights(weights, model, values);
        ModelFileContents contents = new(parameters, nonTrainable)
        {
            KerasVersion = values.OptionalString(file, KerasLayout.KerasVersionAttribute, "root"),
            Backend = values.OptionalString(file, KerasLayout.BackendAttribute, "root"),
        };
        if (includeTraining) ReadTraining(file, model, values, contents);
        return contents;
    }

    private static (float[] Parameters, float[] NonTrainable) ReadWeights(IH5Group weights, Model model, Hdf5Values values)
    {
        float[] parameters = new float[model.Parameters.Length];
        float[] nonTrainable = new float[model.NonTrainableParameters.Length];
        foreach (LayerInfo layer in model.Architecture)
        {
            IReadOnlyList<ModelVariable> variables = ModelVariable.Of(layer);
            string where = $"layer '{layer.Name}'";
            if (!weights.LinkExists(layer.Name))
            {
                if (variables.Count == 0) continue;
                throw values.Error($"{where} has no group in the file; expected {Expected(variables)}.");
            }
            IH5Group group = weights.Group(layer.Name);
            string[] names = values.OptionalNames(group, KerasLayout.WeightNamesAttribute, where) ?? [];
            if (names.Length != variables.Count)
                throw values.Error($"{where}: the file holds {names.Length} weight(s) [{string.Join(", ", names)}]; {model.GetType().Name} expects {variables.Count}: {Expected(variables)}.");
            for (int i = 0; i < variables.Count; i++)
            {
                ModelVariable variable = variables[i];
                string what = $"{where} weight '{names[i]}'";
                if (VariableName(names[i]) != variable.Name)
                    throw values.Error($"{where}: weight {i} is '{names[i]}'; expected the {variable.Name} {variable.ShapeText} ({Expected(variables)}).");
                if (!group.LinkExists(names[i]))
                    throw values.Error($"{what} is listed in weight_names but has no dataset; expected {variable.ShapeText} float32.");
                values.Floats(group.Dataset(names[i]), variable.Shape, what).CopyTo(variable.Variable.Trainable ? parameters : nonTrainable, variable.Variable.Offset);
            }
        }
        return (parameters, nonTrainable);
    }

    private static void ReadTraining(NativeFile file, Model model, Hdf5Values values, ModelFileContents contents)
    {
        string? json = values.OptionalString(file, KerasLayout.TrainingConfigAttribute, "root");
        if (json is null) return;
        TrainingConfig? training;
        string? unsupported;
        try { training = TrainingConfig.Parse(json, model.Outputs, out unsupported); }
        catch (FormatException e) { throw values.Error(e.Message, e); }
        if (training is null)
        {
            contents.TrainingIgnored = $"training_config not used: {unsupported}. The weights are loaded; call Compile before training.";
            return;
        }
        contents.Training = training;
        if (!file.LinkExists(KerasLayout.OptimizerWeightsGroup)) return;

        // A fresh optimizer of the file's class says which slots it keeps, and so which the file must hold.
        Optimizer optimizer = training.CreateOptimizer();
        IH5Group state = file.Group(KerasLayout.OptimizerWeightsGroup);
        string[] names = values.OptionalNames(state, KerasLayout.WeightNamesAttribute, "/optimizer_weights") ?? [];
        string[] iterations = names.Where(n => VariableName(n) is "iter" or "iterations").ToArray();
        // Keras before 2.2 saved its slots alone, as training/RMSprop/Variable:0, …, without a counter or the
        // variables' names: tf.keras 2.4's load_model warns and trains on with fresh slots, and so do we.
        if (iterations.Length == 0 && names.Length > 0 && names.All(n => VariableName(n).StartsWith("Variable", StringComparison.Ordinal))) return;
        if (iterations.Length != 1)
            throw values.Error($"/optimizer_weights lists {iterations.Length} iteration counters [{string.Join(", ", names)}]; expected one, such as '{optimizer.Name}/{KerasLayout.IterationsName}'.");
        long count = values.Integer(Dataset(state, iterations[0], "an int64 scalar", values), $"/optimizer_weights '{iterations[0]}'");
        if (count < 0) throw values.Error($"/optimizer_weights '{iterations[0]}' is {count}; expected an iteration count of 0 or more.");

        IReadOnlyList<string> slotNames = optimizer.SlotNames;
        IReadOnlyList<ModelVariable> variables = slotNames.Count > 0 ? ModelVariable.TrainableOf(model) : [];
        (int Slot, ModelVariable Variable)[] expected = slotNames.SelectMany((_, s) => variables.Select(v => (s, v))).ToArray();
        // Scalars that follow from the iteration count (Nadam's momentum_cache) are recomputed, not read.
        string[] slots = names.Where(n => n != iterations[0] && !optimizer.ScalarStateNames.Contains(VariableName(n))).ToArray();
        if (slots.Length != expected.Length)
        {
            string kept = slotNames.Count == 0 ? "which keeps no slots" : $"which keeps {string.Join(" and ", slotNames)} per trainable variable";
            throw values.Error($"/optimizer_weights holds {slots.Length} slot(s) besides the iteration count; expected {expected.Length} for {optimizer.Name} ({kept}){(expected.Length == 0 ? "" : ": " + string.Join(", ", expected.Select(e => e.Variable.SlotName(optimizer.Name, slotNames[e.Slot]))))}.");
        }
        float[][] restored = slotNames.Select(_ => new float[model.Parameters.Length]).ToArray();
        for (int i = 0; i < expected.Length; i++)
        {
            (int slot, ModelVariable variable) = expected[i];
            if (!variable.IsSlot(slots[i], slotNames[slot]))
                throw values.Error($"/optimizer_weights slot {i} is '{slots[i]}'; expected '{variable.SlotName(optimizer.Name, slotNames[slot])}'.");
            values.Floats(Dataset(state, slots[i], $"{variable.ShapeText} float32", values), variable.Shape, $"/optimizer_weights '{slots[i]}'").CopyTo(restored[slot], variable.Variable.Offset);
        }
        contents.Iterations = count;
        contents.Slots = restored;
    }

    private static IH5Dataset Dataset(IH5Group group, string name, string expected, Hdf5Values values)
        => group.LinkExists(name) ? group.Dataset(name) : throw values.Error($"'{name}' is listed in weight_names but has no dataset; expected {expected}.");

    /// <summary>The variable a weight name ends in: <c>kernel</c> for <c>dense/kernel:0</c> (tf.keras) or <c>dense/kernel</c> (Keras 3).</summary>
    private static string VariableName(string weightName)
    {
        string last = weightName[(weightName.LastIndexOf('/') + 1)..];
        return last.EndsWith(":0", StringComparison.Ordinal) ? last[..^2] : last;
    }

    private static string Expected(IReadOnlyList<ModelVariable> variables)
        => string.Join(", ", variables.Select(v => $"{v.WeightName} {v.ShapeText}"));
}
