using Compiled.Tests.Generator;

namespace Compiled.Tests.Functional;

/// <summary>
/// Random functional graphs, built by the generator, compiled and run: their gradients against finite
/// differences of a float64 interpreter of the same graph. Differential testing of the emitter over shapes,
/// fan-out, aliases, merges and several inputs and outputs that no hand-written model combines.
/// </summary>
public class RandomGraphGradientTests
{
    public static TheoryData<int> Seeds()
    {
        TheoryData<int> seeds = new();
        for (int seed = 1; seed <= 40; seed++) seeds.Add(seed);
        return seeds;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Random_graph_gradients_match_finite_differences(int seed)
    {
        string source = RandomGraph.Source(seed);
        System.Reflection.Assembly assembly = GeneratedAssembly.Load(source);
        var model = (Model)Activator.CreateInstance(assembly.GetType("RandomGraph")!, seed)!;
        try
        {
            FunctionalEdgeCaseTests.CheckMultiOutputGradients(model, Loss.MeanSquaredError, batch: 3, clip: new());
            // A batch of one takes the unrolled forward code of the graph's small Dense layers.
            FunctionalEdgeCaseTests.CheckMultiOutputGradients(model, Loss.MeanSquaredError, batch: 1, clip: new());
        }
        catch (Exception failure) when (failure is Xunit.Sdk.XunitException)
        {
            throw new Xunit.Sdk.XunitException(failure.Message + "\n" + source);
        }
    }

    /// <summary>Writes a valid random functional model: every reference exists, every shape agrees.</summary>
    private static class RandomGraph
    {
        private sealed record Node(string Name, int[] Shape, string? AliasOf);

        public static string Source(int seed)
        {
            Random random = new(seed);
            List<Node> nodes = new();
            List<string> lines = new();
            int inputs = random.Next(1, 3);
            for (int k = 0; k < inputs; k++)
            {
                int[] shape = random.Next(2) == 0 ? [random.Next(2, 5)] : [random.Next(2, 4), random.Next(2, 4)];
                lines.Add($"[Input({string.Join(", ", shape)})] public partial LayerInfo I{k} {{ get; }}");
                nodes.Add(new Node($"I{k}", shape, null));
            }
            string[] activations = { "Linear", "Tanh", "Sigmoid", "Relu" };
            int layers = random.Next(3, 9);
            for (int k = 0; k < layers; k++)
            {
                string name = $"N{k}";
                Node source = nodes[random.Next(nodes.Count)];
                int choice = random.Next(100);
                (Node, Node)? sameShape = Pair(nodes, random, (a, b) => a.Shape.SequenceEqual(b.Shape));
                (Node, Node)? joinable = Pair(nodes, random, (a, b) => a.Shape.Length == b.Shape.Length && a.Shape[..^1].SequenceEqual(b.Shape[..^1]));
                if (choice < 25 && sameShape is var (left, right))
                {
                    string merge = new[] { "Add", "Subtract", "Multiply", "Average", "Maximum" }[random.Next(5)];
                    List<string> operands = [left.Name, right.Name];
                    if (merge != "Subtract" && random.Next(3) == 0) operands.Add(random.Next(2) == 0 ? left.Name : right.Name);
                    lines.Add($"[{merge}({string.Join(", ", operands.Select(o => $"nameof({o})"))})] public partial LayerInfo {name} {{ get; }}");
                    nodes.Add(new Node(name, left.Shape, null));
                }
                else if (choice < 42 && joinable is var (first, second))
                {
                    int[] shape = first.Shape.ToArray();
                    shape[^1] += second.Shape[^1];
                    lines.Add($"[Concatenate(nameof({first.Name}), nameof({second.Name}))] public partial LayerInfo {name} {{ get; }}");
                    nodes.Add(new Node(name, shape, null));
                }
                else if (choice < 52)
                {
                    int size = source.Shape.Aggregate(1, (p, d) => p * d);
                    int[] shape = random.Next(2) == 0 || size % 2 != 0 ? [size] : [2, size / 2];
                    string layer = shape.Length == 1 && random.Next(2) == 0 ? "Flatten(" : $"Reshape({string.Join(", ", shape)}, ";
                    lines.Add($"[{layer}Input = nameof({source.Name}))] public partial LayerInfo {name} {{ get; }}");
                    nodes.Add(new Node(name, shape, source.AliasOf ?? source.Name));
                }
                else if (choice < 60)
                {
                    string layer = random.Next(3) switch
                    {
                        0 => "Softmax(",
                        1 => "ReLU(",
                        _ => $"Activation(Activation.{activations[random.Next(3)]}, ",
                    };
                    lines.Add($"[{layer}Input = nameof({source.Name}))] public partial LayerInfo {name} {{ get; }}");
                    nodes.Add(new Node(name, source.Shape, null));
                }
                else
                {
                    int units = random.Next(2, 6);
                    string activation = activations[random.Next(activations.Length)];
                    string bias = random.Next(4) == 0 ? ", UseBias = false" : "";
                    lines.Add($"[Dense({units}, Activation = Activation.{activation}, Input = nameof({source.Name}){bias})] public partial DenseWeights {name} {{ get; }}");
                    nodes.Add(new Node(name, [.. source.Shape[..^1], units], null));
                }
            }
            // Outputs: the last node, computed by a Dense so it depends on parameters, and sometimes one more.
            lines.Add($"[Dense(3, Input = nameof({nodes[^1].Name}))] public partial DenseWeights Out {{ get; }}");
            List<string> outputs = ["Out"];
            Node[] candidates = nodes.Where(n => !n.Name.StartsWith('I') && n.AliasOf is null).ToArray();
            if (candidates.Length > 0 && random.Next(3) == 0) outputs.Add(candidates[random.Next(candidates.Length)].Name);
            return "using Compiled;\n\n"
                + $"[Functional({string.Join(", ", outputs.Select(o => $"nameof({o})"))})]\n"
                + "public partial class RandomGraph\n{\n"
                + string.Join("\n", lines.Select(l => "    " + l)) + "\n}\n";
        }

        private static (Node, Node)? Pair(List<Node> nodes, Random random, Func<Node, Node, bool> fits)
        {
            List<(Node, Node)> pairs = new();
            foreach (Node a in nodes)
                foreach (Node b in nodes)
                    if (fits(a, b)) pairs.Add((a, b));
            return pairs.Count == 0 ? null : pairs[random.Next(pairs.Count)];
        }
    }
}
