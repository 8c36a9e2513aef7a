using System.Text.Json;

namespace Compiled.Tests.Layers;

/// <summary>
/// The GRU's run-time description: its variables in Keras's order, shapes and cell scope (the bias's shape set by
/// <c>reset_after</c>), its Keras configuration written as tf.keras 2.4 writes it and compared entry by entry, and a
/// Bidirectional GRU's two copies in their scopes.
/// </summary>
public class GruLayerTests
{
    /// <summary>tf.keras 2's default GRU: the reset gate after the product, an input and a recurrent bias.</summary>
    internal static readonly GRULayer ResetAfter = new(name: "gru", inputShape: [10, 3], units: 4, activation: Activation.Tanh,
        recurrentActivation: Activation.Sigmoid, useBias: true, resetAfter: true, returnSequences: false, goBackwards: false, dropout: 0, parameterOffset: 0,
        kernelInitializer: new GlorotUniform(), recurrentInitializer: new Orthogonal(), biasInitializer: new Zeros());

    /// <summary>Keras 2.2's form, with every other option changed.</summary>
    internal static readonly GRULayer ResetBefore = new(name: "gru_1", inputShape: [6, 5], units: 2, activation: Activation.Relu,
        recurrentActivation: Activation.HardSigmoid, useBias: true, resetAfter: false, returnSequences: true, goBackwards: true, dropout: 0.25, parameterOffset: 7,
        kernelInitializer: new HeUniform(seed: 2), recurrentInitializer: new Orthogonal(gain: 0.5, seed: 9), biasInitializer: new Ones());

    internal static readonly BidirectionalLayer Bidirectional = new(name: "bidirectional_3", mergeMode: MergeMode.Sum,
        layer: new GRULayer(name: "gru_2", inputShape: [6, 5], units: 2, activation: Activation.Tanh, recurrentActivation: Activation.Sigmoid,
            useBias: true, resetAfter: true, returnSequences: true, goBackwards: false, dropout: 0, parameterOffset: 3));

    [Fact]
    public void Gru_variables_are_laid_out_as_keras_orders_them_inside_the_cell()
    {
        Assert.Equal(["kernel (3, 12) at 0", "recurrent_kernel (4, 12) at 36", "bias (2, 12) at 84"], ResetAfter.Variables.Select(v => v.ToString()));
        Assert.All(ResetAfter.Variables, v => Assert.Equal("gru_cell", v.Scope));
        Assert.Equal(108, ResetAfter.ParameterCount);
        Assert.Equal([4], ResetAfter.OutputShape);
        // Without reset_after one bias row; tf.keras numbers cells as it numbers layers: gru_1's is gru_cell_1.
        Assert.Equal(["kernel (5, 6) at 7", "recurrent_kernel (2, 6) at 37", "bias (6,) at 49"], ResetBefore.Variables.Select(v => v.ToString()));
        Assert.All(ResetBefore.Variables, v => Assert.Equal("gru_cell_1", v.Scope));
        Assert.Equal([6, 2], ResetBefore.OutputShape);
        var noBias = new GRULayer(name: "encoder", inputShape: [4, 2], units: 3, activation: Activation.Tanh, recurrentActivation: Activation.Sigmoid,
            useBias: false, resetAfter: true, returnSequences: false, goBackwards: false, dropout: 0, parameterOffset: 0);
        Assert.Null(noBias.Bias);
        Assert.Equal(["gru_cell", "gru_cell"], noBias.Variables.Select(v => v.Scope));
        Assert.Throws<ArgumentException>(() => new GRULayer(name: "g", inputShape: [4], units: 2, activation: Activation.Tanh, recurrentActivation: Activation.Sigmoid,
            useBias: true, resetAfter: true, returnSequences: false, goBackwards: false, dropout: 0, parameterOffset: 0));
    }

    [Fact]
    public void Bidirectional_gru_variables_are_the_forward_copy_then_the_backward_copy_in_their_scopes()
    {
        Assert.Equal(["kernel (5, 6) at 3", "recurrent_kernel (2, 6) at 33", "bias (2, 6) at 45", "kernel (5, 6) at 57", "recurrent_kernel (2, 6) at 87", "bias (2, 6) at 99"],
            Bidirectional.Variables.Select(v => v.ToString()));
        Assert.Equal(["forward_gru_2/gru_cell_2", "forward_gru_2/gru_cell_2", "forward_gru_2/gru_cell_2", "backward_gru_2/gru_cell_2", "backward_gru_2/gru_cell_2", "backward_gru_2/gru_cell_2"],
            Bidirectional.Variables.Select(v => v.Scope));
        Assert.Equal([6, 2], Bidirectional.OutputShape);
        Assert.Same(typeof(GRULayer), Bidirectional.Layer.GetType());
    }

