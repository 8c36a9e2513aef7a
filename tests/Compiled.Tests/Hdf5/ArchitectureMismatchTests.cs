using Compiled.Hdf5;
using Compiled.Tests.Models;
using Samples.Iris;
using Samples.Tutorial;

namespace Compiled.Tests.Hdf5;

/// <summary>A file holding another network is refused with its first difference named, and the model is left as it was.</summary>
public class ArchitectureMismatchTests
{
    [Fact]
    public void Wrong_layer_count_and_names_are_named()
    {
        using var directory = new TempDirectory();
        string path = directory.File("tutorial.h5");
        new TutorialNet(seed: 1).Save(path);

        var iris = new IrisNet(seed: 1);
        float[] before = iris.Parameters.ToArray();
        var error = Assert.Throws<ModelFileException>(() => iris.LoadWeights(path));
        Assert.Contains("layer 0 'dense': the file's Dense has units 32; IrisNet expects 16", error.Message);
        Assert.Equal(before, iris.Parameters.ToArray());

        string irisPath = directory.File("iris.h5");
        new IrisNet(seed: 1).Save(irisPath);
        var longer = Assert.Throws<ModelFileException>(() => Model.Load<IrisWithExtraLayerNet>(irisPath));
        Assert.Contains("model_config has 2 layer(s) but IrisWithExtraLayerNet expects 3: layer 2 'activation' (Activation) is missing from the file", longer.Message);
        var shorter = Assert.Throws<ModelFileException>(() => Model.Load<IrisNet>(Save(new IrisWithExtraLayerNet(seed: 1), directory.File("longer.h5"))));
        Assert.Contains("model_config has 3 layer(s) but IrisNet expects 2: the file's layer 2 'activation' (Activation) has no counterpart", shorter.Message);

        var fixture = Assert.Throws<ModelFileException>(() => Model.Load<IrisNet>(Path.Combine(AppContext.BaseDirectory, "Fixtures", "keras", "dl4j_simple_sparse_xent_mlp_keras_2_model.h5")));
        Assert.Contains("layer 0: the file's model_config has 'dense_1' (Dense) where IrisNet expects 'dense' (Dense)", fixture.Message);
    }

    private static string Save(Model model, string path)
    {
        model.Save(path);
        return path;
    }

    [Fact]
    public void Wrong_width_is_named_with_expected_and_found_shapes()
    {
        using var directory = new TempDirectory();
        string path = directory.File("wide.h5");
        new WideIrisNet(seed: 1).Save(path);

        var error = Assert.Throws<ModelFileException>(() => new IrisNet(seed: 1).LoadWeights(path));
        Assert.Contains("layer 0 'dense': the file's Dense has units 17; IrisNet expects 16", error.Message);
    }

    [Fact]
    public void Weight_shapes_are_checked_even_without_a_model_config()
    {
        // save_weights-style file: no model_config, so only the datasets can tell.
        using var directory = new TempDirectory();
        string path = directory.File("weights.h5");
        PureHDF.H5File file = new();
        file.Attributes["layer_names"] = new[] { "dense", "dense_1" };
        file["dense"] = new PureHDF.H5Group
        {
            Attributes = { ["weight_names"] = new[] { "dense/kernel:0", "dense/bias:0" } },
            ["dense"] = new PureHDF.H5Group
            {
                ["kernel:0"] = new PureHDF.H5Dataset(new float[5 * 16], fileDims: [5, 16]),
                ["bias:0"] = new PureHDF.H5Dataset(new float[16], fileDims: [16]),
            },
        };
        file.Write(path);

        var iris = new IrisNet(seed: 1);
        float[] before = iris.Parameters.ToArray();
        var error = Assert.Throws<ModelFileException>(() => iris.LoadWeights(path));
        Assert.Contains("layer 'dense' weight 'dense/kernel:0' has shape (5, 16); expected (4, 16)", error.Message);
        Assert.Equal(before, iris.Parameters.ToArray());
    }

    [Fact]
    public void Wrong_activation_and_missing_bias_are_named()
    {
        using var directory = new TempDirectory();
        string path = directory.File("tanh.h5");
        new TanhIrisNet(seed: 1).Save(path);
        Assert.Contains("layer 0 'dense': the file's Dense has activation 'tanh'; IrisNet expects 'relu'",
            Assert.Throws<ModelFileException>(() => Model.Load<IrisNet>(path)).Message);

        new NoBiasIrisNet(seed: 1).Save(path);
        Assert.Contains("layer 1 'dense_1': the file's Dense has use_bias False; IrisNet expects True",
            Assert.Throws<ModelFileException>(() => Model.Load<IrisNet>(path)).Message);
    }
}

[Sequential(Input = 4)]
[Dense(17, Activation = Activation.Relu)]
[Dense(3, Activation = Activation.Softmax)]
public partial class WideIrisNet;

[Sequential(Input = 4)]
[Dense(16, Activation = Activation.Tanh)]
[Dense(3, Activation = Activation.Softmax)]
public partial class TanhIrisNet;

[Sequential(Input = 4)]
[Dense(16, Activation = Activation.Relu)]
[Dense(3, Activation = Activation.Softmax, UseBias = false)]
public partial class NoBiasIrisNet;

[Sequential(Input = 4)]
[Dense(16, Activation = Activation.Relu)]
[Dense(3, Activation = Activation.Softmax)]
[Activation(Activation.Linear)]
public partial class IrisWithExtraLayerNet;
