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
        new Conv2DLayer(name: "conv2d", inputShape: [8, 7, 2], outputShape: [4, 4, 5], filters: 5, kernelSize: [3, 2], strides: [2, 2], padding: Padding.Same,
            dilationRate: [1, 1], activation: Activation.Relu, useBias: true, parameterOffset: 0, kernelInitializer: new HeNormal(seed: 4), biasInitializer: new Zeros()),
        new Conv2DLayer(name: "conv2d_1", inputShape: [9, 9, 3], outputShape: [5, 7, 2], filters: 2, kernelSize: [3, 2], strides: [1, 1], padding: Padding.Valid,
            dilationRate: [2, 1], activation: Activation.Linear, useBias: false, parameterOffset: 7, kernelInitializer: new GlorotUniform()),
        new Conv1DLayer(name: "conv1d", inputShape: [10, 3], outputShape: [10, 4], filters: 4, kernelSize: [3], strides: [1], padding: Padding.Causal,
            dilationRate: [2], activation: Activation.Tanh, useBias: true, parameterOffset: 3, kernelInitializer: new GlorotUniform(), biasInitializer: new Zeros()),
        new MaxPooling2DLayer(name: "max_pooling2d", inputShape: [7, 6, 3], outputShape: [4, 3, 3], poolSize: [2, 2], strides: [2, 2], padding: Padding.Same),
        new AveragePooling2DLayer(name: "average_pooling2d", inputShape: [7, 6, 3], outputShape: [5, 3, 3], poolSize: [3, 2], strides: [1, 2], padding: Padding.Valid),
        new MaxPooling1DLayer(name: "max_pooling1d", inputShape: [9, 2], outputShape: [4, 2], poolSize: [2], strides: [2], padding: Padding.Valid),
        new AveragePooling1DLayer(name: "average_pooling1d", inputShape: [9, 2], outputShape: [3, 2], poolSize: [3], strides: [4], padding: Padding.Same),
        new GlobalAveragePooling2DLayer(name: "global_average_pooling2d", inputShape: [4, 5, 6]),
        new GlobalMaxPooling2DLayer(name: "global_max_pooling2d", inputShape: [4, 5, 6]),
        new GlobalAveragePooling1DLayer(name: "global_average_pooling1d", inputShape: [7, 3]),
        new GlobalMaxPooling1DLayer(name: "global_max_pooling1d", inputShape: [7, 3]),
        new ZeroPadding2DLayer(name: "zero_padding2d", inputShape: [4, 5, 2], top: 1, bottom: 2, left: 0, right: 3),
        new BatchNormalizationLayer(name: "batch_normalization", shape: [4, 4, 3], momentum: 0.9, epsilon: 1e-5, center: true, scale: true, parameterOffset: 10, stateOffset: 0),
        new BatchNormalizationLayer(name: "batch_normalization_1", shape: [6], momentum: 0.99, epsilon: 0.001, center: false, scale: true, parameterOffset: 0, stateOffset: 6,
            gammaInitializer: new Constant(0.5f), movingVarianceInitializer: new Ones()),
        new DropoutLayer(name: "dropout", shape: [4], rate: 0.25, seed: null),
        new DropoutLayer(name: "dropout_1", shape: [2, 3], rate: 0.5, seed: 12345678901),
        new LSTMLayer(name: "lstm", inputShape: [10, 3], units: 4, activation: Activation.Tanh, recurrentActivation: Activation.Sigmoid, useBias: true,
            unitForgetBias: true, returnSequences: false, goBackwards: false, dropout: 0, parameterOffset: 0,
            kernelInitializer: new GlorotUniform(), recurrentInitializer: new Orthogonal(), biasInitializer: new Zeros()),
        new LSTMLayer(name: "lstm_1", inputShape: [6, 5], units: 2, activation: Activation.Relu, recurrentActivation: Activation.HardSigmoid, useBias: false,
            unitForgetBias: false, returnSequences: true, goBackwards: true, dropout: 0.25, parameterOffset: 7,
            kernelInitializer: new HeUniform(seed: 2), recurrentInitializer: new Orthogonal(gain: 0.5, seed: 9)),
        new EmbeddingLayer(name: "embedding", inputShape: [10], inputDim: 200, outputDim: 50, maskZero: false, parameterOffset: 0),
        new EmbeddingLayer(name: "embedding_1", inputShape: [7], inputDim: 30, outputDim: 4, maskZero: true, parameterOffset: 12, embeddingsInitializer: new RandomNormal(stddev: 0.1, seed: 5)),
        new RepeatVectorLayer(name: "repeat_vector", inputShape: [6], n: 3),
        new BidirectionalLayer(name: "bidirectional", mergeMode: MergeMode.Concat,
            layer: new LSTMLayer(name: "lstm", inputShape: [10, 3], units: 4, activation: Activation.Tanh, recurrentActivation: Activation.Sigmoid,
                useBias: true, unitForgetBias: true, returnSequences: false, goBackwards: false, dropout: 0, parameterOffset: 0,
                kernelInitializer: new GlorotUniform(), recurrentInitializer: new Orthogonal(), biasInitializer: new Zeros())),
        new BidirectionalLayer(name: "bidirectional_1", mergeMode: MergeMode.Ave,
            layer: new LSTMLayer(name: "lstm_2", inputShape: [6, 5], units: 2, activation: Activation.Relu, recurrentActivation: Activation.HardSigmoid,
                useBias: false, unitForgetBias: false, returnSequences: true, goBackwards: false, dropout: 0.25, parameterOffset: 7,
                kernelInitializer: new HeUniform(seed: 2), recurrentInitializer: new Orthogonal(gain: 0.5, seed: 9))),
        GruLayerTests.ResetAfter,
        GruLayerTests.ResetBefore,
        GruLayerTests.Bidirectional,
        new SimpleRNNLayer(name: "simple_rnn", inputShape: [10, 3], units: 4, activation: Activation.Tanh, useBias: true, returnSequences: false, goBackwards: false,
            dropout: 0, parameterOffset: 0, kernelInitializer: new GlorotUniform(), recurrentInitializer: new Orthogonal(), biasInitializer: new Zeros()),
        new SimpleRNNLayer(name: "simple_rnn_1", inputShape: [6, 5], units: 2, activation: Activation.Relu, useBias: false, returnSequences: true, goBackwards: true,
            dropout: 0.25, parameterOffset: 7, kernelInitializer: new HeUniform(seed: 2), recurrentInitializer: new Orthogonal(gain: 0.5, seed: 9)),
        new BidirectionalLayer(name: "bidirectional_2", mergeMode: MergeMode.Sum,
            layer: new SimpleRNNLayer(name: "simple_rnn_2", inputShape: [6, 5], units: 3, activation: Activation.Sigmoid, useBias: true, returnSequences: true,
                goBackwards: false, dropout: 0, parameterOffset: 0, kernelInitializer: new GlorotUniform(), recurrentInitializer: new Orthogonal(), biasInitializer: new Zeros())),
        new MaskingLayer(name: "masking", shape: [6, 3], maskValue: 0.0),
        new MaskingLayer(name: "masking_1", shape: [4, 2], maskValue: -1.5),
        new TimeDistributedLayer(name: "time_distributed", timesteps: 5,
            layer: new DenseLayer(name: "dense_9", inputShape: [3], units: 4, activation: Activation.Relu, useBias: true, parameterOffset: 2)),
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
    [InlineData("conv2d", """{"filters": 6}""", "the file's Conv2D has filters 6; TestNet expects 5")]
    [InlineData("conv2d", """{"kernel_size": [3, 3]}""", "the file's Conv2D has kernel_size [3, 3]; TestNet expects (3, 2)")]
    [InlineData("conv2d", """{"strides": [1,1]}""", "the file's Conv2D has strides [1, 1]; TestNet expects (2, 2)")]
    [InlineData("conv2d", """{"padding": "valid"}""", "the file's Conv2D has padding 'valid'; TestNet expects 'same'")]
    [InlineData("conv2d", """{"dilation_rate": [2, 2]}""", "the file's Conv2D has dilation_rate [2, 2]; TestNet expects (1, 1)")]
    [InlineData("conv2d", """{"groups": 2}""", "the file's Conv2D has groups 2; TestNet expects 1")]
    [InlineData("conv2d", """{"activation": "sigmoid"}""", "the file's Conv2D has activation 'sigmoid'; TestNet expects 'relu'")]
    [InlineData("conv2d", """{"use_bias": false}""", "the file's Conv2D has use_bias False; TestNet expects True")]
    [InlineData("conv2d", """{"data_format": "channels_first"}""", "the file's Conv2D has data_format 'channels_first'; Compiled expects channels_last")]
    [InlineData("conv2d", """{"nb_filter": 5, "nb_row": 3, "nb_col": 2}""", "the file's Conv2D has Keras 1's nb_filter (Keras 2 calls it filters); Compiled expects Keras 2 configurations")]
    [InlineData("conv2d", """{"dim_ordering": "th"}""", "the file's Conv2D has Keras 1's dim_ordering 'th' (channels first); Compiled expects channels_last")]
    [InlineData("conv1d", """{"padding": "same"}""", "the file's Conv1D has padding 'same'; TestNet expects 'causal'")]
    [InlineData("conv1d", """{"dilation_rate": [1]}""", "the file's Conv1D has dilation_rate [1]; TestNet expects (2,)")]
    [InlineData("max_pooling2d", """{"pool_size": [3, 3]}""", "the file's MaxPooling2D has pool_size [3, 3]; TestNet expects (2, 2)")]
    [InlineData("max_pooling2d", """{"padding": "valid"}""", "the file's MaxPooling2D has padding 'valid'; TestNet expects 'same'")]
    [InlineData("max_pooling2d", """{"data_format": "channels_first"}""", "the file's MaxPooling2D has data_format 'channels_first'; Compiled expects channels_last")]
    [InlineData("average_pooling2d", """{"strides": [3, 2]}""", "the file's AveragePooling2D has strides [3, 2]; TestNet expects (1, 2)")]
    [InlineData("average_pooling2d", """{"strides": null}""", "the file's AveragePooling2D has strides null; TestNet expects (1, 2)")]
    [InlineData("max_pooling1d", """{"pool_length": 2, "stride": 2}""", "the file's MaxPooling1D has Keras 1's pool_length (Keras 2 calls it pool_size); Compiled expects Keras 2 configurations")]
    [InlineData("average_pooling1d", """{"pool_size": [2]}""", "the file's AveragePooling1D has pool_size [2]; TestNet expects (3,)")]
    [InlineData("global_average_pooling2d", """{"data_format": "channels_first"}""", "the file's GlobalAveragePooling2D has data_format 'channels_first'; Compiled expects channels_last")]
    [InlineData("global_max_pooling1d", """{"keepdims": true}""", "the file's GlobalMaxPooling1D has keepdims True; TestNet expects False")]
    [InlineData("zero_padding2d", """{"padding": [[1, 2], [3, 0]]}""", "the file's ZeroPadding2D has padding [[1, 2], [3, 0]]; TestNet expects ((1, 2), (0, 3))")]
    [InlineData("zero_padding2d", """{"padding": 1}""", "the file's ZeroPadding2D has padding 1; TestNet expects ((1, 2), (0, 3))")]
    [InlineData("zero_padding2d", """{"data_format": "channels_first"}""", "the file's ZeroPadding2D has data_format 'channels_first'; Compiled expects channels_last")]
    [InlineData("batch_normalization", """{"axis": 1}""", "the file's BatchNormalization has axis 1; TestNet expects -1 (the channels, axis 3)")]
    [InlineData("batch_normalization", """{"axis": [1, 2]}""", "the file's BatchNormalization has axis [1, 2]; TestNet expects -1 (the channels, axis 3)")]
    [InlineData("batch_normalization", """{"epsilon": 0.001}""", "the file's BatchNormalization has epsilon 0.001; TestNet expects 1e-05")]
    [InlineData("batch_normalization", """{"momentum": 0.99}""", "the file's BatchNormalization has momentum 0.99; TestNet expects 0.9")]
    [InlineData("batch_normalization_1", """{"center": true}""", "the file's BatchNormalization has center True; TestNet expects False")]
    [InlineData("batch_normalization", """{"scale": false}""", "the file's BatchNormalization has scale False; TestNet expects True")]
    [InlineData("batch_normalization", """{"mode": 0, "axis": -1}""", "the file's BatchNormalization has Keras 1's mode 0 (Keras 2 removed it); Compiled expects Keras 2 configurations")]
    [InlineData("dropout", """{"rate": 0.5}""", "the file's Dropout has rate 0.5; TestNet expects 0.25")]
    [InlineData("dropout", """{"noise_shape": [null, 1]}""", "the file's Dropout has noise_shape [null, 1]; TestNet expects None")]
    [InlineData("dropout", """{"p": 0.25}""", "the file's Dropout has Keras 1's p (Keras 2 calls it rate); Compiled expects Keras 2 configurations")]
    [InlineData("lstm", """{"units": 8}""", "the file's LSTM has units 8; TestNet expects 4")]
    [InlineData("lstm", """{"activation": "relu"}""", "the file's LSTM has activation 'relu'; TestNet expects 'tanh'")]
    [InlineData("lstm", """{"recurrent_activation": "hard_sigmoid"}""", "the file's LSTM has recurrent_activation 'hard_sigmoid'; TestNet expects 'sigmoid'")]
    [InlineData("lstm_1", """{"recurrent_activation": "sigmoid"}""", "the file's LSTM has recurrent_activation 'sigmoid'; TestNet expects 'hard_sigmoid'")]
    [InlineData("lstm", """{"use_bias": false}""", "the file's LSTM has use_bias False; TestNet expects True")]
    [InlineData("lstm", """{"return_sequences": true}""", "the file's LSTM has return_sequences True; TestNet expects False")]
    [InlineData("lstm_1", """{"go_backwards": false}""", "the file's LSTM has go_backwards False; TestNet expects True")]
    [InlineData("lstm", """{"return_state": true}""", "the file's LSTM has return_state True; TestNet expects False")]
    [InlineData("lstm", """{"stateful": true}""", "the file's LSTM has stateful True; TestNet expects False")]
    [InlineData("lstm", """{"time_major": true}""", "the file's LSTM has time_major True; TestNet expects False")]
    [InlineData("lstm", """{"dropout": 0.2}""", "the file's LSTM has dropout 0.2; TestNet expects 0.0")]
    [InlineData("lstm", """{"recurrent_dropout": 0.5}""", "the file's LSTM has recurrent_dropout 0.5; TestNet expects 0.0 (Compiled's LSTM has no recurrent dropout)")]
    [InlineData("lstm_1", """{"dropout": 0.0}""", "the file's LSTM has dropout 0.0; TestNet expects 0.25")]
    [InlineData("lstm", """{"output_dim": 4, "inner_activation": "hard_sigmoid"}""", "the file's LSTM has Keras 1's output_dim (Keras 2 calls it units); Compiled expects Keras 2 configurations")]
    [InlineData("embedding", """{"input_dim": 300}""", "the file's Embedding has input_dim 300; TestNet expects 200")]
    [InlineData("embedding", """{"output_dim": 64}""", "the file's Embedding has output_dim 64; TestNet expects 50")]
    [InlineData("embedding", """{"mask_zero": true}""", "the file's Embedding has mask_zero True; TestNet expects False")]
    [InlineData("embedding_1", """{"mask_zero": false}""", "the file's Embedding has mask_zero False; TestNet expects True")]
    [InlineData("embedding", """{"input_length": 12}""", "the file's Embedding has input_length 12; TestNet expects 10")]
    [InlineData("embedding", """{"input_length": [10, 2]}""", "the file's Embedding has input_length [10, 2]; TestNet expects 10")]
    [InlineData("embedding", """{"input_dim": 200, "init": "uniform"}""", "the file's Embedding has Keras 1's init (Keras 2 calls it embeddings_initializer); Compiled expects Keras 2 configurations")]
    [InlineData("repeat_vector", """{"n": 4}""", "the file's RepeatVector has n 4; TestNet expects 3")]
    [InlineData("simple_rnn", """{"units": 8}""", "the file's SimpleRNN has units 8; TestNet expects 4")]
    [InlineData("simple_rnn", """{"activation": "relu"}""", "the file's SimpleRNN has activation 'relu'; TestNet expects 'tanh'")]
    [InlineData("simple_rnn", """{"use_bias": false}""", "the file's SimpleRNN has use_bias False; TestNet expects True")]
    [InlineData("simple_rnn", """{"return_sequences": true}""", "the file's SimpleRNN has return_sequences True; TestNet expects False")]
    [InlineData("simple_rnn_1", """{"go_backwards": false}""", "the file's SimpleRNN has go_backwards False; TestNet expects True")]
    [InlineData("simple_rnn", """{"return_state": true}""", "the file's SimpleRNN has return_state True; TestNet expects False")]
    [InlineData("simple_rnn", """{"stateful": true}""", "the file's SimpleRNN has stateful True; TestNet expects False")]
    [InlineData("simple_rnn_1", """{"dropout": 0.0}""", "the file's SimpleRNN has dropout 0.0; TestNet expects 0.25")]
    [InlineData("simple_rnn", """{"recurrent_dropout": 0.5}""", "the file's SimpleRNN has recurrent_dropout 0.5; TestNet expects 0.0 (Compiled's SimpleRNN has no recurrent dropout)")]
    [InlineData("simple_rnn", """{"output_dim": 4, "inner_init": "orthogonal"}""", "the file's SimpleRNN has Keras 1's output_dim (Keras 2 calls it units); Compiled expects Keras 2 configurations")]
    [InlineData("bidirectional_2", """{"merge_mode": "sum", "layer": {"class_name": "LSTM", "config": {}}}""", "the file's Bidirectional wraps LSTM; TestNet expects SimpleRNN")]
    [InlineData("bidirectional_2", """{"merge_mode": "sum", "layer": {"class_name": "SimpleRNN", "config": {"activation": "tanh"}}}""", "in Bidirectional 'bidirectional_2', the file's SimpleRNN has activation 'tanh'; TestNet expects 'sigmoid'")]
    [InlineData("masking", """{"mask_value": 1.0}""", "the file's Masking has mask_value 1.0; TestNet expects 0.0")]
    [InlineData("masking_1", """{"mask_value": "x"}""", "the file's Masking has mask_value \"x\"; TestNet expects -1.5")]
    [InlineData("time_distributed", """{"layer": {"class_name": "Conv1D", "config": {}}}""", "the file's TimeDistributed wraps Conv1D; TestNet expects Dense")]
    [InlineData("time_distributed", """{"layer": {"class_name": "Dense", "config": {"units": 8}}}""", "in TimeDistributed 'time_distributed', the file's Dense has units 8; TestNet expects 4")]
    [InlineData("time_distributed", """{"layer": {"class_name": "Dense"}}""", "the file's TimeDistributed's Dense has no config; TestNet expects one")]
    public void A_differing_config_is_described(string name, string config, string expected)
    {
        using JsonDocument document = JsonDocument.Parse(config);
        Assert.Equal(expected, s_examples.Single(e => e.Name == name).CompareKerasConfig(document.RootElement, "TestNet"));
    }

    [Theory]
    [InlineData("softmax", """{"axis": 2}""")]
    [InlineData("concatenate", """{"axis": -1}""")]
    [InlineData("reshape", """{"target_shape": [3, -1]}""")]
    [InlineData("conv2d", """{"padding": "SAME", "kernel_size": [3, 2], "strides": 2}""")]
    [InlineData("max_pooling1d", """{"strides": null, "pool_size": 2}""")]
    [InlineData("zero_padding2d", """{"padding": [[1, 2], [0, 3]]}""")]
    [InlineData("batch_normalization", """{"axis": -1, "epsilon": 9.999999747378752e-06, "momentum": 0.8999999761581421}""")]
    [InlineData("batch_normalization", """{"axis": [3]}""")]
    [InlineData("batch_normalization_1", """{"axis": 1}""")]
    [InlineData("dropout", """{"rate": 0.25, "seed": 7}""")]
    // Initialization only, or the same computation: unit_forget_bias, the initializers, unroll and implementation.
    [InlineData("lstm", """{"unit_forget_bias": false, "implementation": 1, "unroll": true, "kernel_initializer": {"class_name": "VarianceScaling", "config": {}}, "dropout": 0.0}""")]
    [InlineData("embedding", """{"input_length": null, "embeddings_initializer": {"class_name": "RandomUniform", "config": {"minval": -0.05, "maxval": 0.05, "seed": null}}}""")]
    [InlineData("embedding", """{"input_length": [10]}""")]
    public void Equivalent_spellings_agree(string name, string config)
    {
        using JsonDocument document = JsonDocument.Parse(config);
        Assert.Null(s_examples.Single(e => e.Name == name).CompareKerasConfig(document.RootElement, "TestNet"));
    }

    [Theory]
    // tf.keras 2.4's get_config entries, in its order, beside the base layer's (written by the model writer).
    [InlineData("conv2d", """{"filters":5,"kernel_size":[3,2],"strides":[2,2],"padding":"same","data_format":"channels_last","dilation_rate":[1,1],"groups":1,"activation":"relu","use_bias":true,"kernel_initializer":{"class_name":"HeNormal","config":{"seed":4}},"bias_initializer":{"class_name":"Zeros","config":{}},"kernel_regularizer":null,"bias_regularizer":null,"activity_regularizer":null,"kernel_constraint":null,"bias_constraint":null}""")]
    [InlineData("conv1d", """{"filters":4,"kernel_size":[3],"strides":[1],"padding":"causal","data_format":"channels_last","dilation_rate":[2],"groups":1,"activation":"tanh","use_bias":true,"kernel_initializer":{"class_name":"GlorotUniform","config":{"seed":null}},"bias_initializer":{"class_name":"Zeros","config":{}},"kernel_regularizer":null,"bias_regularizer":null,"activity_regularizer":null,"kernel_constraint":null,"bias_constraint":null}""")]
    [InlineData("max_pooling2d", """{"pool_size":[2,2],"padding":"same","strides":[2,2],"data_format":"channels_last"}""")]
    [InlineData("average_pooling1d", """{"strides":[4],"pool_size":[3],"padding":"same","data_format":"channels_last"}""")]
    [InlineData("global_max_pooling2d", """{"data_format":"channels_last"}""")]
    [InlineData("zero_padding2d", """{"padding":[[1,2],[0,3]],"data_format":"channels_last"}""")]
    [InlineData("batch_normalization", """{"axis":[3],"momentum":0.9,"epsilon":1e-05,"center":true,"scale":true,"beta_initializer":{"class_name":"Zeros","config":{}},"gamma_initializer":{"class_name":"Ones","config":{}},"moving_mean_initializer":{"class_name":"Zeros","config":{}},"moving_variance_initializer":{"class_name":"Ones","config":{}},"beta_regularizer":null,"gamma_regularizer":null,"beta_constraint":null,"gamma_constraint":null}""")]
    [InlineData("batch_normalization_1", """{"axis":[1],"momentum":0.99,"epsilon":0.001,"center":false,"scale":true,"beta_initializer":{"class_name":"Zeros","config":{}},"gamma_initializer":{"class_name":"Constant","config":{"value":0.5}},"moving_mean_initializer":{"class_name":"Zeros","config":{}},"moving_variance_initializer":{"class_name":"Ones","config":{}},"beta_regularizer":null,"gamma_regularizer":null,"beta_constraint":null,"gamma_constraint":null}""")]
    [InlineData("dropout", """{"rate":0.25,"noise_shape":null,"seed":null}""")]
    [InlineData("dropout_1", """{"rate":0.5,"noise_shape":null,"seed":12345678901}""")]
    [InlineData("lstm", """{"return_sequences":false,"return_state":false,"go_backwards":false,"stateful":false,"unroll":false,"time_major":false,"units":4,"activation":"tanh","recurrent_activation":"sigmoid","use_bias":true,"kernel_initializer":{"class_name":"GlorotUniform","config":{"seed":null}},"recurrent_initializer":{"class_name":"Orthogonal","config":{"gain":1.0,"seed":null}},"bias_initializer":{"class_name":"Zeros","config":{}},"unit_forget_bias":true,"kernel_regularizer":null,"recurrent_regularizer":null,"bias_regularizer":null,"activity_regularizer":null,"kernel_constraint":null,"recurrent_constraint":null,"bias_constraint":null,"dropout":0.0,"recurrent_dropout":0.0,"implementation":2}""")]
    [InlineData("lstm_1", """{"return_sequences":true,"return_state":false,"go_backwards":true,"stateful":false,"unroll":false,"time_major":false,"units":2,"activation":"relu","recurrent_activation":"hard_sigmoid","use_bias":false,"kernel_initializer":{"class_name":"HeUniform","config":{"seed":2}},"recurrent_initializer":{"class_name":"Orthogonal","config":{"gain":0.5,"seed":9}},"bias_initializer":{"class_name":"Zeros","config":{}},"unit_forget_bias":false,"kernel_regularizer":null,"recurrent_regularizer":null,"bias_regularizer":null,"activity_regularizer":null,"kernel_constraint":null,"recurrent_constraint":null,"bias_constraint":null,"dropout":0.25,"recurrent_dropout":0.0,"implementation":2}""")]
    [InlineData("embedding", """{"input_dim":200,"output_dim":50,"embeddings_initializer":{"class_name":"RandomUniform","config":{"minval":-0.05,"maxval":0.05,"seed":null}},"embeddings_regularizer":null,"activity_regularizer":null,"embeddings_constraint":null,"mask_zero":false,"input_length":10}""")]
    [InlineData("embedding_1", """{"input_dim":30,"output_dim":4,"embeddings_initializer":{"class_name":"RandomNormal","config":{"mean":0.0,"stddev":0.1,"seed":5}},"embeddings_regularizer":null,"activity_regularizer":null,"embeddings_constraint":null,"mask_zero":true,"input_length":7}""")]
    [InlineData("repeat_vector", """{"n":3}""")]
    public void Keras_config_is_written_as_tf_keras_2_4_writes_it(string name, string expected)
        => Assert.Equal(expected, Config(s_examples.Single(e => e.Name == name)));

    [Fact]
    public void Convolution_and_batch_normalization_variables_are_laid_out_as_Keras_orders_them()
    {
        LayerInfo conv = s_examples.Single(e => e.Name == "conv2d");
        Assert.Equal(["kernel (3, 2, 2, 5) at 0", "bias (5,) at 60"], conv.Variables.Select(v => v.ToString()));
        Assert.Equal(65, conv.ParameterCount);
        Assert.Equal(["kernel (3, 3, 4) at 3", "bias (4,) at 39"], s_examples.Single(e => e.Name == "conv1d").Variables.Select(v => v.ToString()));
        Assert.Single(s_examples.Single(e => e.Name == "conv2d_1").Variables);

        var norm = (BatchNormalizationLayer)s_examples.Single(e => e.Name == "batch_normalization");
        Assert.Equal(["gamma (3,) at 10", "beta (3,) at 13", "moving_mean (3,) non-trainable at 0", "moving_variance (3,) non-trainable at 3"],
            norm.Variables.Select(v => v.ToString()));
        Assert.Equal(6, norm.ParameterCount);
        // Rank 4 takes TensorFlow's fused kernel, whose epsilon is at least 1.001e-5.
        Assert.Equal(1.001e-5f, norm.EffectiveEpsilon);
        var plain = (BatchNormalizationLayer)s_examples.Single(e => e.Name == "batch_normalization_1");
        Assert.Equal(["gamma (6,) at 0", "moving_mean (6,) non-trainable at 6", "moving_variance (6,) non-trainable at 12"], plain.Variables.Select(v => v.ToString()));
        Assert.Null(plain.Beta);
        Assert.Equal(0.001f, plain.EffectiveEpsilon);
    }

    [Fact]
    public void Lstm_variables_are_laid_out_as_keras_orders_them_inside_the_cell()
    {
        var lstm = (LSTMLayer)s_examples.Single(e => e.Name == "lstm");
        Assert.Equal(["kernel (3, 16) at 0", "recurrent_kernel (4, 16) at 48", "bias (16,) at 112"], lstm.Variables.Select(v => v.ToString()));
        Assert.All(lstm.Variables, v => Assert.Equal("lstm_cell", v.Scope));
        Assert.Equal(128, lstm.ParameterCount);
        Assert.Equal([4], lstm.OutputShape);
        var sequences = (LSTMLayer)s_examples.Single(e => e.Name == "lstm_1");
        Assert.Equal(["kernel (5, 8) at 7", "recurrent_kernel (2, 8) at 47"], sequences.Variables.Select(v => v.ToString()));
        Assert.Null(sequences.Bias);
        // tf.keras numbers cells as it numbers layers: lstm_1's is lstm_cell_1.
        Assert.All(sequences.Variables, v => Assert.Equal("lstm_cell_1", v.Scope));
        Assert.Equal([6, 2], sequences.OutputShape);
    }

    [Fact]
    public void Embedding_and_repeat_vector_shapes_and_variables_are_keras_s()
    {
        var embedding = (EmbeddingLayer)s_examples.Single(e => e.Name == "embedding_1");
        Assert.Equal(["embeddings (30, 4) at 12"], embedding.Variables.Select(v => v.ToString()));
        Assert.Equal([7, 4], embedding.OutputShape);
        Assert.Equal(120, embedding.ParameterCount);
        Assert.Equal([3, 6], s_examples.Single(e => e.Name == "repeat_vector").OutputShape);
        Assert.Throws<ArgumentException>(() => new EmbeddingLayer(name: "e", inputShape: [4, 2], inputDim: 3, outputDim: 2, maskZero: false, parameterOffset: 0));
        Assert.Throws<ArgumentException>(() => new RepeatVectorLayer(name: "r", inputShape: [4, 2], n: 2));
    }

    [Fact]
    public void Bidirectional_variables_are_the_forward_copy_then_the_backward_copy_in_their_scopes()
    {
        var concat = (BidirectionalLayer)s_examples.Single(e => e.Name == "bidirectional");
        Assert.Equal(["kernel (3, 16) at 0", "recurrent_kernel (4, 16) at 48", "bias (16,) at 112", "kernel (3, 16) at 128", "recurrent_kernel (4, 16) at 176", "bias (16,) at 240"],
            concat.Variables.Select(v => v.ToString()));
        Assert.Equal(["forward_lstm/lstm_cell", "forward_lstm/lstm_cell", "forward_lstm/lstm_cell", "backward_lstm/lstm_cell", "backward_lstm/lstm_cell", "backward_lstm/lstm_cell"],
            concat.Variables.Select(v => v.Scope));
        Assert.Equal(256, concat.ParameterCount);
        Assert.Equal([8], concat.OutputShape);
        var ave = (BidirectionalLayer)s_examples.Single(e => e.Name == "bidirectional_1");
        Assert.Equal(["kernel (5, 8) at 7", "recurrent_kernel (2, 8) at 47", "kernel (5, 8) at 63", "recurrent_kernel (2, 8) at 103"], ave.Variables.Select(v => v.ToString()));
        Assert.Equal([6, 2], ave.OutputShape);
    }

    [Theory]
    [InlineData("Conv3D", "the file's layer 'dense' has class Conv3D, a layer kind Compiled does not support")]
    [InlineData("Convolution2D", "the file's layer 'dense' is a Convolution2D, Keras 1's layer that Keras 2 replaced with Conv2D; Compiled expects Keras 2 files")]
    public void A_file_layer_of_a_class_no_kind_claims_is_refused_as_not_supported(string kerasClass, string expected)
    {
        using var directory = new TempDirectory();
        string path = directory.File("iris.h5");
        var iris = new IrisNet(seed: 1);
        KerasHdf5Document file = KerasFileWriter.Build(iris);
        file.File.Attributes[KerasLayout.ModelConfigAttribute] = ModelConfig.ToJson(iris).Replace("\"class_name\":\"Dense\"", $"\"class_name\":\"{kerasClass}\"");
        AtomicFile.Write(path, file.Write);

        var error = Assert.Throws<ModelFileException>(() => Model.Load<IrisNet>(path));
        Assert.Contains(expected, error.Message);
    }

    /// <summary>A layer's own Keras configuration entries as one JSON object.</summary>
    internal static string Config(LayerInfo layer)
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
