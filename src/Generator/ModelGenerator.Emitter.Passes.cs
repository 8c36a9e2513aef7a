using System;
using System.Collections.Generic;
using System.Linq;
using Compiled.Generator.Emit;
using Compiled.Generator.Models;

namespace Compiled.Generator;

public sealed partial class ModelGenerator
{
    internal static partial class Emitter
    {
        /// <summary>
        /// Writes the straight-line forward and backward passes of a <see cref="NetworkPlan"/>. Backward visits
        /// layers in reverse order, so every consumer of a node has sent its gradient before the node itself
        /// propagates; the first contribution to a gradient buffer overwrites it, later ones add to it.
        /// </summary>
        private sealed class PassWriter
        {
            public const string Scratch = "_gradientScratch";
            public const string Unclaimed = "_maximumUnclaimed";

            private readonly NetworkPlan _plan;
            private readonly ModelSpec _model;
            private readonly List<(LayerSpec Layer, bool FusedRelu)> _unrolled = new();

            public PassWriter(NetworkPlan plan)
            {
                _plan = plan;
                _model = plan.Model;
                // A dry run learns which scratch buffers the backward pass needs before the fields are written.
                WriteBackward(new CodeWriter());
            }

            /// <summary>Values per sample of the scratch buffer that gradient contributions are summed through (0: none).</summary>
            public int ScratchSize { get; private set; }

            /// <summary>Values per sample of the buffer Maximum's backward pass hands its gradient out from (0: none).</summary>
            public int UnclaimedSize { get; private set; }

            public void WriteForward(CodeWriter w)
            {
                _unrolled.Clear();
                w.Line("/// <inheritdoc/>");
                using (w.Open($"protected override void Forward({ReadOnlySpan} input, int batch)"))
                {
                    w.Line($"{ReadOnlySpan} parameters = ParameterArray;");
                    // A sample lays the inputs out in the model's input order, which need not be the layers' order.
                    Dictionary<int, int> inputOffsets = new();
                    int inputOffset = 0;
                    foreach (int input in _model.InputLayers)
                    {
                        inputOffsets[input] = inputOffset;
                        inputOffset += Shapes.Size(_model.Layers[input].OutputShape);
                    }
                    for (int i = 0; i < _model.Layers.Count; i++)
                    {
                        LayerSpec layer = _model.Layers[i];
                        string output = _plan.Value[i];
                        int size = Shapes.Size(layer.OutputShape);
                        w.Line();
                        w.Line("// " + Describe(layer));
                        switch (layer.Kind)
                        {
                            case LayerKind.Input:
                                if (output != NetworkPlan.ModelInput)
                                {
                                    // Each sample holds the inputs one after another; the layers want each input contiguous.
                                    w.Line($"{Kernels}Concatenation.Read(input, {output}, batch, {size}, {Shapes.Size(_model.InputShape)}, {inputOffsets[i]});");
                                }
                                break;
                            case LayerKind.Dense:
                            {
                                int kernel = layer.InputFeatures * layer.Units;
                                string bias = layer.UseBias ? $"parameters.Slice({layer.ParameterOffset + kernel}, {layer.Units})" : $"{ReadOnlySpan}.Empty";
                                string product = _plan.PreActivation[i] ?? output;
                                string call = $"{Kernels}Dense.Forward({Source(layer, 0)}, parameters.Slice({layer.ParameterOffset}, {kernel}), {bias}, {product}, {Rows(layer)}, {layer.InputFeatures}, {layer.Units});";
                                if (!UnrolledDense.Applies(layer))
                                {
                                    w.Line(call);
                                    if (_plan.PreActivation[i] is { } pre)
                                        WriteActivationForward(w, layer, layer.Activation, pre, output);
                                    break;
                                }
                                // One sample through a small layer runs unrolled code (see UnrolledDense for the measurements).
                                bool fusedRelu = _plan.PreActivation[i] is not null && layer.Activation == ActivationKind.Relu;
                                _unrolled.Add((layer, fusedRelu));
                                w.Line("if (batch == 1)");
                                w.Line($"    {UnrolledDense.MethodName(layer)}({Source(layer, 0)}, parameters, {product}{(fusedRelu ? ", " + output : "")});");
                                if (fusedRelu)
                                {
                                    using (w.Open("else"))
                                    {
                                        w.Line(call);
                                        WriteActivationForward(w, layer, layer.Activation, product, output);
                                    }
                                }
                                else
                                {
                                    w.Line("else");
                                    w.Line("    " + call);
                                    if (_plan.PreActivation[i] is { } pre)
                                        WriteActivationForward(w, layer, layer.Activation, pre, output);
                                }
                                break;
                            }
                            case LayerKind.Activation:
                                WriteActivationForward(w, layer, layer.Activation, Source(layer, 0), output);
                                break;
                            case LayerKind.Merge:
                                WriteMergeForward(w, layer, output);
                                break;
                            case LayerKind.Concatenate:
                                foreach ((int input, int k) in layer.Inputs.Select((input, k) => (input, k)))
                                {
                                    (string outer, int part, int whole, int offset) = ConcatenationRuns(layer, k);
                                    w.Line($"{Kernels}Concatenation.Write({Slice(Source(layer, k))}, {Slice(output)}, {outer}, {part}, {whole}, {offset});");
                                }
                                break;
                            case LayerKind.Reshape:
                                w.Line($"// Row-major values keep their order under a new shape: this layer reads {output} as it is.");
                                break;
                        }
                    }
                }
                w.Line();
                foreach ((LayerSpec layer, bool fusedRelu) in _unrolled)
                    UnrolledDense.WriteMethod(w, layer, fusedRelu, ReadOnlySpan, Span);
            }

