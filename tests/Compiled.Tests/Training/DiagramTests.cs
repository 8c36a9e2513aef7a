using Compiled.Tests.Generator;
using Samples.Tutorial;

namespace Compiled.Tests.Training;

public class DiagramTests
{
    [Fact]
    public void Tutorial_network_diagram()
    {
        string dot = new TutorialNet(seed: 1).ToDot();
        Assert.Equal(TutorialNet.GraphvizDot, dot);
        Assert.Contains("\"dense_1\" [label=\"dense_1: Dense|{input:|output:}|{(None, 32)|(None, 10)}\"];", dot);
        Snapshot.Verify(dot, extension: "dot");
    }

    [Fact]
    public void Residual_network_diagram_draws_the_skip_connection()
    {
        string dot = new Models.ResidualNet(seed: 1).ToDot();
        Assert.Equal(Models.ResidualNet.GraphvizDot, dot);
        Assert.Contains("\"hidden\" -> \"block\";", dot);
        Assert.Contains("\"hidden\" -> \"residual\";", dot);
        Assert.Contains("\"block\" -> \"residual\";", dot);
        Snapshot.Verify(dot, extension: "dot");
    }
}
