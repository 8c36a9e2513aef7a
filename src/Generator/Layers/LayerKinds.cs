using System.Collections.Generic;
using System.Linq;

namespace Compiled.Generator.Layers;

/// <summary>Every layer kind the generator knows, listed once: the only place that names them all.</summary>
internal static class LayerKinds
{
    public static readonly LayerKind[] All =
    {
        new DenseLayerKind(), new ReLULayerKind(), new SoftmaxLayerKind(), new ActivationLayerKind(),
        new FlattenLayerKind(), new ReshapeLayerKind(), new InputLayerKind(),
        new MergeLayerKind("Add"), new MergeLayerKind("Subtract"), new MergeLayerKind("Multiply"),
        new MergeLayerKind("Average"), new MergeLayerKind("Maximum"), new ConcatenateLayerKind(),
        new Conv2DLayerKind(), new Conv1DLayerKind(),
        new MaxPooling2DLayerKind(), new AveragePooling2DLayerKind(), new MaxPooling1DLayerKind(), new AveragePooling1DLayerKind(),
        new GlobalAveragePooling2DLayerKind(), new GlobalMaxPooling2DLayerKind(), new GlobalAveragePooling1DLayerKind(), new GlobalMaxPooling1DLayerKind(),
        new ZeroPadding2DLayerKind(), new BatchNormalizationLayerKind(), new DropoutLayerKind(),
        new LSTMLayerKind(), new BidirectionalLayerKind(),
        new GRULayerKind(),
        new SimpleRNNLayerKind(),
        new EmbeddingLayerKind(), new RepeatVectorLayerKind(),
        new MaskingLayerKind(), new TimeDistributedLayerKind(),
    };

    private static readonly Dictionary<string, LayerKind> s_byAttribute = All.ToDictionary(k => k.AttributeName);

    /// <summary>The kind an attribute declares, by the attribute's metadata name; null for other attributes.</summary>
    public static LayerKind? ByAttribute(string? attributeName)
        => attributeName is not null && s_byAttribute.TryGetValue(attributeName, out LayerKind? kind) ? kind : null;

    /// <summary>The kind of a layer read by the parser.</summary>
    public static LayerKind Of(Models.LayerSpec layer) => s_byAttribute[layer.Kind];
}