            public void WriteBackward(CodeWriter w)
            {
                // The loss writes every output's gradient before the backward pass starts.
                HashSet<string> written = new(_plan.Heads.Select(h => h.Gradient));
                w.Line("/// <inheritdoc/>");
                using (w.Open($"protected override void Backward({ReadOnlySpan} input, int batch, bool fromLogits)"))
                {
                    w.Line($"{ReadOnlySpan} parameters = ParameterArray;");
                    w.Line($"{Span} gradients = GradientArray;");
                    for (int i = _model.Layers.Count - 1; i >= 0; i--)
                    {
                        LayerSpec layer = _model.Layers[i];
                        bool anyInputNeeds = layer.Inputs.Any(j => _plan.NeedsGradient[j]);
                        // Layers that neither hold parameters nor pass a gradient on to any have nothing to do.
                        if (layer.Kind != LayerKind.Dense && !anyInputNeeds) continue;
                        if (layer.Kind == LayerKind.Reshape) continue;
                        w.Line();
                        w.Line("// " + Describe(layer) + ", backward");
                        string dy = _plan.Gradient[i]!;
                        switch (layer.Kind)
                        {
                            case LayerKind.Dense:
                                WriteDenseBackward(w, i, layer, dy, written);
                                break;
                            case LayerKind.Activation:
                                if (FusedHead(i) is { } head)
                                {
                                    w.Line("// With categorical cross-entropy the loss has already written the logits' gradient, (p - y) / batch.");
                                    w.Line($"if (!{FromLogits(head)})");
                                    w.Line("    " + ActivationBackward(layer, layer.Activation, _plan.Value[i], dy, Slice(head.LogitsGradient!)));
                                    written.Add(head.LogitsGradient!);
                                }
                                else
                                {
                                    Contribute(w, layer.Inputs[0], target => ActivationBackward(layer, layer.Activation, _plan.Value[i], dy, target), written);
                                }
                                break;
                            case LayerKind.Merge:
                                WriteMergeBackward(w, i, layer, dy, written);
                                break;
                            case LayerKind.Concatenate:
                                for (int k = 0; k < layer.Inputs.Count; k++)
                                {
                                    if (!_plan.NeedsGradient[layer.Inputs[k]]) continue;
                                    (string outer, int part, int whole, int offset) = ConcatenationRuns(layer, k);
                                    Contribute(w, layer.Inputs[k], target => $"{Kernels}Concatenation.Read({Slice(dy)}, {target}, {outer}, {part}, {whole}, {offset});", written);
                                }
                                break;
                        }
                    }
                }
                w.Line();
            }

