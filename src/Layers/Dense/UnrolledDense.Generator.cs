using System.Globalization;
using System.Linq;
using System.Text;
using Compiled.Generator.Emit;
using Compiled.Generator.Models;

namespace Compiled.Generator.Layers;

/// <summary>
/// Straight-line code for one sample through a small Dense layer: every weight's index a literal, every
/// input in a local, one expression per unit. At batch 1 the blocked kernel's set-up (bias copy, dispatch,
/// transposing narrow products onto the vector axis) costs more than the arithmetic of a small layer.
/// </summary>
internal static class UnrolledDense
{
    // Measured at batch 1 against Kernels.Dense.Forward (AVX-512 machine, ns per call): the scalar code wins
    // wherever the units do not fill whole 8-wide vectors (16x3: 10 against 37, 12x12: 23 against 45,
    // 10x10: 17 against 28) and on layers of 64 weights or fewer (8x8: 12 against 16, 4x16: 13 against 15);
    // it ties at 16x8 and loses once whole vectors are full (8x16: 20 against 15, 16x16: 38 against 20).
    // Past 16 inputs the JIT spills the locals and the code falls off a cliff (32x4: 93 against 82).
    private const int MaxInputs = 16;
    private const int MaxUnits = 16;
    private const int MaxWeightsWithWholeVectors = 64;
    private const int VectorWidth = 8;

    /// <summary>Whether the generated Forward runs <paramref name="layer"/> through unrolled code when the batch is one sample.</summary>
    public static bool Applies(LayerSpec layer)
        => layer.Config is DenseConfig { Units: var units }
           && Shapes.RowsPerSample(layer.OutputShape) == 1
           && layer.InputFeatures <= MaxInputs
           && units <= MaxUnits
           && (units % VectorWidth != 0 || layer.InputFeatures * units <= MaxWeightsWithWholeVectors);

    /// <summary>
    /// The name of the method <see cref="WriteMethod"/> writes for <paramref name="layer"/>: in the buffer fields'
    /// underscore namespace (<c>_dense1ForwardOneSample</c>), which Sequential layers' PascalCase members never enter
    /// and a functional node's property only would if it were named like a private field.
    /// </summary>
    public static string MethodName(LayerSpec layer) => layer.BufferStem + "ForwardOneSample";

    /// <summary>
    /// Writes <c>output = input · kernel + bias</c> for one sample, reading the layer's parameters at their
    /// offset in the model's buffer; with <paramref name="fusedRelu"/> it also writes <c>max(output, 0)</c>
    /// to a second buffer, as the batched path's ReLU kernel does.
    /// </summary>
    public static void WriteMethod(CodeWriter w, LayerSpec layer, bool fusedRelu)
    {
        DenseConfig config = (DenseConfig)layer.Config;
        string readOnlySpan = Code.ReadOnlySpan, span = Code.Span;
        int inputs = layer.InputFeatures, units = config.Units, kernel = inputs * units;
        int weights = kernel + (config.UseBias ? units : 0);
        w.Line($"/// <summary>{layer.Name} on one sample, unrolled: {kernel} products with every index fixed, for predictions and batches of one.</summary>");
        string parameters = $"{readOnlySpan} input, {readOnlySpan} parameters, {span} output" + (fusedRelu ? $", {span} activation" : "");
        using (w.Open($"private static void {MethodName(layer)}({parameters})"))
        {
            w.Line($"{readOnlySpan} x = input.Slice(0, {inputs});");
            w.Line($"{readOnlySpan} w = parameters.Slice({layer.ParameterOffset}, {weights});");
            w.Line($"{span} y = output.Slice(0, {units});");
            if (fusedRelu) w.Line($"{span} a = activation.Slice(0, {units});");
            w.Line("float " + string.Join(", ", Enumerable.Range(0, inputs).Select(k => $"x{k} = x[{k}]")) + ";");
            for (int j = 0; j < units; j++)
            {
                StringBuilder sum = new();
                if (config.UseBias) sum.Append(Index(kernel + j)).Append(" + ");
                sum.Append(string.Join(" + ", Enumerable.Range(0, inputs).Select(k => $"x{k} * {Index(k * units + j)}")));
                if (fusedRelu)
                {
                    w.Line($"float y{j} = {sum};");
                    w.Line($"y[{j}] = y{j};");
                    w.Line($"a[{j}] = global::System.MathF.Max(y{j}, 0f);");
                }
                else
                {
                    w.Line($"y[{j}] = {sum};");
                }
            }
        }
        w.Line();
    }

    private static string Index(int i) => "w[" + i.ToString(CultureInfo.InvariantCulture) + "]";
}
