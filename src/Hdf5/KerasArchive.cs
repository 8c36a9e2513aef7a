using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using PureHDF;
using PureHDF.VOL.Native;

namespace Compiled.Hdf5;

/// <summary>
/// Keras 3's native <c>.keras</c> format (<c>keras/src/saving/saving_lib.py</c>): a zip of <c>metadata.json</c>,
/// <c>config.json</c> (<see cref="Keras3ModelConfig"/>) and <c>model.weights.h5</c> (<see cref="Keras3Weights"/>), stored
/// uncompressed as Keras stores them. Reading checks everything (members, JSON, architecture against the model class,
/// every weight's shape and type) before the caller touches the model; anything wrong is one <see cref="ModelFileException"/>.
/// </summary>
internal static class KerasArchive
{
    // A member larger than this is refused before it is inflated: a damaged or hostile header cannot make the reader allocate without bound.
    private const long MaxMemberBytes = int.MaxValue - 64;

    /// <summary>The whole <c>.keras</c> file, built in memory before the file system is touched.</summary>
    public static byte[] Build(Model model)
    {
        string config = Keras3ModelConfig.ToJson(model);
        string metadata = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["keras_version"] = KerasArchiveLayout.KerasVersion,
            ["date_saved"] = DateTime.Now.ToString("yyyy-MM-dd@HH:mm:ss", CultureInfo.InvariantCulture),
        });
        using MemoryStream weights = new();
        Keras3Weights.Build(model).Write(weights);

        using MemoryStream buffer = new();
        using (ZipArchive zip = new(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, KerasArchiveLayout.MetadataMember, Encoding.UTF8.GetBytes(metadata));
            Add(zip, KerasArchiveLayout.ConfigMember, Encoding.UTF8.GetBytes(config));
            Add(zip, KerasArchiveLayout.WeightsMember, weights.ToArray());
        }
        return buffer.ToArray();
    }

    private static void Add(ZipArchive zip, string name, byte[] bytes)
    {
        using Stream stream = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
        stream.Write(bytes);
    }

    /// <param name="path">The file.</param>
    /// <param name="model">The model whose architecture the file must hold; not modified.</param>
    /// <param name="includeTraining">Whether to read <c>compile_config</c> too (<c>Load</c>), or the weights alone (<c>LoadWeights</c>).</param>
    public static ModelFileContents Read(string path, Model model, bool includeTraining)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length == 0) throw new ModelFileException(path, "the file is empty (0 bytes); expected a .keras zip written by Keras 3's model.save or Save.");
        Dictionary<string, byte[]> members = Members(path, bytes);
        byte[] configBytes = Member(path, members, KerasArchiveLayout.ConfigMember, "the model's configuration");
        byte[] weightsBytes = Member(path, members, KerasArchiveLayout.WeightsMember, "the weights");
        string? kerasVersion = members.TryGetValue(KerasArchiveLayout.MetadataMember, out byte[]? metadata) ? KerasVersion(path, metadata) : null;

        Hdf5Values configErrors = new(path, bytes.Length);
        string config = Utf8(path, configBytes, KerasArchiveLayout.ConfigMember);
        JsonDocument document;
        try { document = JsonDocument.Parse(config); }
        catch (JsonException e) { throw configErrors.Error($"{KerasArchiveLayout.ConfigMember} is not valid JSON ({e.Message}); expected Keras 3's serialized model."); }
        using (document)
        {
            JsonElement root = document.RootElement;
            ArchitectureCheck.CheckModelConfig(config, model, configErrors, KerasArchiveLayout.ConfigMember);
            Keras3ArchitectureCheck.Check(root, model, configErrors);
            // The training configuration first: it says which optimizer's variables the weights file may hold.
            (TrainingConfig? training, string? ignored) = includeTraining && root.TryGetProperty("compile_config", out JsonElement compile) && compile.ValueKind != JsonValueKind.Null
                ? ReadTraining(compile, model, configErrors) : (null, null);
            Optimizer? optimizer = training?.CreateOptimizer();
            (float[] parameters, float[] nonTrainable, Keras3OptimizerState.Restored? state) = ReadWeights(path, weightsBytes, model, optimizer);
            return new ModelFileContents(parameters, nonTrainable)
            {
                KerasVersion = kerasVersion,
                Training = training,
                TrainingIgnored = ignored,
                Iterations = state?.Iterations,
                Slots = state?.Slots ?? [],
            };
        }
    }

    /// <summary>Every member of the zip, inflated and checked against its CRC.</summary>
    private static Dictionary<string, byte[]> Members(string path, byte[] bytes)
    {
        try
        {
            using ZipArchive zip = new(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            Dictionary<string, byte[]> members = [];
            foreach (ZipArchiveEntry entry in zip.Entries)
            {
                if (entry.Length > MaxMemberBytes || entry.Length < 0)
                    throw new ModelFileException(path, $"the zip member '{entry.FullName}' declares {entry.Length} bytes, more than a model member can hold; the file is corrupted.");
                using Stream stream = entry.Open();
                using MemoryStream inflated = new();
                stream.CopyTo(inflated);
                if (inflated.Length != entry.Length)
                    throw new ModelFileException(path, $"the zip member '{entry.FullName}' holds {inflated.Length} bytes but its header says {entry.Length}; the file is corrupted.");
                members[entry.FullName] = inflated.ToArray();
            }
            return members;
        }
        catch (ModelFileException)
        {
            throw;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException or ArgumentException)
        {
            // Truncated files lose the zip's central directory; damaged ones fail their CRC or their compressed data.
            throw new ModelFileException(path, $"not a readable .keras zip: {e.Message.TrimEnd('.')} ({bytes.Length} bytes read); expected the zip Keras 3's model.save writes, with {KerasArchiveLayout.MetadataMember}, {KerasArchiveLayout.ConfigMember} and {KerasArchiveLayout.WeightsMember}.", e);
        }
    }

    private static byte[] Member(string path, Dictionary<string, byte[]> members, string name, string what)
        => members.TryGetValue(name, out byte[]? bytes) ? bytes
            : throw new ModelFileException(path, $"the .keras zip has no {name} ({what}); it holds [{string.Join(", ", members.Keys)}], expected {KerasArchiveLayout.MetadataMember}, {KerasArchiveLayout.ConfigMember} and {KerasArchiveLayout.WeightsMember}.");

    private static string Utf8(string path, byte[] bytes, string member)
    {
        try { return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes); }
        catch (DecoderFallbackException) { throw new ModelFileException(path, $"{member} is not UTF-8 text; expected the JSON Keras 3 writes."); }
    }

    private static string? KerasVersion(string path, byte[] metadata)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(metadata);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("keras_version", out JsonElement v) && v.ValueKind == JsonValueKind.String
                ? v.GetString() : null;
        }
        catch (JsonException e)
        {
            throw new ModelFileException(path, $"{KerasArchiveLayout.MetadataMember} is not valid JSON ({e.Message}); expected {{\"keras_version\": ..., \"date_saved\": ...}}.");
        }
    }

    private static (float[] Parameters, float[] NonTrainable, Keras3OptimizerState.Restored? State) ReadWeights(string path, byte[] bytes, Model model, Optimizer? optimizer)
    {
        string member = KerasArchiveLayout.WeightsMember;
        try { Hdf5Preflight.Check(member, bytes); }
        catch (ModelFileException e) { throw new ModelFileException(path, $"its {member} is damaged: {e.Message[(member.Length + 2)..]}", e); }
        // Errors name the member, where the file's own errors name the file.
        Hdf5Values values = new($"{path} ({member})", bytes.Length);
        try
        {
            using NativeFile file = H5File.Open(new MemoryStream(bytes, writable: false));
            (float[] parameters, float[] nonTrainable) = ReadWeights(file, model, values);
            return (parameters, nonTrainable, optimizer is null ? null : Keras3OptimizerState.Read(file, model, optimizer, values));
        }
        catch (ModelFileException)
        {
            throw;
        }
        catch (Exception e)
        {
            throw values.Error($"the HDF5 reader failed with {e.GetType().Name} ({PrintableText.OfReaderMessage(e.Message)}); expected an intact HDF5 file in the layout of Keras 3's model.save.", e);
        }
    }

    private static (float[] Parameters, float[] NonTrainable) ReadWeights(NativeFile file, Model model, Hdf5Values values)
    {
        float[] parameters = new float[model.Parameters.Length];
        float[] nonTrainable = new float[model.NonTrainableParameters.Length];
        if (!file.LinkExists(KerasArchiveLayout.LayersGroup))
            throw values.Error($"there is no '{KerasArchiveLayout.LayersGroup}' group; expected Keras 3's layout, layers/<layer>/vars/<i>.");
        IH5Group layers = file.Group(KerasArchiveLayout.LayersGroup);
        foreach (LayerInfo layer in Keras3Weights.SavedLayers(model))
        {
            IReadOnlyList<Keras3Weights.Place> places = Keras3Weights.PlacesOf(layer);
            if (places.Count == 0) continue;
            string where = $"layer '{layer.Name}'";
            string expected = string.Join(", ", places.Select(p => $"{p.Path} {p.Variable.ShapeText} ({p.Variable.Name})"));
            if (!layers.LinkExists(layer.Name))
                throw values.Error($"{where} has no group layers/{layer.Name}; expected {expected}.");
            IH5Group group = layers.Group(layer.Name);
            foreach (IGrouping<string, Keras3Weights.Place> owner in places.GroupBy(p => p.Owner))
            {
                string varsPath = owner.Key.Length == 0 ? KerasArchiveLayout.VarsGroup : $"{owner.Key}/{KerasArchiveLayout.VarsGroup}";
                string fullVars = $"layers/{layer.Name}/{varsPath}";
                if (!group.LinkExists(varsPath))
                    throw values.Error($"{where} has no group {fullVars}; expected {expected}.");
                IH5Group vars = group.Group(varsPath);
                string[] found = vars.Children().Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();
                if (found.Length != owner.Count())
                    throw values.Error($"{fullVars} holds {found.Length} variable(s) [{string.Join(", ", found)}]; {model.GetType().Name} expects {owner.Count()}: {string.Join(", ", owner.Select(p => $"{p.Index} {p.Variable.ShapeText} ({p.Variable.Name})"))}.");
                foreach (Keras3Weights.Place place in owner)
                {
                    string name = place.Index.ToString(CultureInfo.InvariantCulture);
                    string what = $"{place.Path} ({layer.Name}'s {place.Variable.Name})";
                    if (!vars.LinkExists(name))
                        throw values.Error($"{fullVars} has no variable {name}; expected {place.Variable.ShapeText} float32 ({place.Variable.Name}).");
                    LayerVariable variable = place.Variable.Variable;
                    values.Floats(vars.Dataset(name), place.Variable.Shape, what).CopyTo(variable.Trainable ? parameters : nonTrainable, variable.Offset);
                }
            }
        }
        return (parameters, nonTrainable);
    }

    private static (TrainingConfig? Training, string? Ignored) ReadTraining(JsonElement compile, Model model, Hdf5Values values)
    {
        string? json;
        string? unsupported;
        try { json = Keras3CompileConfig.ToTrainingConfig(compile, out unsupported); }
        catch (FormatException e) { throw values.Error(e.Message, e); }
        TrainingConfig? training = null;
        if (json is not null)
        {
            try { training = TrainingConfig.Parse(json, model.Outputs, out unsupported); }
            catch (FormatException e) { throw values.Error($"{KerasArchiveLayout.ConfigMember}'s compile_config: {e.Message}", e); }
        }
        return training is null ? (null, $"compile_config not used: {unsupported}. The weights are loaded; call Compile before training.") : (training, null);
    }
}
