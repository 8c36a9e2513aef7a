using System.Collections.Generic;
using System.Linq;
using Compiled.Generator.Diagnostics;
using Compiled.Generator.Models;
using Microsoft.CodeAnalysis;

namespace Compiled.Generator;

public sealed partial class ModelGenerator
{
    internal static partial class Parser
    {
        /// <summary>Every layer attribute, by metadata name, with the Keras class it declares.</summary>
        internal static readonly (string Attribute, string KerasClass)[] LayerAttributes =
        {
            ("Compiled.DenseAttribute", "Dense"), ("Compiled.ReLUAttribute", "ReLU"),
            ("Compiled.SoftmaxAttribute", "Softmax"), ("Compiled.ActivationAttribute", "Activation"),
            ("Compiled.FlattenAttribute", "Flatten"), ("Compiled.ReshapeAttribute", "Reshape"),
            ("Compiled.InputAttribute", "InputLayer"),
            ("Compiled.AddAttribute", "Add"), ("Compiled.SubtractAttribute", "Subtract"),
            ("Compiled.MultiplyAttribute", "Multiply"), ("Compiled.AverageAttribute", "Average"),
            ("Compiled.MaximumAttribute", "Maximum"), ("Compiled.ConcatenateAttribute", "Concatenate"),
        };

        private static string? KerasClassOf(AttributeData attribute)
        {
            string? name = attribute.AttributeClass?.ToDisplayString();
            foreach ((string attributeName, string kerasClass) in LayerAttributes)
                if (attributeName == name) return kerasClass;
            return null;
        }

        private static bool IsMerge(string kerasClass) => kerasClass is "Add" or "Subtract" or "Multiply" or "Average" or "Maximum" or "Concatenate";

        private sealed partial class Session
        {
            /// <summary>Layer attributes on properties of a Sequential class would be silently ignored: say so.</summary>
            private void CheckNoNodeProperties(string modelKind)
            {
                foreach (IPropertySymbol property in _class.GetMembers().OfType<IPropertySymbol>())
                {
                    AttributeData? layer = property.GetAttributes().FirstOrDefault(a => KerasClassOf(a) is not null);
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

            /// <summary><c>[Flatten]</c> and <c>[Reshape]</c>: the same values under another shape; sizes must agree.</summary>
            private LayerSpec? ReadReshape(AttributeData attribute, string kerasClass, string name, string member, EquatableArray<int> inputShape)
            {
                int size = Shapes.Size(inputShape);
                int[] target;
                if (kerasClass == "Flatten")
                {
                    target = new[] { size };
                }
                else
                {
                    if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0] is not { Kind: TypedConstantKind.Array } array)
                    {
                        _compilerErrors = true;
                        return null;
                    }
                    int[] requested = array.IsNull ? new int[0] : array.Values.Select(v => v.Value is int d ? d : 0).ToArray();
                    LocationInfo? where = At(attribute, "targetShape", 0);
                    string requestedText = "(" + string.Join(", ", requested) + ")";
                    if (requested.Length == 0 || requested.Any(d => d == 0 || d < -1))
                    {
                        Report(DiagnosticDescriptors.NonPositiveSize, where, $"Every Reshape '{name}' dimension (or one -1)", requested.Length == 0 ? "an empty shape" : requestedText);
                        return null;
                    }
                    int unknown = requested.Count(d => d == -1);
                    long known = requested.Where(d => d != -1).Aggregate(1L, (p, d) => p * d);
                    string inputText = Shapes.Format(inputShape);
                    if (unknown > 1)
                    {
                        Report(DiagnosticDescriptors.ReshapeSizeMismatch, where, name, requestedText, inputText, "only one dimension can be -1");
                        return null;
                    }
                    if (unknown == 1 ? size % known != 0 : known != size)
                    {
                        Report(DiagnosticDescriptors.ReshapeSizeMismatch, where, name, requestedText, inputText,
                            unknown == 1
                                ? $"its {size} values per sample do not divide into dimensions of {known}"
                                : $"the target holds {known:N0} values per sample, the input {size:N0}");
                        return null;
                    }
                    target = requested.Select(d => d == -1 ? (int)(size / known) : d).ToArray();
                }
                return new LayerSpec(LayerKind.Reshape, kerasClass, name, member, inputShape, target.ToEquatableArray(), ActivationKind.Linear,
                    0, false, null, null, 0, 0);
            }

