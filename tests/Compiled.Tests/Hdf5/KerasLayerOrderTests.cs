using System.Text.Json;
using System.Text.Json.Nodes;
using Compiled.Hdf5;

namespace Compiled.Tests.Hdf5;

/// <summary>
/// Keras rebuilds a functional model's <c>model.layers</c> from its graph, by depth, and loads weights by position in
/// that list: files are written in that order and read by name and connections, whatever the class's declaration order.
/// The expected orders are worked by hand from tf.keras 2's <c>_map_graph_network</c> (walk from the outputs, number
/// layers on first visit; deepest first, then by that number).
/// </summary>
public class KerasLayerOrderTests
{
    public static TheoryData<string, string[]> KerasOrders => new()
    {
        // Walk: probabilities, residual, shortcut, features, deep2, deep1; depths 4 features, 3 deep1, 2 shortcut and deep2.
        { nameof(ShortcutFirstNet), ["features", "deep1", "shortcut", "deep2", "residual", "probabilities"] },
        // Walk: probabilities, joined, right, features, left; right and left both at depth 2, right met first.
        { nameof(CrossedBranchesNet), ["features", "right", "left", "joined", "probabilities"] },
        // Walk from first: first, x_dense, x; from second: second, joined, y_dense, y. x_dense is at depth 2 through joined.
        { nameof(TwoInTwoOutNet), ["x", "y", "x_dense", "y_dense", "joined", "first", "second"] },
    };

    [Theory]
    [MemberData(nameof(KerasOrders))]
    public void Layers_are_ordered_as_keras_orders_a_functional_model(string net, string[] expected)
        => Assert.Equal(expected, KerasLayerOrder.Of(Create(net)).Select(l => l.Name));

    [SkippableTheory]
    [MemberData(nameof(KerasOrders))]
    public void Files_list_layers_and_optimizer_slots_in_keras_order(string net, string[] expected)
    {
        H5py.Require();
        Model model = Create(net);
        model.Compile(Loss.CategoricalCrossentropy, new SGD(lr: 0.1, momentum: 0.9));
        using var directory = new TempDirectory();
        string path = directory.File("order.h5");
        model.Save(path);
        using JsonDocument dump = H5py.Dump(path);
        JsonElement root = dump.RootElement;

        JsonNode layers = JsonNode.Parse(root.GetProperty("model_config").GetRawText())!["config"]!["layers"]!;
        Assert.Equal(expected, layers.AsArray().Select(l => (string)l!["config"]!["name"]!));
        Assert.Equal(expected, root.GetProperty("attributes").GetProperty("model_weights").GetProperty("layer_names").GetProperty("value").EnumerateArray().Select(n => n.GetString()));
        string[] slots = root.GetProperty("attributes").GetProperty("optimizer_weights").GetProperty("weight_names").GetProperty("value").EnumerateArray()
            .Select(n => n.GetString()!).Where(n => n.EndsWith("/momentum:0", StringComparison.Ordinal)).ToArray();
        string[] dense = expected.Where(name => model.Architecture.Single(l => l.Name == name).Variables.Count > 0).ToArray();
        Assert.Equal(dense.SelectMany(name => new[] { $"SGD/{name}/kernel/momentum:0", $"SGD/{name}/bias/momentum:0" }), slots);
    }

    [SkippableTheory]
    [InlineData(nameof(ShortcutFirstNet))]
    [InlineData(nameof(CrossedBranchesNet))]
    [InlineData(nameof(TwoInTwoOutNet))]
    public void A_file_listing_the_layers_in_any_order_loads_by_name(string net)
    {
        H5py.Require();
        Model model = Create(net, seed: 3);
        using var directory = new TempDirectory();
        string path = directory.File("reversed.h5");
        model.Save(path);
        H5py.Run("rearrange_keras_h5.py", path, "reverse");

        Model loaded = Create(net, seed: 99);
        loaded.LoadWeights(path);

        Assert.Equal(model.Parameters.ToArray(), loaded.Parameters.ToArray());
        float[] x = Enumerable.Range(0, 2 * model.InputShape[0]).Select(i => (float)Math.Sin(i)).ToArray();
        Assert.Equal(model.Predict(x), loaded.Predict(x));
    }

    [SkippableFact]
    public void Operands_given_in_another_order_are_a_different_network()
    {
        H5py.Require();
        using var directory = new TempDirectory();
        string path = directory.File("swapped.h5");
        new CrossedBranchesNet(seed: 3).Save(path);
        H5py.Run("rearrange_keras_h5.py", path, "swap-inbound", "joined");
        var target = new CrossedBranchesNet(seed: 5);
        float[] before = target.Parameters.ToArray();

        var error = Assert.Throws<ModelFileException>(() => target.LoadWeights(path));

        Assert.Contains("layer 'joined' (Concatenate): the file applies it to [left, right]; CrossedBranchesNet applies it to [right, left]", error.Message);
        Assert.Equal(before, target.Parameters.ToArray());
    }

    private static Model Create(string net, int seed = 1) => net switch
    {
        nameof(ShortcutFirstNet) => new ShortcutFirstNet(seed),
        nameof(CrossedBranchesNet) => new CrossedBranchesNet(seed),
        nameof(TwoInTwoOutNet) => new TwoInTwoOutNet(seed),
        _ => throw new ArgumentException(net),
    };
}
