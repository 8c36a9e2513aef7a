using System.Text.Json;
using Compiled.Hdf5;
using Compiled.Tests.Models;
using static Compiled.Tests.Hdf5.KerasConvolutionalFixtureTests;

namespace Compiled.Tests.Hdf5;

/// <summary>
/// Keras's Bidirectional(LSTM) file (<c>Fixtures/keras/bidirectional_lstm/</c>, Keras 2.1.3, weights named
/// <c>bidirectional_1/forward_lstm_1/kernel:0</c>) loads into the class declaring its network and predicts what a float64
/// numpy pass of Keras's formulas computed; saved again, it names the weights as tf.keras 2 does and loads back the same.
/// </summary>
public class KerasBidirectionalFixtureTests
{
    [Fact]
    public void Keras_bidirectional_lstm_file_reproduces_every_step_of_both_directions()
    {
        KerasBidirectionalLstmNet model = Model.Load<KerasBidirectionalLstmNet>(Fixture("bidirectional_lstm", out JsonDocument expected), out ModelLoadReport report);
        using (expected)
        {
            Assert.Equal("2.1.3", report.KerasVersion);
            Assert.Equal([4, 20], model.OutputShape.ToArray());
            var bidirectional = (BidirectionalLayer)model.Architecture[0];
            Assert.Equal(MergeMode.Concat, bidirectional.MergeMode);
            // The two copies' weights differ: the forward one's went to the forward half.
            Assert.NotEqual(model.WeightsOf(bidirectional.ForwardVariables[0]).ToArray(), model.WeightsOf(bidirectional.BackwardVariables[0]).ToArray());
            AssertReproduces(model, expected.RootElement);
        }
    }

    [Fact]
    public void A_saved_bidirectional_lstm_names_its_weights_as_tf_keras_and_loads_back()
    {
        KerasBidirectionalLstmNet model = Model.Load<KerasBidirectionalLstmNet>(Fixture("bidirectional_lstm", out JsonDocument expected));
        using (expected)
        {
            using var directory = new TempDirectory();
            string path = directory.File("bidirectional.h5");
            model.Save(path);
            Assert.Equal(
                ["forward_lstm_1/lstm_cell_1/kernel", "forward_lstm_1/lstm_cell_1/recurrent_kernel", "forward_lstm_1/lstm_cell_1/bias",
                 "backward_lstm_1/lstm_cell_1/kernel", "backward_lstm_1/lstm_cell_1/recurrent_kernel", "backward_lstm_1/lstm_cell_1/bias"],
                model.Architecture[0].Variables.Select(v => $"{v.Scope}/{v.Name}"));
            KerasBidirectionalLstmNet again = Model.Load<KerasBidirectionalLstmNet>(path);
            Assert.Equal(model.Parameters.ToArray(), again.Parameters.ToArray());
            AssertReproduces(again, expected.RootElement);
        }
    }

    [Fact]
    public void A_file_whose_bidirectional_merges_otherwise_is_refused_with_the_difference()
    {
        KerasBidirectionalLstmNet model = Model.Load<KerasBidirectionalLstmNet>(Fixture("bidirectional_lstm", out JsonDocument expected));
        expected.Dispose();
        var layer = (BidirectionalLayer)model.Architecture[0];
        using JsonDocument sum = JsonDocument.Parse("""{"merge_mode": "sum", "layer": {"class_name": "LSTM", "config": {"units": 10}}}""");
        Assert.Equal("the file's Bidirectional has merge_mode 'sum'; Net expects 'concat'", layer.CompareKerasConfig(sum.RootElement, "Net"));
        using JsonDocument none = JsonDocument.Parse("""{"merge_mode": null, "layer": {"class_name": "LSTM", "config": {}}}""");
        Assert.StartsWith("the file's Bidirectional has merge_mode None", layer.CompareKerasConfig(none.RootElement, "Net"));
        using JsonDocument units = JsonDocument.Parse("""{"merge_mode": "concat", "layer": {"class_name": "LSTM", "config": {"units": 12}}}""");
        Assert.Equal("in Bidirectional 'bidirectional_1', the file's LSTM has units 12; Net expects 10", layer.CompareKerasConfig(units.RootElement, "Net"));
        using JsonDocument gru = JsonDocument.Parse("""{"merge_mode": "concat", "layer": {"class_name": "GRU", "config": {}}}""");
        Assert.Equal("the file's Bidirectional wraps GRU; Net expects LSTM", layer.CompareKerasConfig(gru.RootElement, "Net"));
    }
}
