using System.Collections.Generic;
using Compiled.Generator.Diagnostics;
using Compiled.Generator.Layers;
using Compiled.Generator.Models;
using Microsoft.CodeAnalysis;

namespace Compiled.Generator;

public sealed partial class ModelGenerator
{
    internal static partial class Parser
    {
        private sealed partial class Session
        {
            /// <summary>
            /// The layer with its regularizers and constraints read from its attribute (<see cref="WeightRuleReader"/>), for
            /// every kind alike; null when one is reported as invalid.
            /// </summary>
            private LayerSpec? WithWeightRules(AttributeData attribute, LayerSpec layer)
            {
                List<WeightRuleSpec> rules = new();
                bool failed = false;
                foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
                {
                    if (!WeightRuleReader.IsRuleArgument(named.Key) || named.Value.Value is not string text) continue;
                    WeightRuleSpec? rule = WeightRuleReader.Read(named.Key, text, layer, out DiagnosticDescriptor? error, out string[] arguments);
                    if (rule is not null) rules.Add(rule);
                    else
                    {
                        Report(error!, At(attribute, named.Key), arguments);
                        failed = true;
                    }
                }
                return failed ? null : rules.Count == 0 ? layer : layer with { Rules = rules.ToEquatableArray() };
            }

            /// <summary>A wrapper runs its wrapped kind's code but reads only its own attribute: say so rather than drop a wrapped layer's rules.</summary>
            private bool CheckNoWrappedRules(AttributeData wrapper, AttributeData wrapped, LayerKind wrappedKind, string wrappedName)
            {
                foreach (KeyValuePair<string, TypedConstant> named in wrapped.NamedArguments)
                {
                    if (!WeightRuleReader.IsRuleArgument(named.Key) || named.Value.Value is not string) continue;
                    Report(DiagnosticDescriptors.RuleOnWrappedLayer, At(wrapped, named.Key), wrappedKind.KerasClass, wrappedName, named.Key, ShortName(wrapper));
                    return false;
                }
                return true;
            }
        }
    }
}
