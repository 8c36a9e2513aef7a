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
        /// <summary>The layer kind an attribute declares; null for other attributes.</summary>
        private static LayerKind? KindOf(AttributeData attribute) => LayerKinds.ByAttribute(attribute.AttributeClass?.ToDisplayString());

        private sealed partial class Session
        {
            /// <summary>Layer attributes on properties of a Sequential class would be silently ignored: say so.</summary>
            private void CheckNoNodeProperties(string modelKind)
            {
                foreach (IPropertySymbol property in _class.GetMembers().OfType<IPropertySymbol>())
                {
                    AttributeData? layer = property.GetAttributes().FirstOrDefault(a => KindOf(a) is not null);
                    if (layer is not null)
                        Report(DiagnosticDescriptors.LayerInWrongModel, At(layer),
                            $"[{ShortName(layer)}] on property '{property.Name}' makes a node, but {modelKind} model '{_class.Name}' takes its layers from the class's attributes in order; move it onto the class, or make the model [Functional]");
                }
            }

            private static string ShortName(AttributeData attribute)
            {
                string name = attribute.AttributeClass?.Name ?? "?";
                return name.EndsWith("Attribute") ? name.Substring(0, name.Length - "Attribute".Length) : name;
            }
        }
    }
}