            /// <summary>The merge layers: Add, Subtract, Multiply, Average and Maximum need one shape; Concatenate agrees off its axis.</summary>
            private LayerSpec? ReadMerge(AttributeData attribute, string kerasClass, string name, string member,
                IReadOnlyList<EquatableArray<int>> shapes, IReadOnlyList<string> inputNames)
            {
                bool subtract = kerasClass == "Subtract";
                if (subtract ? shapes.Count != 2 : shapes.Count < 2)
                {
                    Report(DiagnosticDescriptors.WrongInputCount, At(attribute), kerasClass, name,
                        subtract ? "exactly two inputs" : "two or more inputs", shapes.Count == 1 ? "one" : shapes.Count.ToString());
                    return null;
                }
                EquatableArray<int> first = shapes[0];
                if (kerasClass != "Concatenate")
                {
                    for (int i = 1; i < shapes.Count; i++)
                    {
                        if (!shapes[i].Equals(first))
                        {
                            Report(DiagnosticDescriptors.InputShapesDisagree, At(attribute, null, i), kerasClass, name,
                                $"'{inputNames[0]}' has shape {Shapes.Format(first)} but '{inputNames[i]}' has shape {Shapes.Format(shapes[i])}; they must be equal");
                            return null;
                        }
                    }
                    return new LayerSpec(LayerKind.Merge, kerasClass, name, member, first, first, ActivationKind.Linear, 0, false, null, null, 0, 0);
                }

                int axis = Named(attribute, "Axis")?.Value as int? ?? -1;
                int rank = first.Count + 1;
                if (axis < -rank || axis >= rank || axis == 0 || axis == -rank)
                {
                    Report(DiagnosticDescriptors.AxisOutOfRange, At(attribute, "Axis"), kerasClass, name, axis.ToString(), Shapes.Format(first),
                        $"1 to {rank - 1}, or -1 to -{rank - 1} from the end (axis 0 is the batch)");
                    return null;
                }
                int sampleAxis = (axis < 0 ? axis + rank : axis) - 1;
                long joined = 0;
                for (int i = 0; i < shapes.Count; i++)
                {
                    EquatableArray<int> shape = shapes[i];
                    bool agrees = shape.Count == first.Count && Enumerable.Range(0, first.Count).All(d => d == sampleAxis || shape[d] == first[d]);
                    if (!agrees)
                    {
                        Report(DiagnosticDescriptors.InputShapesDisagree, At(attribute, null, i), kerasClass, name,
                            $"on axis {axis} every input must match '{inputNames[0]}' {Shapes.Format(first)} on the other axes, but '{inputNames[i]}' has shape {Shapes.Format(shape)}");
                        return null;
                    }
                    joined += shape[sampleAxis];
                }
                int[] output = first.ToArray();
                if (joined * (Shapes.Size(first) / first[sampleAxis]) > int.MaxValue)
                {
                    Report(DiagnosticDescriptors.SizeOverflow, At(attribute), $"Concatenate '{name}'", (joined * (Shapes.Size(first) / first[sampleAxis])).ToString("N0"));
                    return null;
                }
                output[sampleAxis] = (int)joined;
                return new LayerSpec(LayerKind.Concatenate, kerasClass, name, member, first, output.ToEquatableArray(), ActivationKind.Linear,
                    0, false, null, null, 0, 0) { Axis = sampleAxis };
            }
        }
    }
}
