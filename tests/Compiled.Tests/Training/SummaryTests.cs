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
    public void Summary_prints_to_the_given_writer()
    {
        var writer = new StringWriter();
        new IrisNet(seed: 1).Summary(writer);
        string generated = IrisNet.ModelSummary;
        Assert.Equal(generated, writer.ToString());
        Assert.Contains("Total params: 131", generated);
    }
}
