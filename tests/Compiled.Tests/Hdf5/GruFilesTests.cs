using System.Text.Json;
using Compiled.Hdf5;
using Compiled.Tests.Layers;

namespace Compiled.Tests.Hdf5;

/// <summary>
/// GRU networks in Keras's HDF5 files, with no Keras-made GRU file to load: a file h5py writes in tf.keras 2.4's layout
/// (weights in the cell's scope, the <c>reset_after</c> bias <c>(2, 3·units)</c>, a Bidirectional GRU's two copies) loads
/// every weight where Keras's layout puts it and predicts what an independent float64 GRU computes from the same
/// hand-built weights; our files name and shape every GRU weight as tf.keras 2.4 does, read back through Keras's reading
/// steps; and weights, momentum and training resume bit for bit through a save and a load.
/// </summary>
public class GruFilesTests
{
    [SkippableFact]
    public void A_tf_keras_layout_file_of_hand_built_weights_predicts_what_a_float64_gru_computes()
    {
        H5py.Require();
        using var directory = new TempDirectory();
        string path = directory.File("gru.h5");
        H5py.Run("write_keras_gru_h5.py", path);

        HandBuiltGruFileNet model = Model.Load<HandBuiltGruFileNet>(path, out ModelLoadReport report);

        Assert.Equal("2.4.0", report.KerasVersion);
        // The file's weights, in its order, as the script's pattern makes them: every one where Keras's layout puts it.
        int[] sizes = [3 * 12, 4 * 12, 2 * 12, 4 * 6, 2 * 6, 6, 4 * 6, 2 * 6, 6, 4 * 9, 3 * 9, 9];
        float[] expected = [.. sizes.SelectMany((count, k) => Enumerable.Range(0, count).Select(i => (float)((1 + k / 10.0) * ((7 * i) % 23 - 11) / 40)))];
        Assert.Equal(expected, model.Parameters.ToArray());

        var reference = new ImageReference(5, 3)
            .Gru(4, 0, returnSequences: true)
            .BidirectionalGru(2, HandBuiltGruFileNet.Layers.Bidirectional.ParameterOffset, "concat", returnSequences: true, resetAfter: false)
            .Gru(3, HandBuiltGruFileNet.Layers.Gru1.ParameterOffset, goBackwards: true, resetAfter: false, recurrentActivation: "hard_sigmoid");
        var random = new SeededRandom(3);
        float[] x = [.. Enumerable.Range(0, 4 * 15).Select(_ => (float)random.NextGaussian())];
        double[] computed = reference.Forward([.. x.Select(v => (double)v)], [.. expected.Select(v => (double)v)], 4);
        float[] predicted = model.Predict(x);
        Assert.Equal(computed.Length, predicted.Length);
        for (int i = 0; i < computed.Length; i++) Assert.Equal(computed[i], predicted[i], 1e-5);
    }

