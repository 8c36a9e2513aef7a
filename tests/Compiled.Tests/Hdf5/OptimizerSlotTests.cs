using System.Text.Json;
using Compiled.Hdf5;
using Samples.Iris;

namespace Compiled.Tests.Hdf5;

/// <summary>
/// Saving and loading an optimizer's state is one loop over its named slots: an optimizer with two slots per
/// parameter (as Adam's <c>m</c> and <c>v</c>) is saved in tf.keras 2.4's layout and restored exactly, without the
/// HDF5 code knowing it.
/// </summary>
public class OptimizerSlotTests
{
    /// <summary>A made-up optimizer with two slots per parameter: <c>m += g</c>, <c>v += g²</c>, <c>p -= rate · m</c>.</summary>
    private sealed class TwoSlots(double rate) : Optimizer
    {
        private float[] _m = [], _v = [];

        public double Rate { get; } = rate;
        public override string Name => "TwoSlots";
        public override IReadOnlyList<string> SlotNames { get; } = ["m", "v"];
        public override ReadOnlySpan<float> GetSlot(int index) => index switch { 0 => _m, 1 => _v, _ => base.GetSlot(index) };

        protected override void RestoreSlots(IReadOnlyList<float[]> slots) => (_m, _v) = (slots[0].ToArray(), slots[1].ToArray());

        public override void WriteKerasConfig(Utf8JsonWriter writer) => writer.WriteNumber("rate", Rate);

        public override void Apply(Span<float> parameters, ReadOnlySpan<float> gradients)
        {
            if (_m.Length != parameters.Length) (_m, _v) = (new float[parameters.Length], new float[parameters.Length]);
            for (int i = 0; i < parameters.Length; i++)
            {
                _m[i] += gradients[i];
                _v[i] += gradients[i] * gradients[i];
                parameters[i] -= (float)Rate * _m[i];
            }
            Iterations++;
        }
    }

    [Fact]
    public void An_optimizer_with_two_slots_saves_and_loads_by_its_slot_names()
    {
        TrainingConfig.OptimizerForTests = ("TwoSlots", settings => new TwoSlots(settings.GetProperty("rate").GetDouble()));
        var model = new IrisNet(seed: 2);
        var optimizer = new TwoSlots(0.05);
        model.Compile(Loss.CategoricalCrossentropy, optimizer);
        float[] x = Enumerable.Range(0, 3 * 4).Select(i => i * 0.1f).ToArray();
        float[] y = [1, 0, 0, 0, 1, 0, 0, 0, 1];
        model.TrainOnBatch(x, y);
        model.TrainOnBatch(x, y);

        using var directory = new TempDirectory();
        string path = directory.File("two-slots.h5");
        model.Save(path);
        IrisNet loaded = Model.Load<IrisNet>(path, out ModelLoadReport report);

        Assert.True(report.OptimizerStateRestored);
        var restored = Assert.IsType<TwoSlots>(loaded.Optimizer);
        Assert.Equal((0.05, 2L), (restored.Rate, restored.Iterations));
        Assert.Equal(optimizer.GetSlot(0).ToArray(), restored.GetSlot(0).ToArray());
        Assert.Equal(optimizer.GetSlot(1).ToArray(), restored.GetSlot(1).ToArray());
        model.TrainOnBatch(x, y);
        loaded.TrainOnBatch(x, y);
        Assert.Equal(model.Parameters.ToArray(), loaded.Parameters.ToArray());

    }

    [SkippableFact]
    public void Slots_are_saved_under_tf_keras_2_4_names_one_slot_after_another()
    {
        H5py.Require();
        TrainingConfig.OptimizerForTests = ("TwoSlots", settings => new TwoSlots(settings.GetProperty("rate").GetDouble()));
        var model = new IrisNet(seed: 2);
        model.Compile(Loss.CategoricalCrossentropy, new TwoSlots(0.05));
        using var directory = new TempDirectory();
        string path = directory.File("two-slots.h5");
        model.Save(path);

        // The counter, then each slot for every trainable variable in turn, as tf.keras 2.4 creates Adam's m, then v.
        using JsonDocument dump = H5py.Dump(path);
        JsonElement names = dump.RootElement.GetProperty("attributes").GetProperty("optimizer_weights").GetProperty("weight_names").GetProperty("value");
        Assert.Equal(
            ["TwoSlots/iter:0",
             "TwoSlots/dense/kernel/m:0", "TwoSlots/dense/bias/m:0", "TwoSlots/dense_1/kernel/m:0", "TwoSlots/dense_1/bias/m:0",
             "TwoSlots/dense/kernel/v:0", "TwoSlots/dense/bias/v:0", "TwoSlots/dense_1/kernel/v:0", "TwoSlots/dense_1/bias/v:0"],
            names.EnumerateArray().Select(n => n.GetString()!));
        Assert.Equal([16], dump.RootElement.GetProperty("datasets").GetProperty("optimizer_weights/TwoSlots/dense/bias/v:0").GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
    }

    [Fact]
    public void Sgd_exposes_its_velocity_as_the_momentum_slot()
    {
        var plain = new SGD(lr: 0.1);
        Assert.Empty(plain.SlotNames);
        plain.RestoreState(3, Array.Empty<float[]>());
        Assert.Equal(3, plain.Iterations);

        var sgd = new SGD(lr: 0.1, momentum: 0.5);
        Assert.Equal(["momentum"], sgd.SlotNames);
        Assert.True(sgd.GetSlot(0).IsEmpty, "no velocity before the first update: Keras's zeros");
        sgd.RestoreState(4, [[0.25f, -0.5f]]);
        Assert.Equal([0.25f, -0.5f], sgd.GetSlot(0).ToArray());
        Assert.Equal(sgd.Velocity.ToArray(), sgd.GetSlot(0).ToArray());
        Assert.Equal(4, sgd.Iterations);
        Assert.Throws<ArgumentException>(() => sgd.RestoreState(1, Array.Empty<float[]>()));
    }
}
