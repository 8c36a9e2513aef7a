using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Compiled.Hdf5;
using Compiled.Tests.Models;
using static Compiled.Tests.Hdf5.KerasConvolutionalFixtureTests;

namespace Compiled.Tests.Hdf5;

/// <summary>
/// Keras 3's native <c>.keras</c> format: the real Keras 3.9.2 file <c>Fixtures/keras3/lstm_stock_keras3</c> loads into the
/// class declaring its network and predicts what a float64 numpy pass computed; files this library writes have, member by
/// member, the layout of that file as Python's zipfile and h5py read it; every layer kind survives a save and a load; and a
/// damaged file is refused by name, changing nothing.
/// </summary>
public class KerasArchiveTests
{
    private static string Keras3Fixture(out JsonDocument expected)
    {
        string directory = Path.Combine(AppContext.BaseDirectory, "Fixtures", "keras3", "lstm_stock_keras3");
        expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "expected.json")));
        return Path.Combine(directory, expected.RootElement.GetProperty("model_file").GetString()!);
    }

    [Fact]
    public void Keras_3_lstm_file_reproduces_its_outputs_and_compiles_with_its_adam()
    {
        KerasStockLstmNet model = Model.Load<KerasStockLstmNet>(Keras3Fixture(out JsonDocument expected), out ModelLoadReport report);
        using (expected)
        {
            Assert.Equal("3.9.2", report.KerasVersion);
            AssertReproduces(model, expected.RootElement);
            // compile_config: torch Adam (learning rate 0.001, no decay, clipping or EMA) and mean_squared_error, which Compiled has.
            Assert.True(report.IsCompiled, report.TrainingConfigIgnored);
            Assert.Null(report.TrainingConfigIgnored);
            Adam adam = Assert.IsType<Adam>(model.Optimizer);
            Assert.Equal(0.001, adam.LearningRate, 1e-9);
            Assert.Equal("mean_squared_error", model.Loss!.Name);
            // Keras 3's Adam variables, optimizer/vars/0 (iterations) and every trainable variable's momentum and velocity.
            Assert.True(report.OptimizerStateRestored);
            Assert.True(adam.Iterations > 0);
            Assert.Contains(adam.GetSlot(1).ToArray(), v => v > 0);
        }
    }

    [Fact]
    public void Keras_3_file_saved_again_loads_back_with_the_same_weights_and_outputs()
    {
        KerasStockLstmNet model = Model.Load<KerasStockLstmNet>(Keras3Fixture(out JsonDocument expected));
        using (expected)
        {
            using var directory = new TempDirectory();
            string path = directory.File("stock.keras");
            model.Save(path);
            KerasStockLstmNet again = Model.Load<KerasStockLstmNet>(path, out ModelLoadReport report);
            Assert.Equal(model.Parameters.ToArray(), again.Parameters.ToArray());
            Assert.True(report.IsCompiled, report.TrainingConfigIgnored);
            AssertReproduces(again, expected.RootElement);
        }
    }

    /// <summary>
    /// The fixture saved by Compiled reads, through zipfile and h5py, as Keras 3.9.2's own file does: the same members in the
    /// same order, stored; the same model envelope; the same layers with the same modules, names, classes, inbound tensors
    /// and the same configuration entries; the same groups (with their <c>name</c> attributes) and the same datasets, shapes
    /// and dtypes in <c>model.weights.h5</c>, with the same values, the optimizer's (Adam's) too, but for the iteration count's
    /// integer width (torch's int32, Compiled's int64 as TensorFlow's Keras writes it).
    /// </summary>
    [SkippableFact]
    public void Our_keras_file_has_the_members_config_and_weights_layout_of_keras_3s()
    {
        H5py.Require();
        string kerasFile = Keras3Fixture(out JsonDocument expected);
        expected.Dispose();
        using var directory = new TempDirectory();
        string ours = directory.File("stock.keras");
        Model.Load<KerasStockLstmNet>(kerasFile).Save(ours);

        using JsonDocument theirs = JsonDocument.Parse(H5py.Run("dump_keras_archive.py", kerasFile));
        using JsonDocument mine = JsonDocument.Parse(H5py.Run("dump_keras_archive.py", ours));
        JsonElement k = theirs.RootElement, o = mine.RootElement;

        Assert.Equal(Members(k), Members(o));
        Assert.All(o.GetProperty("members").EnumerateArray(), m => Assert.Equal(0, m.GetProperty("compress_type").GetInt32()));
        Assert.Equal("3.9.2", o.GetProperty("metadata").GetProperty("keras_version").GetString());
        Assert.True(o.GetProperty("metadata").TryGetProperty("date_saved", out _));

        JsonElement kc = k.GetProperty("config"), oc = o.GetProperty("config");
        foreach (string entry in (string[])["module", "class_name", "registered_name"])
            Assert.Equal(kc.GetProperty(entry).GetRawText(), oc.GetProperty(entry).GetRawText());
        Assert.Equal(kc.GetProperty("build_config").GetRawText(), oc.GetProperty("build_config").GetRawText());
        Assert.Equal(Keys(kc.GetProperty("config")), Keys(oc.GetProperty("config")));
        foreach (string entry in (string[])["input_layers", "output_layers", "name"])
            Assert.Equal(kc.GetProperty("config").GetProperty(entry).GetRawText(), oc.GetProperty("config").GetProperty(entry).GetRawText());
        JsonElement[] kl = kc.GetProperty("config").GetProperty("layers").EnumerateArray().ToArray();
        JsonElement[] ol = oc.GetProperty("config").GetProperty("layers").EnumerateArray().ToArray();
        Assert.Equal(kl.Length, ol.Length);
        for (int i = 0; i < kl.Length; i++)
        {
            string layer = kl[i].GetProperty("name").GetString()!;
            Assert.Equal(Keys(kl[i]), Keys(ol[i]));
            foreach (string entry in (string[])["module", "class_name", "registered_name", "name"])
                Assert.Equal(kl[i].GetProperty(entry).GetRawText(), ol[i].GetProperty(entry).GetRawText());
            if (kl[i].TryGetProperty("build_config", out JsonElement build))
                Assert.Equal(build.GetRawText(), ol[i].GetProperty("build_config").GetRawText());
            // Every entry Keras 3 writes, Compiled writes, and no other; the values of those that say what is computed agree.
            JsonElement kconf = kl[i].GetProperty("config"), oconf = ol[i].GetProperty("config");
            Assert.True(Keys(kconf).SequenceEqual(Keys(oconf)), $"{layer}: Keras 3 writes [{string.Join(", ", Keys(kconf))}], Compiled [{string.Join(", ", Keys(oconf))}]");
            foreach (JsonProperty entry in kconf.EnumerateObject().Where(e => e.Name is not ("dtype" or "kernel_initializer" or "recurrent_initializer" or "bias_initializer")))
                Assert.True(entry.Value.GetRawText() == oconf.GetProperty(entry.Name).GetRawText(), $"{layer}.{entry.Name}: Keras {entry.Value.GetRawText()}, ours {oconf.GetProperty(entry.Name).GetRawText()}");
            foreach (string initializer in (string[])["kernel_initializer", "recurrent_initializer", "bias_initializer"])
                if (kconf.TryGetProperty(initializer, out JsonElement init))
                {
                    Assert.Equal(Keys(init).Where(n => n != "shared_object_id"), Keys(oconf.GetProperty(initializer)));
                    Assert.Equal(init.GetProperty("module").GetString(), oconf.GetProperty(initializer).GetProperty("module").GetString());
                }
            if (kconf.TryGetProperty("dtype", out JsonElement dtype) && dtype.ValueKind == JsonValueKind.Object)
                Assert.Equal(dtype.GetProperty("config").GetRawText(), oconf.GetProperty("dtype").GetProperty("config").GetRawText());
            Assert.Equal(Histories(kl[i]), Histories(ol[i]));
        }

        Assert.Equal(k.GetProperty("groups").EnumerateObject().Select(g => (g.Name, g.Value.GetRawText())).OrderBy(g => g.Name),
            o.GetProperty("groups").EnumerateObject().Select(g => (g.Name, g.Value.GetRawText())).OrderBy(g => g.Name));
        static string Dataset(JsonProperty d) => d.Name == "optimizer/vars/0" ? d.Value.GetProperty("shape").GetRawText() + " " + d.Value.GetProperty("sum").GetRawText() : d.Value.GetRawText();
        Assert.Equal(k.GetProperty("datasets").EnumerateObject().Select(d => (d.Name, Dataset(d))).OrderBy(d => d.Name),
            o.GetProperty("datasets").EnumerateObject().Select(d => (d.Name, Dataset(d))).OrderBy(d => d.Name));
        Assert.Equal("int64", o.GetProperty("datasets").GetProperty("optimizer/vars/0").GetProperty("dtype").GetString());
    }

    private static string[] Members(JsonElement dump) => dump.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("name").GetString()!).ToArray();

    private static string[] Keys(JsonElement element) => element.EnumerateObject().Select(p => p.Name).Where(n => n != "shared_object_id").ToArray();

    /// <summary>The <c>keras_history</c> of every tensor a layer's nodes take: which layers feed it.</summary>
    private static string[] Histories(JsonElement layer)
        => layer.GetProperty("inbound_nodes").EnumerateArray().SelectMany(n => Tensors(n.GetProperty("args"))).ToArray();

    private static IEnumerable<string> Tensors(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Array => value.EnumerateArray().SelectMany(Tensors),
        JsonValueKind.Object when value.TryGetProperty("config", out JsonElement c) && c.TryGetProperty("keras_history", out JsonElement h) => [h.GetRawText() + " " + c.GetProperty("shape").GetRawText()],
        _ => [],
    };

    public static TheoryData<string> Kinds => ["cnn", "sequence", "gru", "functional"];

    private static Model Create(string kind) => kind switch
    {
        "cnn" => new SmallConvNet(seed: 3),
        "sequence" => new Keras3SequenceNet(seed: 3),
        "gru" => new HandBuiltGruFileNet(seed: 3),
        _ => new EveryMergeNet(seed: 3),
    };

    private static Model Load(string kind, string path) => kind switch
    {
        "cnn" => Model.Load<SmallConvNet>(path),
        "sequence" => Model.Load<Keras3SequenceNet>(path),
        "gru" => Model.Load<HandBuiltGruFileNet>(path),
        _ => Model.Load<EveryMergeNet>(path),
    };

    /// <summary>A model of each kind, trained a little so that its batch statistics and weights are its own, saves and loads back unchanged and predicts the same.</summary>
    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_layer_kind_survives_a_save_and_a_load(string kind)
    {
        Model model = Create(kind);
        Random random = new(5);
        for (int i = 0; i < model.NonTrainableParameters.Length; i++) model.NonTrainableParameters[i] = 0.5f + (float)random.NextDouble();
        using var directory = new TempDirectory();
        string path = directory.File($"{kind}.keras");
        model.Save(path);
        Model again = Load(kind, path);
        Assert.Equal(model.Parameters.ToArray(), again.Parameters.ToArray());
        Assert.Equal(model.NonTrainableParameters.ToArray(), again.NonTrainableParameters.ToArray());
        if (kind != "functional")
        {
            int size = model.InputShape.ToArray().Aggregate(1, (a, d) => a * d);
            float[] input = Enumerable.Range(0, 2 * size).Select(_ => kind == "sequence" ? random.Next(10) : (float)random.NextDouble()).ToArray();
            Assert.Equal(model.Predict(input), again.Predict(input));
        }
    }

    /// <summary>
    /// Each kind's file, read with zipfile and h5py, has Keras 3's members and, for every variable, the dataset Keras 3's
    /// walk over the model would read (<c>layers/bidirectional/forward_layer/cell/vars/0</c>, …) with its shape, float32,
    /// holding its values, and no other; its config.json lists the layers with Keras 3's envelopes.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(Kinds))]
    public void Every_layer_kinds_file_reads_with_h5py_in_keras_3s_layout(string kind)
    {
        H5py.Require();
        Model model = Create(kind);
        using var directory = new TempDirectory();
        string path = directory.File($"{kind}.keras");
        model.Save(path);
        using JsonDocument dump = JsonDocument.Parse(H5py.Run("dump_keras_archive.py", path));
        JsonElement root = dump.RootElement;
        Assert.Equal(["metadata.json", "config.json", "model.weights.h5"], Members(root));

        Dictionary<string, JsonElement> datasets = root.GetProperty("datasets").EnumerateObject().ToDictionary(d => d.Name, d => d.Value);
        List<string> expected = [];
        foreach (LayerInfo layer in model.Architecture)
        {
            Dictionary<string, int> counts = [];
            foreach (LayerVariable variable in layer.Variables)
            {
                string owner = layer.Keras3VariableOwner(variable) is string o ? $"{o}/" : "";
                int index = counts.GetValueOrDefault(owner);
                counts[owner] = index + 1;
                string name = $"layers/{layer.Name}/{owner}vars/{index}";
                expected.Add(name);
                Assert.True(datasets.TryGetValue(name, out JsonElement dataset), $"{name} is missing; the file has [{string.Join(", ", datasets.Keys)}]");
                Assert.Equal(variable.Shape, dataset.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
                Assert.Equal("float32", dataset.GetProperty("dtype").GetString());
                Assert.Equal(model.WeightsOf(variable).ToArray().Sum(v => (double)v), dataset.GetProperty("sum").GetDouble(), 1e-3);
            }
        }
        Assert.Equal(expected.Order(), datasets.Keys.Order());
        Assert.Contains("vars", root.GetProperty("groups").EnumerateObject().Select(g => g.Name));

        JsonElement config = root.GetProperty("config");
        bool functional = model.InputLayerNames.Count > 0;
        Assert.Equal(functional ? "Functional" : "Sequential", config.GetProperty("class_name").GetString());
        JsonElement[] layers = config.GetProperty("config").GetProperty("layers").EnumerateArray().ToArray();
        string[] classes = (functional ? [] : new[] { "InputLayer" }).Concat(KerasLayerOrder.Of(model).Select(l => l.KerasClass)).ToArray();
        Assert.Equal(classes, layers.Select(l => l.GetProperty("class_name").GetString()));
        Assert.All(layers, l => Assert.Equal("keras.layers", l.GetProperty("module").GetString()));
        foreach (JsonElement layer in layers.Where(l => l.GetProperty("class_name").GetString() != "InputLayer"))
        {
            JsonElement layerConfig = layer.GetProperty("config");
            Assert.Equal("DTypePolicy", layerConfig.GetProperty("dtype").GetProperty("class_name").GetString());
            foreach (JsonProperty entry in layerConfig.EnumerateObject().Where(e => e.Name.EndsWith("_initializer", StringComparison.Ordinal)))
                Assert.Equal("keras.initializers", entry.Value.GetProperty("module").GetString());
            Assert.False(layerConfig.TryGetProperty("time_major", out _));
            Assert.False(layerConfig.TryGetProperty("input_length", out _));
        }
        foreach (JsonElement input in layers.Where(l => l.GetProperty("class_name").GetString() == "InputLayer").Select(l => l.GetProperty("config")))
        {
            int rank = functional ? model.Architecture.Single(l => l.Name == input.GetProperty("name").GetString()).OutputShape.Count : model.InputShape.Length;
            Assert.Equal(rank + 1, input.GetProperty("batch_shape").GetArrayLength());
        }
    }

    [Fact]
    public void A_bidirectional_layer_writes_keras_3s_forward_and_backward_copies()
    {
        using var directory = new TempDirectory();
        string path = directory.File("sequence.keras");
        new Keras3SequenceNet(seed: 1).Save(path);
        using JsonDocument config = JsonDocument.Parse(Member(path, "config.json"));
        JsonElement bidirectional = config.RootElement.GetProperty("config").GetProperty("layers").EnumerateArray()
            .Single(l => l.GetProperty("class_name").GetString() == "Bidirectional").GetProperty("config");
        Assert.Equal("concat", bidirectional.GetProperty("merge_mode").GetString());
        Assert.Equal("forward_lstm", bidirectional.GetProperty("layer").GetProperty("config").GetProperty("name").GetString());
        Assert.False(bidirectional.GetProperty("layer").GetProperty("config").GetProperty("go_backwards").GetBoolean());
        Assert.Equal("backward_lstm", bidirectional.GetProperty("backward_layer").GetProperty("config").GetProperty("name").GetString());
        Assert.True(bidirectional.GetProperty("backward_layer").GetProperty("config").GetProperty("go_backwards").GetBoolean());
        Assert.Equal("keras.layers", bidirectional.GetProperty("layer").GetProperty("module").GetString());
        // TimeDistributed's Dense in Keras 3's own form: its initializers in their envelopes, no activity_regularizer.
        JsonElement dense = config.RootElement.GetProperty("config").GetProperty("layers").EnumerateArray()
            .Single(l => l.GetProperty("class_name").GetString() == "TimeDistributed").GetProperty("config").GetProperty("layer");
        Assert.Equal("Dense", dense.GetProperty("class_name").GetString());
        Assert.Equal("keras.initializers", dense.GetProperty("config").GetProperty("kernel_initializer").GetProperty("module").GetString());
        Assert.Equal("DTypePolicy", dense.GetProperty("config").GetProperty("dtype").GetProperty("class_name").GetString());
        Assert.False(dense.GetProperty("config").TryGetProperty("activity_regularizer", out _));
    }

    private static byte[] Member(string path, string name)
    {
        using ZipArchive zip = ZipFile.OpenRead(path);
        using Stream stream = zip.GetEntry(name)!.Open();
        using MemoryStream bytes = new();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }

    /// <summary>A copy of the fixture with its members edited: each replaced (or, given null, left out).</summary>
    private static string Edited(TempDirectory directory, Dictionary<string, byte[]?> replacements)
    {
        string source = Keras3Fixture(out JsonDocument expected);
        expected.Dispose();
        string path = directory.File("edited.keras");
        using (ZipArchive original = ZipFile.OpenRead(source))
        using (ZipArchive edited = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            foreach (ZipArchiveEntry entry in original.Entries)
            {
                byte[]? bytes = replacements.TryGetValue(entry.FullName, out byte[]? replacement) ? replacement : Member(source, entry.FullName);
                if (bytes is null) continue;
                using Stream stream = edited.CreateEntry(entry.FullName).Open();
                stream.Write(bytes);
            }
        }
        return path;
    }

    /// <summary>Loading <paramref name="path"/> into a model fails with <paramref name="message"/>, and the model's weights stay as they were.</summary>
    private static void AssertRefused(string path, string message)
    {
        var model = new KerasStockLstmNet(seed: 2);
        float[] before = model.Parameters.ToArray();
        var error = Assert.Throws<ModelFileException>(() => model.LoadWeights(path));
        Assert.Contains(message, error.Message);
        Assert.Equal(before, model.Parameters.ToArray());
        Assert.Contains(message, Assert.Throws<ModelFileException>(() => Model.Load<KerasStockLstmNet>(path)).Message);
    }

    [Fact]
    public void A_truncated_keras_file_is_refused_as_no_readable_zip()
    {
        using var directory = new TempDirectory();
        byte[] bytes = File.ReadAllBytes(Keras3Fixture(out JsonDocument expected));
        expected.Dispose();
        string path = directory.File("truncated.keras");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        AssertRefused(path, "not a readable .keras zip");
        File.WriteAllBytes(path, Encoding.ASCII.GetBytes("not a zip at all"));
        AssertRefused(path, "not a readable .keras zip");
        File.WriteAllBytes(path, []);
        AssertRefused(path, "the file is empty (0 bytes)");
    }

    [Fact]
    public void A_keras_file_without_its_weights_member_is_refused_naming_it()
    {
        using var directory = new TempDirectory();
        AssertRefused(Edited(directory, new() { ["model.weights.h5"] = null }),
            "the .keras zip has no model.weights.h5 (the weights); it holds [metadata.json, config.json]");
        using var other = new TempDirectory();
        AssertRefused(Edited(other, new() { ["config.json"] = null, ["model.json"] = [1] }), "the .keras zip has no config.json");
    }

    [Fact]
    public void A_keras_file_with_bad_json_is_refused_naming_the_member()
    {
        using var directory = new TempDirectory();
        AssertRefused(Edited(directory, new() { ["config.json"] = Encoding.UTF8.GetBytes("{\"class_name\": \"Functional\", \"config\": {") }), "config.json is not valid JSON");
        using var other = new TempDirectory();
        AssertRefused(Edited(other, new() { ["config.json"] = Encoding.UTF8.GetBytes("{\"class_name\": \"Functional\", \"config\": [1]}") }), "config.json");
    }

    [Fact]
    public void A_keras_file_whose_weights_have_other_shapes_is_refused_naming_the_variable()
    {
        using var directory = new TempDirectory();
        string narrow = directory.File("narrow.keras");
        new NarrowStockLstmNet(seed: 1).Save(narrow);
        AssertRefused(Edited(directory, new() { ["model.weights.h5"] = Member(narrow, "model.weights.h5") }),
            "layers/lstm/cell/vars/0 (lstm's kernel) has shape (5, 80); expected (5, 120)");
    }

    [Fact]
    public void A_keras_file_with_a_damaged_weights_member_is_refused()
    {
        using var directory = new TempDirectory();
        string source = Keras3Fixture(out JsonDocument expected);
        expected.Dispose();
        byte[] weights = Member(source, "model.weights.h5");
        AssertRefused(Edited(directory, new() { ["model.weights.h5"] = weights[..(weights.Length / 3)] }), "its model.weights.h5 is damaged: the file is truncated or corrupted");
    }

    [Fact]
    public void A_keras_file_of_another_network_is_refused_naming_the_difference()
    {
        string path = Keras3Fixture(out JsonDocument expected);
        expected.Dispose();
        var error = Assert.Throws<ModelFileException>(() => Model.Load<NarrowStockLstmNet>(path));
        Assert.Contains("layer 'lstm': the file's LSTM has units 30; NarrowStockLstmNet expects 20", error.Message);
    }

    [Fact]
    public void A_failed_keras_save_leaves_the_previous_file_as_it_was()
    {
        using var directory = new TempDirectory();
        string path = directory.File("model.keras");
        new KerasStockLstmNet(seed: 1).Save(path);
        byte[] before = File.ReadAllBytes(path);
        AtomicFile.WrapStreamForTests = stream => new FailingStream(stream, 1000);
        try
        {
            Assert.Throws<IOException>(() => new KerasStockLstmNet(seed: 2).Save(path));
        }
        finally
        {
            AtomicFile.WrapStreamForTests = null;
        }
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(directory.Path));
    }

    [Fact]
    public void A_compiled_model_saves_its_compile_config_and_loads_compiled()
    {
        var model = new SmallConvNet(seed: 1);
        model.Compile(Loss.CategoricalCrossentropy, new Adam(learningRate: 0.01), Metric.CategoricalAccuracy);
        using var directory = new TempDirectory();
        string path = directory.File("compiled.keras");
        model.Save(path);
        using (JsonDocument config = JsonDocument.Parse(Member(path, "config.json")))
        {
            JsonElement compile = config.RootElement.GetProperty("compile_config");
            Assert.Equal("Adam", compile.GetProperty("optimizer").GetProperty("class_name").GetString());
            Assert.Equal("keras.optimizers", compile.GetProperty("optimizer").GetProperty("module").GetString());
            Assert.Equal("categorical_crossentropy", compile.GetProperty("loss").GetString());
        }
        SmallConvNet again = Model.Load<SmallConvNet>(path, out ModelLoadReport report);
        Assert.True(report.IsCompiled, report.TrainingConfigIgnored);
        Assert.Equal(0.01, Assert.IsType<Adam>(again.Optimizer).LearningRate, 1e-9);
    }

    /// <summary>Adam's iteration count and moments go to optimizer/vars and come back: training goes on exactly as without the save.</summary>
    [Fact]
    public void An_adam_checkpoint_in_a_keras_file_resumes_training_exactly()
    {
        // No dropout in this network: the resumed model's draws would differ from the original's.
        Random random = new(7);
        float[] x = Enumerable.Range(0, 4 * 300).Select(_ => (float)random.NextDouble()).ToArray();
        float[] y = [0.1f, 0.5f, 0.9f, 0.3f];
        var model = new KerasStockLstmNet(seed: 1);
        model.Compile(Loss.MeanSquaredError, new Adam(learningRate: 0.01));
        for (int step = 0; step < 3; step++) model.TrainOnBatch(x, y);
        using var directory = new TempDirectory();
        string path = directory.File("checkpoint.keras");
        model.Save(path);
        KerasStockLstmNet resumed = Model.Load<KerasStockLstmNet>(path, out ModelLoadReport report);
        Assert.True(report.OptimizerStateRestored);
        Assert.Equal(3, resumed.Optimizer!.Iterations);
        Assert.Equal(model.Optimizer!.GetSlot(0).ToArray(), resumed.Optimizer.GetSlot(0).ToArray());
        Assert.Equal(model.Optimizer.GetSlot(1).ToArray(), resumed.Optimizer.GetSlot(1).ToArray());
        model.TrainOnBatch(x, y);
        resumed.TrainOnBatch(x, y);
        Assert.Equal(model.Parameters.ToArray(), resumed.Parameters.ToArray());
    }

    [SkippableFact]
    public void A_keras_file_whose_adam_moments_have_other_shapes_is_refused()
    {
        H5py.Require();
        using var directory = new TempDirectory();
        var narrow = new NarrowStockLstmNet(seed: 1);
        narrow.Compile(Loss.MeanSquaredError, new Adam());
        string narrowPath = directory.File("narrow.keras");
        narrow.Save(narrowPath);
        // The fixture's weights, with a narrower network's optimizer variables in their place.
        string source = Keras3Fixture(out JsonDocument expected);
        expected.Dispose();
        string script = directory.File("swap.py");
        File.WriteAllText(script, """
            import io, sys, zipfile, h5py
            src, other, out = sys.argv[1:4]
            data = io.BytesIO(zipfile.ZipFile(src).read("model.weights.h5"))
            theirs = io.BytesIO(zipfile.ZipFile(other).read("model.weights.h5"))
            with h5py.File(data, "a") as f, h5py.File(theirs, "r") as g:
                del f["optimizer"]
                g.copy("optimizer", f)
            with zipfile.ZipFile(src) as z, zipfile.ZipFile(out, "w") as w:
                for name in z.namelist():
                    w.writestr(name, data.getvalue() if name == "model.weights.h5" else z.read(name))
            """);
        string path = directory.File("swapped.keras");
        System.Diagnostics.Process process = System.Diagnostics.Process.Start("/usr/bin/python3", [script, source, narrowPath, path]);
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        var error = Assert.Throws<ModelFileException>(() => Model.Load<KerasStockLstmNet>(path));
        Assert.Contains("optimizer/vars/2 (lstm/lstm_cell/kernel's m) has shape (5, 80); expected (5, 120)", error.Message);
    }

    [Fact]
    public void A_keras_3_optimizer_setting_compiled_lacks_leaves_the_model_uncompiled_with_the_reason()
    {
        using var directory = new TempDirectory();
        string source = Keras3Fixture(out JsonDocument expected);
        expected.Dispose();
        string config = Encoding.UTF8.GetString(Member(source, "config.json")).Replace("\"clipnorm\": null", "\"clipnorm\": 1.0", StringComparison.Ordinal);
        Assert.Contains("\"clipnorm\": 1.0", config);
        KerasStockLstmNet model = Model.Load<KerasStockLstmNet>(Edited(directory, new() { ["config.json"] = Encoding.UTF8.GetBytes(config) }), out ModelLoadReport report);
        Assert.False(report.IsCompiled);
        Assert.Contains("compile_config not used: the optimizer Adam has clipnorm 1.0", report.TrainingConfigIgnored);
        Assert.Null(model.Optimizer);
    }
}