            private void WriteDenseBackward(CodeWriter w, int i, LayerSpec layer, string dy, HashSet<string> written)
            {
                string productGradient = dy;
                if (_plan.PreActivation[i] is { } pre)
                {
                    productGradient = pre + "Gradient";
                    string call = ActivationBackward(layer, layer.Activation, _plan.Value[i], dy, Slice(productGradient));
                    if (FusedHead(i) is { } fused)
                    {
                        w.Line("// With categorical cross-entropy the loss has already written the logits' gradient, (p - y) / batch.");
                        w.Line($"if (!{FromLogits(fused)})");
                        w.Line("    " + call);
                    }
                    else
                    {
                        w.Line(call);
                    }
                }
                int kernel = layer.InputFeatures * layer.Units;
                string bias = layer.UseBias ? $"gradients.Slice({layer.ParameterOffset + kernel}, {layer.Units})" : $"{Span}.Empty";
                string x = Source(layer, 0);
                string head = $"{Kernels}Dense.Backward({x}, parameters.Slice({layer.ParameterOffset}, {kernel}), {productGradient}, gradients.Slice({layer.ParameterOffset}, {kernel}), {bias}, ";
                string tail = $", {Rows(layer)}, {layer.InputFeatures}, {layer.Units}";
                int input = layer.Inputs.Count == 0 ? -1 : layer.Inputs[0];
                if (input < 0 || !_plan.NeedsGradient[input])
                {
                    w.Line(head + $"{Span}.Empty" + tail + ");");
                    return;
                }
                string target = _plan.Gradient[input]!;
                // The product's input gradient can add onto what is there: no scratch pass for a node that feeds several layers.
                bool accumulate = !written.Add(target);
                w.Line(head + target + tail + (accumulate ? ", accumulate: true);" : ");"));
            }

            private void WriteMergeForward(CodeWriter w, LayerSpec layer, string output)
            {
                string result = Slice(output);
                string first = Slice(Source(layer, 0));
                string op = layer.KerasClass switch
                {
                    "Subtract" => "Subtract",
                    "Multiply" => "Multiply",
                    "Maximum" => "Maximum",
                    _ => "Add",
                };
                w.Line($"{Kernels}Merge.{op}({first}, {Slice(Source(layer, 1))}, {result});");
                for (int k = 2; k < layer.Inputs.Count; k++)
                    w.Line($"{Kernels}Merge.{op}({result}, {Slice(Source(layer, k))}, {result});");
                if (layer.KerasClass == "Average")
                    w.Line($"{Kernels}Merge.Scale({result}, 1f / {layer.Inputs.Count}, {result});");
            }

            private void WriteMergeBackward(CodeWriter w, int i, LayerSpec layer, string dy, HashSet<string> written)
            {
                string gradient = Slice(dy);
                int count = layer.Inputs.Count;
                if (layer.KerasClass == "Maximum")
                {
                    // Ties go to the first input holding the maximum, as TensorFlow's gradient gives them.
                    int size = Shapes.Size(layer.OutputShape);
                    UnclaimedSize = Math.Max(UnclaimedSize, size);
                    string unclaimed = $"new {Span}({Unclaimed}, 0, batch * {size})";
                    w.Line($"{Kernels}Linear.Forward({gradient}, {unclaimed});");
                    for (int k = 0; k < count; k++)
                    {
                        string call(string target) => $"{Kernels}Merge.MaximumBackward({Slice(Source(layer, k))}, {Slice(_plan.Value[i])}, {unclaimed}, {target});";
                        if (_plan.NeedsGradient[layer.Inputs[k]])
                            Contribute(w, layer.Inputs[k], call, written);
                        else
                            w.Line(call(ScratchSlice(size)));
                    }
                    return;
                }
                for (int k = 0; k < count; k++)
                {
                    int input = layer.Inputs[k];
                    if (!_plan.NeedsGradient[input]) continue;
                    switch (layer.KerasClass)
                    {
                        case "Add":
                        case "Subtract" when k == 0:
                            Contribute(w, input, target => $"{Kernels}Linear.Backward({gradient}, {target});", written,
                                accumulate: target => $"{Kernels}Merge.Accumulate({gradient}, {target});");
                            break;
                        case "Subtract":
                            Contribute(w, input, target => $"{Kernels}Merge.Negate({gradient}, {target});", written);
                            break;
                        case "Average":
                            Contribute(w, input, target => $"{Kernels}Merge.Scale({gradient}, 1f / {count}, {target});", written);
                            break;
                        case "Multiply":
                        {
                            // d(x1·x2·…)/dxk is the product of the other inputs.
                            int kk = k;
                            Contribute(w, input, target => string.Join("\n", Enumerable.Range(0, count).Where(j => j != kk).Select((j, n) =>
                                $"{Kernels}Merge.Multiply({(n == 0 ? gradient : target)}, {Slice(Source(layer, j))}, {target});")), written);
                            break;
                        }
                    }
                }
            }

