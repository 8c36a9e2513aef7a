using System.Collections.Generic;
using System.Linq;
using Compiled.Generator.Diagnostics;
using Compiled.Generator.Layers;
using Compiled.Generator.Models;
using Microsoft.CodeAnalysis;

namespace Compiled.Generator;

public sealed partial class ModelGenerator
{
    internal static partial class Parser
    {
        /// <summary>How CMP050 names a model output as the consumer of a mask: Keras's loss would weight its steps by it.</summary>
        private const string ModelOutputAsConsumer = "the model's output (Keras's loss would weight its steps by the mask)";

        /// <summary>A layer that makes a mask: its attribute (where a mask no layer consumes is reported), its kind and the layer.</summary>
        private readonly record struct MaskProducer(AttributeData Attribute, LayerKind Kind, LayerSpec Layer);

        private sealed partial class Session
        {
            /// <summary>
            /// Keras hands a layer's mask (Embedding's <c>mask_zero=True</c>, a Masking layer's) to whatever consumes the layer,
            /// through the layers that pass it on; a consumer that cannot honour it would silently compute over the padding, so
            /// the producer is reported (CMP050 on its mask argument, CMP052 on a Masking layer) unless <paramref name="consumed"/>;
            /// the model's output, whose loss cannot take a mask either, never consumes it.
            /// </summary>
            private void CheckMaskConsumed(MaskProducer producer, bool consumed, string consumerText)
            {
                if (producer.Kind.MaskArgument(producer.Layer) is not { } argument || consumed) return;
                if (argument.Length == 0)
                    Report(DiagnosticDescriptors.MaskingNotConsumed, At(producer.Attribute), producer.Kind.KerasClass, producer.Layer.Name, consumerText);
                else
                    Report(DiagnosticDescriptors.MaskNotConsumed, At(producer.Attribute, argument), producer.Kind.KerasClass, producer.Layer.Name, argument, consumerText);
            }

            /// <summary>
            /// The mask <paramref name="layer"/>'s output carries, given the mask its input carries: its own when it makes one,
            /// else its input's when its kind honours and passes it on, else none.
            /// </summary>
            private static MaskProducer? MaskAfter(MaskProducer? input, AttributeData attribute, LayerKind kind, LayerSpec layer)
            {
                if (kind.MaskArgument(layer) is not null) return new MaskProducer(attribute, kind, layer);
                return input is not null && kind.ConsumesMaskOf(layer) && kind.PassesMask(layer) ? input : null;
            }

            /// <summary>
            /// In a functional model, every node's mask from its inputs' (in the order the nodes are computed), each producer
            /// against the consumers it reaches: the first that cannot take it is reported, and nodes that take one are marked.
            /// </summary>
            private void CheckMasksConsumed(List<RawNode> nodes, List<int> order, IEnumerable<int> outputs)
            {
                HashSet<int> isOutput = new(outputs);
                HashSet<LayerSpec> reported = new();
                Dictionary<int, MaskProducer?> carried = new();
                foreach (int index in order)
                {
                    RawNode node = nodes[index];
                    MaskProducer? input = node.Inputs.Select(i => carried.TryGetValue(i, out MaskProducer? m) ? m : null).FirstOrDefault(m => m is not null);
                    if (input is { } arriving && !node.Failed)
                    {
                        bool consumes = node.Layer is { } read ? node.Kind.ConsumesMaskOf(read) : node.Kind.ConsumesMask;
                        if (!consumes && reported.Add(arriving.Layer))
                            CheckMaskConsumed(arriving, false, $"{node.Kind.KerasClass} '{node.Name}'");
                        node.InputMasked = consumes;
                    }
                    carried[index] = node.Layer is { } layer && !node.Failed ? MaskAfter(input, node.Attribute, node.Kind, layer) : null;
                    if (isOutput.Contains(index) && carried[index] is { } atOutput && reported.Add(atOutput.Layer))
                        CheckMaskConsumed(atOutput, false, ModelOutputAsConsumer);
                }
            }
        }
    }
}