    [SkippableFact]
    public void Our_file_names_and_shapes_every_gru_weight_as_tf_keras_2_4_does()
    {
        H5py.Require();
        using var directory = new TempDirectory();
        string path = directory.File("gru.h5");
        var model = new HandBuiltGruFileNet(seed: 1);
        model.Compile(Loss.MeanSquaredError, new SGD(lr: 0.01, momentum: 0.9));
        model.Save(path);

        using JsonDocument read = JsonDocument.Parse(H5py.Run("read_like_keras.py", path));
        JsonElement weights = read.RootElement.GetProperty("model_weights");
        Assert.Equal("""["gru", "bidirectional", "gru_1"]""", weights.GetProperty("layer_names").GetRawText());
        string Shapes(string layer) => string.Join("; ", weights.GetProperty("layers").GetProperty(layer).EnumerateObject().Select(w => $"{w.Name} {w.Value.GetRawText()}"));
        Assert.Equal("gru/gru_cell/kernel:0 [3, 12]; gru/gru_cell/recurrent_kernel:0 [4, 12]; gru/gru_cell/bias:0 [2, 12]", Shapes("gru"));
        Assert.Equal("bidirectional/forward_gru_2/gru_cell_2/kernel:0 [4, 6]; bidirectional/forward_gru_2/gru_cell_2/recurrent_kernel:0 [2, 6]; "
                     + "bidirectional/forward_gru_2/gru_cell_2/bias:0 [6]; bidirectional/backward_gru_2/gru_cell_2/kernel:0 [4, 6]; "
                     + "bidirectional/backward_gru_2/gru_cell_2/recurrent_kernel:0 [2, 6]; bidirectional/backward_gru_2/gru_cell_2/bias:0 [6]", Shapes("bidirectional"));
        Assert.Equal("gru_1/gru_cell_1/kernel:0 [4, 9]; gru_1/gru_cell_1/recurrent_kernel:0 [3, 9]; gru_1/gru_cell_1/bias:0 [9]", Shapes("gru_1"));
        Assert.Contains("SGD/gru/gru_cell/bias/momentum:0", read.RootElement.GetProperty("optimizer_weights").EnumerateObject().Select(w => w.Name));

        JsonElement[] layers = [.. read.RootElement.GetProperty("model_config").GetProperty("config").GetProperty("layers").EnumerateArray()];
        Assert.Equal(["GRU", "Bidirectional", "GRU"], layers.Select(l => l.GetProperty("class_name").GetString()));
        Assert.True(layers[0].GetProperty("config").GetProperty("reset_after").GetBoolean());
        JsonElement wrapped = layers[1].GetProperty("config").GetProperty("layer");
        Assert.Equal("GRU", wrapped.GetProperty("class_name").GetString());
        Assert.False(wrapped.GetProperty("config").GetProperty("reset_after").GetBoolean());
        Assert.Equal("hard_sigmoid", layers[2].GetProperty("config").GetProperty("recurrent_activation").GetString());
    }

    [Fact]
    public void Gru_weights_and_momentum_round_trip_and_training_resumes_identically()
    {
        ConvolutionalFilesTests.RoundTrip(new StackedGruNet(seed: 3), Loss.CategoricalCrossentropy);
        ConvolutionalFilesTests.RoundTrip(new ResetBeforeGruNet(seed: 3), Loss.MeanSquaredError);
        ConvolutionalFilesTests.RoundTrip(new HardSigmoidGruNet(seed: 3), Loss.CategoricalCrossentropy);
        ConvolutionalFilesTests.RoundTrip(new ConcatSequenceBiGruNet(seed: 3), Loss.CategoricalCrossentropy);
        ConvolutionalFilesTests.RoundTrip(new HandBuiltGruFileNet(seed: 3), Loss.MeanSquaredError);
    }

    [Fact]
    public void A_file_whose_gru_resets_the_other_way_is_refused_naming_the_setting()
    {
        using var directory = new TempDirectory();
        string path = directory.File("gru.h5");
        new ResetBeforeGruNet(seed: 1).Save(path);
        var error = Assert.Throws<ModelFileException>(() => Model.Load<ResetAfterTwinGruNet>(path));
        Assert.Contains("layer 0 'gru': the file's GRU has reset_after False; ResetAfterTwinGruNet expects True", error.Message);
    }
}

/// <summary>The network <c>write_keras_gru_h5.py</c> writes: both forms of the reset gate, a Bidirectional GRU, hard sigmoid gates read backwards.</summary>
[Sequential(InputShape = new[] { 5, 3 })]
[GRU(4, ReturnSequences = true, Name = "gru")]
[Bidirectional(Name = "bidirectional")]
[GRU(2, ReturnSequences = true, ResetAfter = false, Name = "gru_2")]
[GRU(3, ResetAfter = false, RecurrentActivation = Activation.HardSigmoid, GoBackwards = true, Name = "gru_1")]
public partial class HandBuiltGruFileNet;

/// <summary><see cref="ResetBeforeGruNet"/>'s network with tf.keras 2's reset gate, which its files do not have.</summary>
[Sequential(InputShape = new[] { 5, 3 })]
[GRU(9, ReturnSequences = true)]
[GRU(4, ResetAfter = false, GoBackwards = true)]
[Dense(3, Activation = Activation.Softmax)]
public partial class ResetAfterTwinGruNet;