            /// <summary>
            /// Sends one contribution to <paramref name="input"/>'s gradient: written in place the first time,
            /// added to it afterwards (through the scratch buffer, unless <paramref name="accumulate"/> adds directly).
            /// </summary>
            private void Contribute(CodeWriter w, int input, Func<string, string> write, HashSet<string> written, Func<string, string>? accumulate = null)
            {
                string target = _plan.Gradient[input]!;
                if (written.Add(target))
                {
                    foreach (string line in write(Slice(target)).Split('\n')) w.Line(line);
                    return;
                }
                if (accumulate is not null)
                {
                    w.Line(accumulate(Slice(target)));
                    return;
                }
                int size = _plan.SizeOf(target);
                string scratch = ScratchSlice(size);
                foreach (string line in write(scratch).Split('\n')) w.Line(line);
                w.Line($"{Kernels}Merge.Accumulate({scratch}, {Slice(target)});");
            }

            private string ScratchSlice(int size)
            {
                ScratchSize = Math.Max(ScratchSize, size);
                return $"new {Span}({Scratch}, 0, batch * {size})";
            }

            private static string ActivationBackward(LayerSpec layer, ActivationKind function, string y, string dy, string dx)
            {
                if (function == ActivationKind.Softmax)
                    return $"{Kernels}Softmax.Backward({y}, {dy}, {dx}, {Rows(layer)}, {layer.OutputShape[layer.OutputShape.Count - 1]});";
                if (function == ActivationKind.Linear)
                    return $"{Kernels}Linear.Backward({Slice(dy, layer)}, {dx});";
                return $"{Kernels}{KernelClass(function)}.Backward({Slice(y, layer)}, {Slice(dy, layer)}, {dx});";
            }

            private void WriteActivationForward(CodeWriter w, LayerSpec layer, ActivationKind function, string x, string y)
            {
                if (function == ActivationKind.Softmax)
                    w.Line($"{Kernels}Softmax.Forward({x}, {y}, {Rows(layer)}, {layer.OutputShape[layer.OutputShape.Count - 1]});");
                else
                    w.Line($"{Kernels}{KernelClass(function)}.Forward({Slice(x, layer)}, {y});");
            }

            /// <summary>Whether the loss has written <paramref name="head"/>'s logits' gradient: the flag for one output, each output's own for several.</summary>
            private string FromLogits(NetworkPlan.Head head)
                => _plan.Heads.Count == 1 ? "fromLogits" : $"HeadFromLogits({_plan.Heads.IndexOf(head)})";

            /// <summary>The output that layer <paramref name="layer"/> is, when the loss may start from its logits.</summary>
            private NetworkPlan.Head? FusedHead(int layer) => _plan.Heads.FirstOrDefault(h => h.Layer == layer && h.IsSoftmax);

            /// <summary>Where input <paramref name="k"/> of a layer is read from: another layer's buffer, or the model's input.</summary>
            private string Source(LayerSpec layer, int k) => layer.Inputs.Count == 0 ? NetworkPlan.ModelInput : _plan.Value[layer.Inputs[k]];

            /// <summary>Concatenate's runs: how many, and each input's and the output's values per run, and the input's offset in them.</summary>
            private (string Outer, int Part, int Whole, int Offset) ConcatenationRuns(LayerSpec layer, int k)
            {
                int axis = layer.Axis;
                int before = layer.OutputShape.Take(axis).Aggregate(1, (p, d) => p * d);
                int Run(EquatableArray<int> shape) => shape.Skip(axis).Aggregate(1, (p, d) => p * d);
                int offset = 0;
                for (int j = 0; j < k; j++) offset += Run(_model.Layers[layer.Inputs[j]].OutputShape);
                return (before == 1 ? "batch" : $"batch * {before}", Run(_model.Layers[layer.Inputs[k]].OutputShape), Run(layer.OutputShape), offset);
            }

            // The model's input already holds exactly the batch; buffers are sized for the largest batch seen.
            private string Slice(string buffer) => buffer == NetworkPlan.ModelInput ? buffer : $"new {Span}({buffer}, 0, batch * {_plan.SizeOf(buffer)})";

            private static string Slice(string buffer, LayerSpec layer)
                => buffer == NetworkPlan.ModelInput ? buffer : $"new {Span}({buffer}, 0, batch * {Shapes.Size(layer.OutputShape)})";

            private static string Rows(LayerSpec layer)
            {
                int rows = Shapes.RowsPerSample(layer.OutputShape);
                return rows == 1 ? "batch" : $"batch * {rows}";
            }
        }
    }
}
