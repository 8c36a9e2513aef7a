using Compiled.Tests.Models;

namespace Compiled.Tests.Training;

/// <summary>
/// Keras's <c>get_weights</c>/<c>set_weights</c> on a model and on its layers: Keras's order (per layer, trainable then
/// non-trainable; Bidirectional forward then backward) and shapes, copies out, and a checked, all-or-nothing copy in.
/// </summary>
public class WeightsApiTests
{
    [Fact]
    public void Model_weights_come_in_keras_order_with_keras_names_and_shapes()
    {
        var model = new NormalizedNet(seed: 1);
        IReadOnlyList<Weight> weights = model.GetWeights();
        Assert.Equal(
            ["conv2d/kernel:0 (3, 3, 2, 2)", "conv2d/bias:0 (2,)", "batch_normalization/gamma:0 (2,)", "batch_normalization/beta:0 (2,)",
             "batch_normalization/moving_mean:0 (2,)", "batch_normalization/moving_variance:0 (2,)", "dense/kernel:0 (8, 3)", "dense/bias:0 (3,)"],
            weights.Select(w => $"{w.Name} {w.ShapeText}"));
        // Values are the model's: moving_variance starts at ones, the kernel at its initializer's values.
        Assert.Equal(new float[] { 1, 1 }, weights[5].Values);
        Assert.Equal(model.WeightsOf(model.Architecture[0].Variables[0]).ToArray(), weights[0].Values);
    }

    [Fact]
    public void Bidirectional_weights_are_the_forward_copy_then_the_backward_one()
    {
        var model = new KerasBidirectionalLstmNet(seed: 1);
        Assert.Equal(
            ["bidirectional_1/forward_lstm_1/lstm_cell_1/kernel:0", "bidirectional_1/forward_lstm_1/lstm_cell_1/recurrent_kernel:0", "bidirectional_1/forward_lstm_1/lstm_cell_1/bias:0",
             "bidirectional_1/backward_lstm_1/lstm_cell_1/kernel:0", "bidirectional_1/backward_lstm_1/lstm_cell_1/recurrent_kernel:0", "bidirectional_1/backward_lstm_1/lstm_cell_1/bias:0"],
            model.GetWeights().Select(w => w.Name));
    }

    [Fact]
    public void Get_weights_returns_copies()
    {
        var model = new NormalizedNet(seed: 1);
        float before = model.Parameters[0];
        model.GetWeights()[0].Values[0] = before + 1;
        Assert.Equal(before, model.Parameters[0]);
    }

    [Fact]
    public void Set_weights_copies_every_weight_including_non_trainable_ones()
    {
        var source = new NormalizedNet(seed: 1);
        for (int i = 0; i < source.NonTrainableParameters.Length; i++) source.NonTrainableParameters[i] = i + 0.5f;
        var target = new NormalizedNet(seed: 2);
        Assert.NotEqual(source.Parameters.ToArray(), target.Parameters.ToArray());

        target.SetWeights(source.GetWeights());

        Assert.Equal(source.Parameters.ToArray(), target.Parameters.ToArray());
        Assert.Equal(source.NonTrainableParameters.ToArray(), target.NonTrainableParameters.ToArray());
    }

    [Fact]
    public void Set_weights_with_a_wrong_shape_names_the_weight_and_both_shapes_and_changes_nothing()
    {
        var model = new NormalizedNet(seed: 1);
        float[] parameters = model.Parameters.ToArray(), state = model.NonTrainableParameters.ToArray();
        List<Weight> weights = model.GetWeights().Select(w => new Weight(w.Shape, w.Values.Select(v => v + 1).ToArray())).ToList();
        // Every weight but the last fits: none may be written.
        weights[^1] = new Weight([4], new float[4]);

        var error = Assert.Throws<ArgumentException>(() => model.SetWeights(weights));

        Assert.Contains("Weight 7 (dense/bias:0) of model sequential has shape (3,); the weight given has shape (4,)", error.Message);
        Assert.Equal(parameters, model.Parameters.ToArray());
        Assert.Equal(state, model.NonTrainableParameters.ToArray());
    }

    [Fact]
    public void Set_weights_with_a_wrong_count_or_too_few_values_is_refused()
    {
        var model = new NormalizedNet(seed: 1);
        float[] parameters = model.Parameters.ToArray();
        IReadOnlyList<Weight> weights = model.GetWeights();

        var count = Assert.Throws<ArgumentException>(() => model.SetWeights(weights.Take(7).ToArray()));
        Assert.Contains("has 8 weights (conv2d/kernel:0, conv2d/bias:0, batch_normalization/gamma:0", count.Message);
        Assert.Contains("7 were given", count.Message);

        Weight[] short_ = [.. weights.Take(6), new Weight([8, 3], new float[23]), weights[7]];
        var values = Assert.Throws<ArgumentException>(() => model.SetWeights(short_));
        Assert.Contains("Weight 6 (dense/kernel:0) of model sequential has shape (8, 3), 24 values; the weight given holds 23 values", values.Message);
        Assert.Equal(parameters, model.Parameters.ToArray());
    }

    [Fact]
    public void A_layer_gets_and_sets_only_its_own_weights()
    {
        var model = new NormalizedNet(seed: 1);
        float[] parameters = model.Parameters.ToArray();
        ModelLayer normalization = model.GetLayer("batch_normalization");
        Assert.Equal(["gamma:0", "beta:0", "moving_mean:0", "moving_variance:0"], normalization.GetWeights().Select(w => w.Name.Split('/')[^1]));

        normalization.SetWeights([new Weight([2], [2, 3]), new Weight([2], [4, 5]), new Weight([2], [6, 7]), new Weight([2], [8, 9])]);

        Assert.Equal(new float[] { 2, 3, 4, 5, 6, 7, 8, 9 }, normalization.GetWeights().SelectMany(w => w.Values));
        Assert.Equal(new float[] { 6, 7, 8, 9 }, model.NonTrainableParameters.ToArray());
        // The convolution before it and the dense layer after it are untouched.
        BatchNormalizationLayer info = (BatchNormalizationLayer)normalization.Info;
        float[] expected = (float[])parameters.Clone();
        expected[info.Variables[0].Offset] = 2; expected[info.Variables[0].Offset + 1] = 3;
        expected[info.Variables[1].Offset] = 4; expected[info.Variables[1].Offset + 1] = 5;
        Assert.Equal(expected, model.Parameters.ToArray());

        var error = Assert.Throws<ArgumentException>(() => model.GetLayer("dense").SetWeights([new Weight([3, 8], new float[24]), new Weight([3], new float[3])]));
        Assert.Contains("Weight 0 (dense/kernel:0) of layer dense has shape (8, 3); the weight given has shape (3, 8)", error.Message);
    }

    [Fact]
    public void Get_layer_by_name_or_index_and_unknown_names_list_the_layers()
    {
        var model = new NormalizedNet(seed: 1);
        Assert.Equal("flatten", model.GetLayer(2).Name);
        Assert.Empty(model.GetLayer("flatten").GetWeights());
        var error = Assert.Throws<ArgumentException>(() => model.GetLayer("dense_9"));
        Assert.Contains("has no layer 'dense_9'; its layers are conv2d, batch_normalization, flatten, dense", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.GetLayer(4));
    }
}
