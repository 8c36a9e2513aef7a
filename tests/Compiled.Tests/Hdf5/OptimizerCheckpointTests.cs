using System.Text;
using System.Text.Json;
using Compiled.Hdf5;
using Samples.Iris;

namespace Compiled.Tests.Hdf5;

/// <summary>
/// A model compiled with any of Keras's optimizers saves and loads with its <c>training_config</c> (tf.keras 2.4's
/// settings) and <c>optimizer_weights</c> (Keras's slot names, in Keras's order), and training resumes bit for bit.
/// </summary>
public class OptimizerCheckpointTests
{
    private const int StepsBefore = 5, StepsAfter = 4, Batch = 6;

    public static TheoryData<string> Optimizers => new(s_optimizers.Keys);

    private static readonly Dictionary<string, Func<Optimizer>> s_optimizers = new()
    {
        ["Adam"] = () => new Adam(learningRate: 0.01, beta1: 0.8, beta2: 0.95, epsilon: 1e-4, decay: 0.01),
        ["Adam amsgrad"] = () => new Adam(learningRate: 0.01, amsgrad: true),
        ["RMSprop"] = () => new RMSprop(learningRate: 0.005, rho: 0.8, decay: 0.01),
        ["RMSprop momentum centered"] = () => new RMSprop(learningRate: 0.005, momentum: 0.5, centered: true),
        ["Adagrad"] = () => new Adagrad(learningRate: 0.05, initialAccumulatorValue: 0.2),
        ["Adadelta"] = () => new Adadelta(learningRate: 1.0, rho: 0.9),
        ["Adamax"] = () => new Adamax(learningRate: 0.01, decay: 0.01),
        ["Nadam"] = () => new Nadam(learningRate: 0.01, scheduleDecay: 0.1),
        ["Adam with ExponentialDecay"] = () => new Adam(decay: 0.01) { LearningRateSchedule = new ExponentialDecay(0.01, decaySteps: 3, decayRate: 0.5) },
        ["RMSprop with InverseTimeDecay"] = () => new RMSprop(momentum: 0.3) { LearningRateSchedule = new InverseTimeDecay(0.01, decaySteps: 2, decayRate: 1.0, staircase: true) },
        ["SGD with PiecewiseConstantDecay"] = () => new SGD(momentum: 0.9) { LearningRateSchedule = new PiecewiseConstantDecay([3, 6], [0.1, 0.05, 0.01]) },
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Resuming_from_a_checkpoint_matches_uninterrupted_training_bit_for_bit(string name)
    {
        (float[] X, float[] Y)[] batches = Batches(StepsBefore + StepsAfter);
        using var directory = new TempDirectory();
        string checkpoint = directory.File("checkpoint.h5");

        var uninterrupted = new IrisNet(seed: 5);
        Optimizer optimizer = s_optimizers[name]();
        uninterrupted.Compile(Loss.CategoricalCrossentropy, optimizer, Metric.CategoricalAccuracy);
        for (int step = 0; step < StepsBefore; step++) uninterrupted.TrainOnBatch(batches[step].X, batches[step].Y);
        uninterrupted.Save(checkpoint);

        IrisNet resumed = Model.Load<IrisNet>(checkpoint, out ModelLoadReport report);
        Assert.True(report.IsCompiled, report.TrainingConfigIgnored);
        Assert.True(report.OptimizerStateRestored);
        Optimizer restored = resumed.Optimizer!;
        Assert.IsType(optimizer.GetType(), restored);
        Assert.Equal(KerasConfig(optimizer), KerasConfig(restored));
        Assert.Equal(StepsBefore, restored.Iterations);
        for (int s = 0; s < optimizer.SlotNames.Count; s++) Assert.Equal(optimizer.GetSlot(s).ToArray(), restored.GetSlot(s).ToArray());

        for (int step = StepsBefore; step < batches.Length; step++)
        {
            uninterrupted.TrainOnBatch(batches[step].X, batches[step].Y);
            resumed.TrainOnBatch(batches[step].X, batches[step].Y);
        }
        Assert.Equal(uninterrupted.Parameters.ToArray(), resumed.Parameters.ToArray());
        for (int s = 0; s < optimizer.SlotNames.Count; s++) Assert.Equal(optimizer.GetSlot(s).ToArray(), restored.GetSlot(s).ToArray());

        // The slots are what made this work: the same weights and iteration count with fresh slots end elsewhere.
        IrisNet fresh = Model.Load<IrisNet>(checkpoint);
        fresh.Compile(Loss.CategoricalCrossentropy, s_optimizers[name](), Metric.CategoricalAccuracy);
        for (int step = StepsBefore; step < batches.Length; step++) fresh.TrainOnBatch(batches[step].X, batches[step].Y);
        Assert.NotEqual(uninterrupted.Parameters.ToArray(), fresh.Parameters.ToArray());
    }

    [SkippableFact]
    public void Adam_with_amsgrad_is_saved_as_tf_keras_2_4_saves_it()
    {
        H5py.Require();
        var model = new IrisNet(seed: 2);
        var adam = new Adam(learningRate: 0.002, amsgrad: true);
        model.Compile(Loss.CategoricalCrossentropy, adam, Metric.CategoricalAccuracy);
        (float[] X, float[] Y)[] batches = Batches(2);
        foreach ((float[] x, float[] y) in batches) model.TrainOnBatch(x, y);
        using var directory = new TempDirectory();
        string path = directory.File("adam.h5");
        model.Save(path);

        using JsonDocument dump = H5py.Dump(path);
        JsonElement root = dump.RootElement;
        // tf.keras 2.4 creates m for every variable, then v, then vhat.
        string[] variables = ["dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias"];
        Assert.Equal(
            ["Adam/iter:0", .. new[] { "m", "v", "vhat" }.SelectMany(slot => variables.Select(v => $"Adam/{v}/{slot}:0"))],
            root.GetProperty("attributes").GetProperty("optimizer_weights").GetProperty("weight_names").GetProperty("value").EnumerateArray().Select(n => n.GetString()!));
        JsonElement vhat = root.GetProperty("datasets").GetProperty("optimizer_weights/Adam/dense/kernel/vhat:0");
        Assert.Equal([4, 16], vhat.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal(adam.GetSlot(2)[..64].ToArray(), vhat.GetProperty("values").EnumerateArray().Select(v => (float)v.GetDouble()));
        Assert.Equal(2, root.GetProperty("datasets").GetProperty("optimizer_weights/Adam/iter:0").GetProperty("values")[0].GetInt64());

        // Keras's own reading steps (tf.keras 2.4's load_optimizer_weights_from_hdf5_group, replayed with h5py) find every one, shaped as its variable.
        using JsonDocument keras = JsonDocument.Parse(H5py.Run("read_like_keras.py", path));
        Assert.Equal(
            """{"Adam/iter:0": [], "Adam/dense/kernel/m:0": [4, 16], "Adam/dense/bias/m:0": [16], "Adam/dense_1/kernel/m:0": [16, 3], "Adam/dense_1/bias/m:0": [3], "Adam/dense/kernel/v:0": [4, 16], "Adam/dense/bias/v:0": [16], "Adam/dense_1/kernel/v:0": [16, 3], "Adam/dense_1/bias/v:0": [3], "Adam/dense/kernel/vhat:0": [4, 16], "Adam/dense/bias/vhat:0": [16], "Adam/dense_1/kernel/vhat:0": [16, 3], "Adam/dense_1/bias/vhat:0": [3]}""",
            keras.RootElement.GetProperty("optimizer_weights").GetRawText());

        JsonElement config = root.GetProperty("training_config").GetProperty("optimizer_config");
        Assert.Equal("Adam", config.GetProperty("class_name").GetString());
        Assert.Equal(
            """{"name":"Adam","learning_rate":0.002,"decay":0.0,"beta_1":0.9,"beta_2":0.999,"epsilon":1e-07,"amsgrad":true}""",
            JsonSerializer.Serialize(config.GetProperty("config")));
    }

    [SkippableFact]
    public void Nadams_momentum_cache_follows_the_counter_and_adagrads_accumulators_start_at_their_initial_value()
    {
        H5py.Require();
        using var directory = new TempDirectory();
        var nadamModel = new IrisNet(seed: 2);
        var nadam = new Nadam();
        nadamModel.Compile(Loss.CategoricalCrossentropy, nadam);
        foreach ((float[] x, float[] y) in Batches(3)) nadamModel.TrainOnBatch(x, y);
        string nadamPath = directory.File("nadam.h5");
        nadamModel.Save(nadamPath);
        using (JsonDocument dump = H5py.Dump(nadamPath))
        {
            string[] names = [.. dump.RootElement.GetProperty("attributes").GetProperty("optimizer_weights").GetProperty("weight_names").GetProperty("value").EnumerateArray().Select(n => n.GetString()!)];
            Assert.Equal(["Nadam/iter:0", "Nadam/momentum_cache:0", "Nadam/dense/kernel/m:0"], names[..3]);
            JsonElement cache = dump.RootElement.GetProperty("datasets").GetProperty("optimizer_weights/Nadam/momentum_cache:0");
            Assert.Equal("float32", cache.GetProperty("dtype").GetString());
            Assert.Equal((float)nadam.MomentumCache, (float)cache.GetProperty("values")[0].GetDouble());
            Assert.True(nadam.MomentumCache < 0.1, "three schedule momenta near 0.45 multiply to about 0.09");
        }

        // Saved before any update, Adagrad's accumulators hold the initial value Keras creates them with, not zeros.
        var adagradModel = new IrisNet(seed: 2);
        adagradModel.Compile(Loss.CategoricalCrossentropy, new Adagrad(initialAccumulatorValue: 0.25));
        string adagradPath = directory.File("adagrad.h5");
        adagradModel.Save(adagradPath);
        using (JsonDocument dump = H5py.Dump(adagradPath))
        {
            JsonElement accumulator = dump.RootElement.GetProperty("datasets").GetProperty("optimizer_weights/Adagrad/dense/bias/accumulator:0");
            Assert.All(accumulator.GetProperty("values").EnumerateArray(), v => Assert.Equal(0.25, v.GetDouble()));
        }
        IrisNet loaded = Model.Load<IrisNet>(adagradPath);
        Assert.All(loaded.Optimizer!.GetSlot(0).ToArray(), v => Assert.Equal(0.25f, v));
    }

    [Fact]
    public void A_file_whose_slots_are_not_the_optimizers_is_refused_naming_what_was_expected()
    {
        using var directory = new TempDirectory();
        string path = directory.File("rmsprop.h5");
        var model = new IrisNet(seed: 2);
        model.Compile(Loss.CategoricalCrossentropy, new RMSprop(momentum: 0.5));
        foreach ((float[] x, float[] y) in Batches(1)) model.TrainOnBatch(x, y);
        model.Save(path);
        // The same file read as RMSprop without momentum: its momentum slots are then one slot too many per variable.
        Rewrite(path, "\"momentum\":0.5", "\"momentum\":0.0");
        var error = Assert.Throws<ModelFileException>(() => Model.Load<IrisNet>(path));
        Assert.Contains("expected 4 for RMSprop (which keeps rms per trainable variable)", error.Message);
    }

    /// <summary>Replaces text inside the training_config attribute, keeping its length so the file stays valid HDF5.</summary>
    private static void Rewrite(string path, string from, string to)
    {
        Assert.Equal(from.Length, to.Length);
        byte[] bytes = File.ReadAllBytes(path);
        byte[] pattern = Encoding.UTF8.GetBytes(from), replacement = Encoding.UTF8.GetBytes(to);
        int at = bytes.AsSpan().IndexOf(pattern);
        Assert.True(at >= 0, $"'{from}' not found in the file");
        replacement.CopyTo(bytes, at);
        File.WriteAllBytes(path, bytes);
    }

    private static string KerasConfig(Optimizer optimizer)
    {
        using MemoryStream buffer = new();
        using (Utf8JsonWriter writer = new(buffer))
        {
            writer.WriteStartObject();
            optimizer.WriteKerasConfig(writer);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static (float[] X, float[] Y)[] Batches(int count) => CheckpointTests.Batches(count, Batch, seed: 77);
}
