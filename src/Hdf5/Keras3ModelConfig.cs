using System.Text.Json;
using System.Text.Json.Nodes;

namespace Compiled.Hdf5;

/// <summary>
/// A <c>.keras</c> file's <c>config.json</c>: the model as Keras 3's <c>serialize_keras_object</c> writes it
/// (<c>module</c>, <c>class_name</c>, <c>config</c>, <c>registered_name</c>, <c>build_config</c>), its layers each in
/// the same envelope with their Keras 3 configuration (<see cref="LayerInfo.WriteKeras3Config"/>), a functional model's
/// layers with Keras 3's <c>inbound_nodes</c> (<c>{"args": [keras tensor], "kwargs": {}}</c>), a Sequential model's
/// led by its <c>InputLayer</c>; and once compiled, <c>compile_config</c>.
/// </summary>
internal static class Keras3ModelConfig
{
    /// <summary>The name Keras 3 gives a Sequential model's input layer.</summary>
    public const string SequentialInputName = "input_layer";

    public static string ToJson(Model model)
    {
        bool functional = model.InputLayerNames.Count > 0;
        Dictionary<string, LayerInfo> byName = model.Architecture.ToDictionary(l => l.Name);
        JsonArray layers = [];
        if (!functional)
        {
            layers.Add(new JsonObject
            {
                ["module"] = "keras.layers",
                ["class_name"] = "InputLayer",
                ["config"] = new JsonObject
                {
                    ["batch_shape"] = BatchShape(model.InputShape.ToArray()),
                    ["dtype"] = "float32",
                    ["sparse"] = false,
                    ["ragged"] = false,
                    ["name"] = SequentialInputName,
                },
                ["registered_name"] = null,
            });
        }
        foreach (LayerInfo layer in KerasLayerOrder.Of(model)) layers.Add(Layer(layer, byName, functional));

        JsonObject config = new() { ["name"] = model.Name, ["trainable"] = true, ["layers"] = layers };
        if (functional)
        {
            config["input_layers"] = TensorList(model.InputLayerNames);
            config["output_layers"] = TensorList(model.Outputs.Select(o => o.Name).ToArray());
        }
        else
        {
            config["build_input_shape"] = BatchShape(model.InputShape.ToArray());
        }
        JsonObject root = new()
        {
            ["module"] = functional ? "keras.src.models.functional" : "keras",
            ["class_name"] = functional ? "Functional" : "Sequential",
            ["config"] = config,
            ["registered_name"] = functional ? "Functional" : null,
            ["build_config"] = new JsonObject { ["input_shape"] = functional ? null : BatchShape(model.InputShape.ToArray()) },
        };
        if (model.Loss is not null && model.Optimizer is not null) root["compile_config"] = Keras3CompileConfig.FromTrainingConfig(TrainingConfig.ToJson(model));
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    /// <summary>One layer: its envelope, its Keras 3 config, what it was built for, and in a functional model its name and inbound nodes.</summary>
    private static JsonObject Layer(LayerInfo layer, Dictionary<string, LayerInfo> byName, bool functional)
    {
        JsonObject entry = new()
        {
            ["module"] = "keras.layers",
            ["class_name"] = layer.KerasClass,
            ["config"] = Keras3Config.Keras3Entries(layer),
            ["registered_name"] = null,
        };
        if (!layer.IsInput)
        {
            // A merge is built for the list of its inputs' shapes; any other layer for its one input's.
            JsonNode shape = layer.Inbound.Count > 1
                ? new JsonArray(layer.Inbound.Select(n => (JsonNode)BatchShape(byName[n].OutputShape)).ToArray())
                : BatchShape(layer.InputShape);
            entry["build_config"] = new JsonObject { ["input_shape"] = shape };
        }
        if (functional)
        {
            entry["name"] = layer.Name;
            JsonArray nodes = [];
            if (layer.Inbound.Count > 0)
            {
                JsonNode[] tensors = layer.Inbound.Select(n => (JsonNode)KerasTensor(byName[n])).ToArray();
                // Keras 3 calls a merge on the list of its inputs, one argument; any other layer on its one input.
                JsonNode argument = tensors.Length > 1 ? new JsonArray(tensors) : tensors[0];
                nodes.Add(new JsonObject { ["args"] = new JsonArray(argument), ["kwargs"] = new JsonObject() });
            }
            entry["inbound_nodes"] = nodes;
        }
        return entry;
    }

    /// <summary>Keras 3's reference to a layer's output in a node: <c>{"class_name": "__keras_tensor__", "config": {"shape", "dtype", "keras_history"}}</c>.</summary>
    private static JsonObject KerasTensor(LayerInfo source) => new()
    {
        ["class_name"] = "__keras_tensor__",
        ["config"] = new JsonObject
        {
            ["shape"] = BatchShape(source.OutputShape),
            ["dtype"] = "float32",
            ["keras_history"] = new JsonArray(source.Name, 0, 0),
        },
    };

    private static JsonArray TensorList(IReadOnlyList<string> names) => new(names.Select(n => (JsonNode)new JsonArray(n, 0, 0)).ToArray());

    private static JsonArray BatchShape(IReadOnlyList<int> shape)
    {
        JsonArray array = [null];
        foreach (int d in shape) array.Add(d);
        return array;
    }
}
