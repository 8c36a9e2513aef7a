using Samples.Iris;
using Samples.Tutorial;

namespace Compiled.Tests.Training;

public class SummaryTests
{
    [Fact]
    public void Tutorial_network_summary_matches_keras_layout()
    {
        const string expected = """
            Model: "sequential"
            _________________________________________________________________
             Layer (type)                Output Shape              Param #
            =================================================================
             dense (Dense)               (None, 32)                3232

             re_lu (ReLU)                (None, 32)                0

             dense_1 (Dense)             (None, 10)                330

             softmax (Softmax)           (None, 10)                0

            =================================================================
            Total params: 3,562
            Trainable params: 3,562
            Non-trainable params: 0
            _________________________________________________________________

            """;
        string generated = TutorialNet.ModelSummary;
        Assert.Equal(expected.ReplaceLineEndings("\n"), generated);
        Assert.Equal(generated, new TutorialNet(seed: 1).SummaryText);
    }

    [Fact]
    public void Functional_chain_prints_keras_three_column_layout_with_its_input_layer()
    {
        // keras-reference.md's example: the tutorial's network built with Input() and Model().
        const string expected = """
            Model: "model"
            _________________________________________________________________
             Layer (type)                Output Shape              Param #
            =================================================================
             input_1 (InputLayer)        [(None, 100)]             0

             dense (Dense)               (None, 32)                3232

             re_lu (ReLU)                (None, 32)                0

             dense_1 (Dense)             (None, 10)                330

             softmax (Softmax)           (None, 10)                0

            =================================================================
            Total params: 3,562
            Trainable params: 3,562
            Non-trainable params: 0
            _________________________________________________________________

            """;
        string generated = FunctionalTutorialNet.ModelSummary;
        Assert.Equal(expected.ReplaceLineEndings("\n"), generated);
    }

    [Fact]
    public void Functional_and_sequential_tutorial_networks_start_from_the_same_weights_and_predict_alike()
    {
        var sequential = new TutorialNet(seed: 4);
        var functional = new FunctionalTutorialNet(seed: 4);
        Assert.Equal(sequential.Parameters.ToArray(), functional.Parameters.ToArray());
        float[] x = Enumerable.Range(0, 300).Select(i => MathF.Sin(i)).ToArray();
        Assert.Equal(sequential.Predict(x), functional.Predict(x));
    }

    [Fact]
    public void Branching_model_prints_keras_four_column_layout_with_connections()
    {
        // tf.keras 2.11's print_summary for the same graph: line length 98, columns end at 32, 53, 65 and 98,
        // and a merge's inbound list wraps after each "'," as print_row breaks it.
        const string expected = """
            Model: "model"
            __________________________________________________________________________________________________
             Layer (type)                   Output Shape         Param #     Connected to
            ==================================================================================================
             features (InputLayer)          [(None, 4)]          0           []

             hidden (Dense)                 (None, 8)            40          ['features[0][0]']

             block (Dense)                  (None, 8)            72          ['hidden[0][0]']

             residual (Add)                 (None, 8)            0           ['hidden[0][0]',
                                                                              'block[0][0]']

             probabilities (Dense)          (None, 3)            27          ['residual[0][0]']

            ==================================================================================================
            Total params: 139
            Trainable params: 139
            Non-trainable params: 0
            __________________________________________________________________________________________________

            """;
        string generated = Models.ResidualNet.ModelSummary;
        Assert.Equal(expected.ReplaceLineEndings("\n"), generated);
        Assert.Equal(expected.ReplaceLineEndings("\n"), new Models.ResidualNet(seed: 1).SummaryText);
    }

    [Fact]
    public void Summary_prints_to_the_given_writer()
    {
        var writer = new StringWriter();
        new IrisNet(seed: 1).Summary(writer);
        string generated = IrisNet.ModelSummary;
        Assert.Equal(generated, writer.ToString());
        Assert.Contains("Total params: 131", generated);
    }
}
