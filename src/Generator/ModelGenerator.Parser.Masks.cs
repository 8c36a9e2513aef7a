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
        /// <summary>How CMP050 names a model output as the consumer of a mask: Keras's loss would weight the steps by it.</summary>
        private const string ModelOutputAsConsumer = "the model's output (Keras's loss would weight its steps by the mask)";

        private sealed partial class Session
        {
            /// <summary>
            /// Keras hands a layer's mask (Embedding's <c>mask_zero=True</c>) to whatever consumes the layer; a consumer that
            /// cannot honour it would silently compute over the padding, so the producer's mask argument is reported
            /// (CMP050). <paramref name="consumer"/> is null for the model's output, whose loss cannot take a mask either.
            /// </summary>
            private void CheckMaskConsumed(AttributeData producer, LayerKind producerKind, LayerSpec layer, LayerKind? consumer, string consumerText)
            {
                if (producerKind.MaskArgument(layer) is not { } argument || consumer is { ConsumesMask: true }) return;
                Report(DiagnosticDescriptors.MaskNotConsumed, At(producer, argument), producerKind.KerasClass, layer.Name, argument, consumerText);
            }

            /// <summary>Every node that makes a mask, against its consumers: the first that cannot take it is reported.</summary>
            private void CheckMasksConsumed(List<RawNode> nodes, IEnumerable<int> outputs)
            {
                HashSet<int> isOutput = new(outputs);
                foreach (RawNode node in nodes)
                {
                    if (node.Layer is not { } layer || node.Kind.MaskArgument(layer) is null) continue;
                    RawNode? refusing = nodes.FirstOrDefault(n => !n.Failed && n.Inputs.Contains(node.Order) && !n.Kind.ConsumesMask);
                    if (refusing is not null)
                        CheckMaskConsumed(node.Attribute, node.Kind, layer, refusing.Kind, $"{refusing.Kind.KerasClass} '{refusing.Name}'");
                    else if (isOutput.Contains(node.Order))
                        CheckMaskConsumed(node.Attribute, node.Kind, layer, null, ModelOutputAsConsumer);
                }
            }
        }
    }
}