    [Theory]
    [InlineData("gru", """{"return_sequences":false,"return_state":false,"go_backwards":false,"stateful":false,"unroll":false,"time_major":false,"units":4,"activation":"tanh","recurrent_activation":"sigmoid","use_bias":true,"kernel_initializer":{"class_name":"GlorotUniform","config":{"seed":null}},"recurrent_initializer":{"class_name":"Orthogonal","config":{"gain":1.0,"seed":null}},"bias_initializer":{"class_name":"Zeros","config":{}},"kernel_regularizer":null,"recurrent_regularizer":null,"bias_regularizer":null,"activity_regularizer":null,"kernel_constraint":null,"recurrent_constraint":null,"bias_constraint":null,"dropout":0.0,"recurrent_dropout":0.0,"implementation":2,"reset_after":true}""")]
    [InlineData("gru_1", """{"return_sequences":true,"return_state":false,"go_backwards":true,"stateful":false,"unroll":false,"time_major":false,"units":2,"activation":"relu","recurrent_activation":"hard_sigmoid","use_bias":true,"kernel_initializer":{"class_name":"HeUniform","config":{"seed":2}},"recurrent_initializer":{"class_name":"Orthogonal","config":{"gain":0.5,"seed":9}},"bias_initializer":{"class_name":"Ones","config":{}},"kernel_regularizer":null,"recurrent_regularizer":null,"bias_regularizer":null,"activity_regularizer":null,"kernel_constraint":null,"recurrent_constraint":null,"bias_constraint":null,"dropout":0.25,"recurrent_dropout":0.0,"implementation":2,"reset_after":false}""")]
    public void Keras_config_is_written_as_tf_keras_2_4_writes_it(string name, string expected)
    {
        GRULayer layer = name == "gru" ? ResetAfter : ResetBefore;
        string written = LayerKindTests.Config(layer);
        Assert.Equal(expected, written);
        using JsonDocument config = JsonDocument.Parse(written);
        Assert.Null(layer.CompareKerasConfig(config.RootElement, "TestNet"));
    }

    [Fact]
    public void A_bidirectional_gru_writes_the_wrapped_gru_and_compares_its_class()
    {
        string written = LayerKindTests.Config(Bidirectional);
        Assert.StartsWith("""{"layer":{"class_name":"GRU","config":{"name":"gru_2","trainable":true,"dtype":"float32","return_sequences":true""", written);
        Assert.EndsWith("\"reset_after\":true}},\"merge_mode\":\"sum\"}", written);
        using JsonDocument config = JsonDocument.Parse(written);
        Assert.Null(Bidirectional.CompareKerasConfig(config.RootElement, "TestNet"));
        using JsonDocument lstm = JsonDocument.Parse(written.Replace("\"GRU\"", "\"LSTM\""));
        Assert.Equal("the file's Bidirectional wraps LSTM; TestNet expects GRU", Bidirectional.CompareKerasConfig(lstm.RootElement, "TestNet"));
        using JsonDocument before = JsonDocument.Parse(written.Replace("\"reset_after\":true", "\"reset_after\":false"));
        Assert.Equal("in Bidirectional 'bidirectional_3', the file's GRU has reset_after False; TestNet expects True",
            Bidirectional.CompareKerasConfig(before.RootElement, "TestNet"));
    }

    [Theory]
    [InlineData("gru", """{"units": 8}""", "the file's GRU has units 8; TestNet expects 4")]
    [InlineData("gru", """{"activation": "relu"}""", "the file's GRU has activation 'relu'; TestNet expects 'tanh'")]
    [InlineData("gru_1", """{"recurrent_activation": "sigmoid"}""", "the file's GRU has recurrent_activation 'sigmoid'; TestNet expects 'hard_sigmoid'")]
    [InlineData("gru", """{"use_bias": false}""", "the file's GRU has use_bias False; TestNet expects True")]
    [InlineData("gru", """{"reset_after": false}""", "the file's GRU has reset_after False; TestNet expects True")]
    [InlineData("gru_1", """{"reset_after": true}""", "the file's GRU has reset_after True; TestNet expects False")]
    [InlineData("gru", """{"return_sequences": true}""", "the file's GRU has return_sequences True; TestNet expects False")]
    [InlineData("gru_1", """{"go_backwards": false}""", "the file's GRU has go_backwards False; TestNet expects True")]
    [InlineData("gru", """{"return_state": true}""", "the file's GRU has return_state True; TestNet expects False")]
    [InlineData("gru", """{"stateful": true}""", "the file's GRU has stateful True; TestNet expects False")]
    [InlineData("gru", """{"time_major": true}""", "the file's GRU has time_major True; TestNet expects False")]
    [InlineData("gru_1", """{"dropout": 0.0}""", "the file's GRU has dropout 0.0; TestNet expects 0.25")]
    [InlineData("gru", """{"recurrent_dropout": 0.5}""", "the file's GRU has recurrent_dropout 0.5; TestNet expects 0.0 (Compiled's GRU has no recurrent dropout)")]
    [InlineData("gru", """{"output_dim": 4, "inner_activation": "hard_sigmoid"}""", "the file's GRU has Keras 1's output_dim (Keras 2 calls it units); Compiled expects Keras 2 configurations")]
    public void A_differing_config_is_described(string name, string config, string expected)
    {
        using JsonDocument document = JsonDocument.Parse(config);
        Assert.Equal(expected, (name == "gru" ? ResetAfter : ResetBefore).CompareKerasConfig(document.RootElement, "TestNet"));
    }

    [Fact]
    public void Initializers_unroll_and_implementation_agree()
    {
        using JsonDocument document = JsonDocument.Parse("""{"implementation": 1, "unroll": true, "kernel_initializer": {"class_name": "VarianceScaling", "config": {}}, "bias_initializer": "ones"}""");
        Assert.Null(ResetAfter.CompareKerasConfig(document.RootElement, "TestNet"));
    }
}
