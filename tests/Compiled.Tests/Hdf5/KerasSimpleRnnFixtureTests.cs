using System.Text.Json;
using Compiled.Hdf5;
using Compiled.Tests.Layers;
using Compiled.Tests.Models;
using static Compiled.Tests.Hdf5.KerasConvolutionalFixtureTests;

namespace Compiled.Tests.Hdf5;

/// <summary>
/// Files written by real Keras with SimpleRNN layers (<c>Fixtures/keras/simple_rnn_*/</c>, see the README there) load into
/// the classes declaring their networks and predict what Keras recorded, or what a float64 numpy pass of Keras's formulas
/// computed, within the fixtures' tolerances; saved again they name the weights in the cell's scope as tf.keras 2 does and
/// read back the same, through our reader and Keras's.
/// </summary>
public class KerasSimpleRnnFixtureTests
{
    [Fact]
    public void Keras_2_1_simple_rnn_and_flatten_file_reproduces_the_outputs_keras_recorded()
    {
        KerasSimpleRnnFlattenNet model = Model.Load<KerasSimpleRnnFlattenNet>(Fixture("simple_rnn_flatten_recorded", out JsonDocument expected), out ModelLoadReport report);
        using (expected)
        {
            Assert.Equal("2.1.3", report.KerasVersion);
            Assert.Equal("keras_recorded", expected.RootElement.GetProperty("expected_source").GetString());
            // Keras compiled it with RMSprop (Keras 2.1's lr, rho, decay and epsilon) and mse: it loads compiled. Keras 2.1
            // saved RMSprop's accumulators as training/RMSprop/Variable:0, …, without a counter or the variables' names,
            // which tf.keras 2.4's load_model cannot place either: training goes on with fresh slots.
            Assert.True(report.IsCompiled, report.TrainingConfigIgnored);
            Assert.False(report.OptimizerStateRestored);
            var rmsprop = Assert.IsType<RMSprop>(model.Optimizer);
            Assert.Equal((0.0010000000474974513, 0.8999999761581421, 0.0, 1e-7, 0.0, false), (rmsprop.LearningRate, rmsprop.Rho, rmsprop.Decay, rmsprop.Epsilon, rmsprop.Momentum, rmsprop.Centered));
            Assert.Equal("mean_squared_error", model.Loss!.Name);
            var rnn = (SimpleRNNLayer)model.Architecture[0];
            // Keras 2.1 names the weights simple_rnn_1/kernel:0, without the cell's scope tf.keras 2 adds: both read the same.
            Assert.Equal([1, 50], rnn.Kernel.Shape.ToArray());
            Assert.NotEqual(0f, model.WeightsOf(rnn.Bias!).ToArray().Select(Math.Abs).Max());
            AssertReproduces(model, expected.RootElement);
        }
    }

    [Fact]
    public void Tf_keras_stacked_simple_rnn_file_reproduces_every_step_over_three_steps()
    {
        KerasStackedSimpleRnnNet model = Model.Load<KerasStackedSimpleRnnNet>(Fixture("simple_rnn_stacked_tfkeras", out JsonDocument expected), out ModelLoadReport report);
        using (expected)
        {
            Assert.Equal("2.2.4-tf", report.KerasVersion);
            Assert.Equal([3, 4], model.OutputShape.ToArray());
            AssertReproduces(model, expected.RootElement);
        }
    }

    [Fact]
    public void A_file_saved_from_a_keras_simple_rnn_loads_back_and_predicts_the_same()
    {
        KerasStackedSimpleRnnNet model = Model.Load<KerasStackedSimpleRnnNet>(Fixture("simple_rnn_stacked_tfkeras", out JsonDocument expected));
        using (expected)
        {
            using var directory = new TempDirectory();
            string path = directory.File("stacked.h5");
            model.Save(path);
            KerasStackedSimpleRnnNet again = Model.Load<KerasStackedSimpleRnnNet>(path);
            Assert.Equal(model.Parameters.ToArray(), again.Parameters.ToArray());
            AssertReproduces(again, expected.RootElement);
        }
    }

    /// <summary>
    /// The stacked tf.keras file loaded and saved again reads, through Keras's own reading code, with the same layers and
    /// the same weights in the same order and shapes (<c>simple_rnn_8/kernel:0</c> as <c>simple_rnn_8/simple_rnn_cell_8/kernel:0</c>,
    /// tf.keras 2.4's scope), and every setting Keras wrote is written again with its value.
    /// </summary>
    [SkippableFact]
    public void Our_file_of_the_stacked_keras_simple_rnn_reads_as_the_keras_file_reads()
        => KerasRecurrentFixtureTests.AssertOurFileReadsAsTheKerasFileReads<KerasStackedSimpleRnnNet>("simple_rnn_stacked_tfkeras", "simple_rnn_");

