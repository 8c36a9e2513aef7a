using System.Text;
using System.Text.Json;
using Compiled.Hdf5;
using Compiled.Tests.Hdf5;
using Samples.Iris;

namespace Compiled.Tests.Layers;

/// <summary>
/// Every layer kind the runtime registers (<see cref="LayerKinds"/>) writes a Keras configuration that it reads back
/// as its own, and a Keras file holding a class no kind claims is refused as not supported.
/// </summary>
public class LayerKindTests
{
    /// <summary>One description per registered Keras class; a new kind without an example here fails <see cref="Every_registered_kind_has_an_example"/>.</summary>
    private static readonly LayerInfo[] s_examples =
    [
        new InputLayer(name: "features", shape: [4]),
        new DenseLayer(name: "dense", inputShape: [4], units: 3, activation: Activation.Relu, useBias: true, parameterOffset: 0, kernelInitializer: new GlorotUniform(seed: 3), biasInitializer: new Constant(0.5f)),
        new DenseLayer(name: "dense_1", inputShape: [5, 4], units: 2, activation: Activation.Linear, useBias: false, parameterOffset: 15, kernelInitializer: new RandomNormal(stddev: 0.1)),
        new ActivationLayer(name: "activation", shape: [3], function: Activation.Tanh),
        new ReLULayer(name: "re_lu", shape: [2, 3]),
        new SoftmaxLayer(name: "softmax", shape: [5, 4]),
        new FlattenLayer(name: "flatten", inputShape: [2, 3]),
        new ReshapeLayer(name: "reshape", inputShape: [6], outputShape: [3, 2]),
        .. Enum.GetValues<MergeOperation>().Select(o => new MergeLayer(name: o.ToString().ToLowerInvariant(), shape: [4], operation: o)),
        new ConcatenateLayer(name: "concatenate", inputShape: [2, 3], outputShape: [2, 6], axis: 2),
    ];

    public static TheoryData<string> Examples() => new(s_examples.Select(e => e.Name));

    [Fact]
    public void Every_registered_kind_has_an_example()
    {
        Assert.Equal(LayerKinds.KerasClasses.Order(), s_examples.Select(e => e.KerasClass).Distinct().Order());
        Assert.All(s_examples, e => Assert.True(LayerKinds.IsKnown(e.KerasClass), e.KerasClass));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Keras_config_round_trips_through_write_and_compare(string name)
    {
        LayerInfo layer = s_examples.Single(e => e.Name == name);
        using JsonDocument config = JsonDocument.Parse(Config(layer));
        Assert.Null(layer.CompareKerasConfig(config.RootElement, "TestNet"));
        // What a file leaves out is taken as agreeing.
        using JsonDocument empty = JsonDocument.Parse("{}");
        Assert.Null(layer.CompareKerasConfig(empty.RootElement, "TestNet"));
    }

    [Theory]
    [InlineData("dense", """{"units": 32}""", "the file's Dense has units 32; TestNet expects 3")]
    [InlineData("dense", """{"activation": "tanh"}""", "the file's Dense has activation 'tanh'; TestNet expects 'relu'")]
    [InlineData("dense", """{"use_bias": false}""", "the file's Dense has use_bias False; TestNet expects True")]
    [InlineData("dense", """{"output_dim": 3, "init": "glorot_uniform"}""", "the file's Dense has Keras 1's output_dim (Keras 2 calls it units); Compiled expects Keras 2 configurations")]
    [InlineData("activation", """{"activation": "relu"}""", "the file's Activation applies 'relu'; TestNet expects 'tanh'")]
    [InlineData("re_lu", """{"max_value": 6.0}""", "the file's ReLU has max_value 6.0; TestNet expects None")]
    [InlineData("re_lu", """{"negative_slope": 0.3}""", "the file's ReLU has negative_slope 0.3; TestNet expects 0.0")]
    [InlineData("softmax", """{"axis": 1}""", "the file's Softmax has axis 1; TestNet expects -1")]
    [InlineData("flatten", """{"data_format": "channels_first"}""", "the file's Flatten has data_format 'channels_first'; Compiled expects channels_last")]
    [InlineData("reshape", """{"target_shape": [2, 3]}""", "the file's Reshape has target_shape [2, 3]; TestNet expects (3, 2)")]
    [InlineData("concatenate", """{"axis": 1}""", "the file's Concatenate has axis 1; TestNet expects 2")]
    [InlineData("features", """{"batch_input_shape": [null, 5]}""", "the file's InputLayer has batch_input_shape [null, 5]; TestNet expects (None, 4)")]
    public void A_differing_config_is_described(string name, string config, string expected)
    {
        using JsonDocument document = JsonDocument.Parse(config);
        Assert.Equal(expected, s_examples.Single(e => e.Name == name).CompareKerasConfig(document.RootElement, "TestNet"));
    }

    [Theory]
    [InlineData("softmax", """{"axis": 2}""")]
    [InlineData("concatenate", """{"axis": -1}""")]
    [InlineData("reshape", """{"target_shape": [3, -1]}""")]
    public void Equivalent_spellings_agree(string name, string config)
    {
        using JsonDocument document = JsonDocument.Parse(config);
        Assert.Null(s_examples.Single(e => e.Name == name).CompareKerasConfig(document.RootElement, "TestNet"));
    }

    [Theory]
    [InlineData("Conv3D", "the file's layer 'dense' is a Conv3D, which Compiled does not support")]
    [InlineData("Convolution2D", "the file's layer 'dense' is a Convolution2D, Keras 1's layer that Keras 2 replaced with Conv2D; Compiled expects Keras 2 files")]
    public void A_file_layer_of_a_class_no_kind_claims_is_refused_as_not_supported(string kerasClass, string expected)
    {
        using var directory = new TempDirectory();
        string path = directory.File("iris.h5");
        var iris = new IrisNet(seed: 1);
        PureHDF.H5File file = KerasFileWriter.Build(iris);
        file.Attributes[KerasLayout.ModelConfigAttribute] = ModelConfig.ToJson(iris).Replace("\"class_name\":\"Dense\"", $"\"class_name\":\"{kerasClass}\"");
        file.Write(path);

        var error = Assert.Throws<ModelFileException>(() => Model.Load<IrisNet>(path));
        Assert.Contains(expected, error.Message);
    }

    private static string Config(LayerInfo layer)
    {
        using MemoryStream buffer = new();
        using (Utf8JsonWriter writer = new(buffer))
        {
            writer.WriteStartObject();
            layer.WriteKerasConfig(writer);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
