using System.Collections.Generic;
using System.Linq;
using Compiled.Generator.Diagnostics;
using Compiled.Generator.Models;
using Microsoft.CodeAnalysis;

namespace Compiled.Generator.Layers;

/// <summary>Mirrors <c>Compiled.Padding</c> value for value; the generator cannot reference the runtime.</summary>
internal enum PaddingKind
{
    Valid = 0,
    Same = 1,
    Causal = 2,
}

/// <summary>One spatial axis of a sliding window: its input and output sizes and the padding before it.</summary>
/// <param name="Input">The input's size on the axis.</param>
/// <param name="Kernel">The window's size on the axis.</param>
/// <param name="Stride">The step between windows.</param>
/// <param name="Dilation">The spacing of the window's taps.</param>
/// <param name="PadBefore">Zeros (or, for pooling, ignored positions) before the input.</param>
/// <param name="Output">The output's size on the axis.</param>
internal sealed record WindowAxis(int Input, int Kernel, int Stride, int Dilation, int PadBefore, int Output);

/// <summary>
/// Keras's (TensorFlow's) output-size arithmetic for sliding windows, shared by the convolution and pooling
/// kinds, and the reading of their int-or-tuple arguments (<c>kernel_size=3</c> or <c>(3, 5)</c>).
/// </summary>
internal static class Windows
{
    /// <summary>
    /// The axis's sizes: 'valid' <c>out = floor((in - (k - 1)·d - 1) / s) + 1</c>; 'same' <c>out = ceil(in / s)</c>
    /// with <c>pad = max((out - 1)·s + (k - 1)·d + 1 - in, 0)</c>, half of it (rounded down) before; 'causal'
    /// <c>(k - 1)·d</c> before. Null when the window does not fit in the input ('valid' only).
    /// </summary>
    public static WindowAxis? Axis(int input, int kernel, int stride, int dilation, PaddingKind padding)
    {
        long span = (long)(kernel - 1) * dilation + 1;
        switch (padding)
        {
            case PaddingKind.Same:
            {
                int output = (int)(((long)input + stride - 1) / stride);
                long total = System.Math.Max((long)(output - 1) * stride + span - input, 0);
                return new WindowAxis(input, kernel, stride, dilation, (int)(total / 2), output);
            }
            case PaddingKind.Causal:
                return new WindowAxis(input, kernel, stride, dilation, (int)(span - 1), (input - 1) / stride + 1);
            default:
                return span > input ? null : new WindowAxis(input, kernel, stride, dilation, 0, (int)((input - span) / stride) + 1);
        }
    }

    /// <summary>
    /// Reads an int-or-tuple argument with <paramref name="rank"/> values (one value means the same on every axis):
    /// the constructor's params array at <paramref name="position"/>, or the named argument. Reports a wrong count
    /// or a value that is not positive on the argument, and returns null; no values at all are <paramref name="otherwise"/>
    /// when <paramref name="noneMeansDefault"/> (<c>[MaxPooling2D]</c> pools 2x2).
    /// </summary>
    public static int[]? ReadSizes(LayerReader reader, string argument, int position, int rank, int otherwise, string what, bool noneMeansDefault = false)
    {
        TypedConstant? constant = position >= 0
            ? (reader.Attribute.ConstructorArguments.Length > position ? reader.Attribute.ConstructorArguments[position] : null)
            : reader.Named(argument);
        int[] values;
        if (constant is null) values = new[] { otherwise };
        else if (constant.Value.Kind == TypedConstantKind.Array) values = constant.Value.IsNull ? new int[0] : constant.Value.Values.Select(v => v.Value is int d ? d : 0).ToArray();
        else if (constant.Value.Value is int single) values = new[] { single };
        else { reader.CompilerError(); return null; }

        if (values.Length == 0 && noneMeansDefault) values = new[] { otherwise };
        LocationInfo? where = reader.At(argument, position);
        string text = values.Length == 1 ? values[0].ToString() : "(" + string.Join(", ", values) + ")";
        if (values.Length != 1 && values.Length != rank)
        {
            reader.Report(DiagnosticDescriptors.WrongValueCount, where, reader.KindName(), reader.Name, what,
                rank == 1 ? "one value" : $"one value or {rank}", values.Length == 0 ? "none" : text);
            return null;
        }
        if (values.Any(v => v <= 0))
        {
            reader.Report(DiagnosticDescriptors.NonPositiveSize, where, $"{reader.KindName()} '{reader.Name}' {what}", text);
            return null;
        }
        return values.Length == rank ? values : Enumerable.Repeat(values[0], rank).ToArray();
    }

    /// <summary>Reads a <c>Padding</c> argument; <see cref="PaddingKind.Causal"/> only where <paramref name="causalAllowed"/>.</summary>
    public static PaddingKind? ReadPadding(LayerReader reader, bool causalAllowed)
    {
        if (reader.Named("Padding") is not { } constant) return PaddingKind.Valid;
        if (constant.Value is not int raw) { reader.CompilerError(); return null; }
        if (raw is < 0 or > 2 || raw == (int)PaddingKind.Causal && !causalAllowed)
        {
            reader.Report(DiagnosticDescriptors.UnsupportedPadding, reader.At("Padding"), reader.KindName(), reader.Name,
                raw == (int)PaddingKind.Causal ? "Padding.Causal" : raw.ToString(), causalAllowed ? "Padding.Valid, Padding.Same or Padding.Causal" : "Padding.Valid or Padding.Same");
            return null;
        }
        return (PaddingKind)raw;
    }

    /// <summary>The window's sizes as text: <c>3x3</c>.</summary>
    public static string Format(IEnumerable<int> sizes) => string.Join("x", sizes);
}