    [Fact]
    public void Simple_rnn_weights_and_momentum_round_trip_and_training_resumes_identically()
    {
        ConvolutionalFilesTests.RoundTrip(new StackedSimpleRnnNet(seed: 3), Loss.CategoricalCrossentropy);
        ConvolutionalFilesTests.RoundTrip(new BackwardsSimpleRnnNet(seed: 3), Loss.MeanSquaredError);
        ConvolutionalFilesTests.RoundTrip(new NoBiasSimpleRnnNet(seed: 3), Loss.CategoricalCrossentropy);
        ConvolutionalFilesTests.RoundTrip(new ConcatSequenceBiSimpleRnnNet(seed: 3), Loss.CategoricalCrossentropy);
    }

    [Fact]
    public void Simple_rnn_weights_and_slots_are_named_in_the_cells_scope_as_tf_keras_2_names_them()
    {
        var model = new StackedSimpleRnnNet(seed: 1);
        ModelVariable[] first = [.. ModelVariable.Of(model.Architecture[0])], second = [.. ModelVariable.Of(model.Architecture[1])];
        Assert.Equal(["simple_rnn/simple_rnn_cell/kernel:0", "simple_rnn/simple_rnn_cell/recurrent_kernel:0", "simple_rnn/simple_rnn_cell/bias:0"],
            first.Select(v => v.WeightName));
        Assert.Equal("simple_rnn_1/simple_rnn_cell_1/kernel:0", second[0].WeightName);
        Assert.Equal("SGD/simple_rnn_1/simple_rnn_cell_1/recurrent_kernel/momentum:0", second[1].SlotName("SGD", "momentum"));

        var bidirectional = (BidirectionalLayer)new ConcatSequenceBiSimpleRnnNet(seed: 1).Architecture[0];
        Assert.Equal(["forward_simple_rnn/simple_rnn_cell/kernel", "forward_simple_rnn/simple_rnn_cell/recurrent_kernel", "forward_simple_rnn/simple_rnn_cell/bias",
                "backward_simple_rnn/simple_rnn_cell/kernel", "backward_simple_rnn/simple_rnn_cell/recurrent_kernel", "backward_simple_rnn/simple_rnn_cell/bias"],
            bidirectional.Variables.Select(v => $"{v.Scope}/{v.Name}"));
    }

    [Fact]
    public void A_keras_simple_rnn_with_other_settings_is_refused_naming_the_setting()
    {
        string path = Fixture("simple_rnn_flatten_recorded", out JsonDocument expected);
        expected.Dispose();
        var dropout = Assert.Throws<ModelFileException>(() => Model.Load<KerasSimpleRnnWithoutDropoutNet>(path));
        Assert.Contains("layer 0 'simple_rnn_1': the file's SimpleRNN has dropout 0.2; KerasSimpleRnnWithoutDropoutNet expects 0.0", dropout.Message);
        var relu = Assert.Throws<ModelFileException>(() => Model.Load<KerasSimpleRnnReluNet>(path));
        Assert.Contains("layer 0 'simple_rnn_1': the file's SimpleRNN has activation 'tanh'; KerasSimpleRnnReluNet expects 'relu'", relu.Message);
        // An LSTM in the SimpleRNN's place is another network.
        Assert.Throws<ModelFileException>(() => Model.Load<KerasLstmDenseNet>(path));
    }
}

/// <summary><c>simple_rnn_flatten_recorded</c>'s network without the file's input dropout.</summary>
[Sequential(InputShape = new[] { 1, 1 })]
[SimpleRNN(50, ReturnSequences = true, Name = "simple_rnn_1")]
[Flatten(Name = "flatten_1")]
[Dense(1, Name = "dense_1")]
public partial class KerasSimpleRnnWithoutDropoutNet;

/// <summary><c>simple_rnn_flatten_recorded</c>'s network with a relu state, which the file does not have.</summary>
[Sequential(InputShape = new[] { 1, 1 })]
[SimpleRNN(50, Activation = Activation.Relu, Dropout = 0.2, ReturnSequences = true, Name = "simple_rnn_1")]
[Flatten(Name = "flatten_1")]
[Dense(1, Name = "dense_1")]
public partial class KerasSimpleRnnReluNet;
