using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using Compiled.Generator.Diagnostics;
using Compiled.Generator.Models;
using Microsoft.CodeAnalysis;

namespace Compiled.Generator.Layers;

/// <summary>
/// Reads a layer attribute's regularizer and constraint arguments (any named argument ending in <c>Regularizer</c> or
/// <c>Constraint</c>: <c>KernelRegularizer = "l1_l2(l1=0.01, l2=0.01)"</c>), written in Keras's Python call syntax, into
/// the expressions that build them at run time, with Keras's defaults. Shared by every kind, so a kind opts in by its
/// attribute's properties alone (<c>Compiled.KernelLayerAttribute</c>).
/// </summary>
internal static class WeightRuleReader
{
    /// <summary>One Keras function: its Python names, its parameters with defaults, and how its arguments become C#.</summary>
    private sealed class Function
    {
        public Function(string[] names, (string Name, double? Default)[] parameters, Func<double[], int[], string> expression)
            => (Names, Parameters, Expression) = (names, parameters, expression);

        public string[] Names { get; }
        public (string Name, double? Default)[] Parameters { get; }
        public Func<double[], int[], string> Expression { get; }
        public string Signature => $"{Names[0]}({string.Join(", ", Parameters.Select(p => p.Name))})";
    }

    private const string Runtime = "global::Compiled.";

    private static readonly Function[] Regularizers =
    {
        new(new[] { "l1", "L1" }, new[] { ("l1", (double?)0.01) }, (v, _) => $"{Runtime}Regularizer.L1Only({Float(v[0])})"),
        new(new[] { "l2", "L2" }, new[] { ("l2", (double?)0.01) }, (v, _) => $"{Runtime}Regularizer.L2Only({Float(v[0])})"),
        new(new[] { "l1_l2" }, new[] { ("l1", (double?)0.01), ("l2", (double?)0.01) }, (v, _) => $"{Runtime}Regularizer.L1L2({Float(v[0])}, {Float(v[1])})"),
        // The class's own defaults are 0, unlike the function's.
        new(new[] { "L1L2" }, new[] { ("l1", (double?)0.0), ("l2", (double?)0.0) }, (v, _) => $"{Runtime}Regularizer.L1L2({Float(v[0])}, {Float(v[1])})"),
    };

    private static readonly Function[] Constraints =
    {
        new(new[] { "max_norm", "MaxNorm" }, new[] { ("max_value", (double?)2), ("axis", (double?)null) },
            (v, axis) => $"{Runtime}Constraint.MaxNorm({Float(v[0])}, {Axis(axis)})"),
        new(new[] { "non_neg", "NonNeg" }, new (string, double?)[0], (_, _) => $"{Runtime}Constraint.NonNeg()"),
        new(new[] { "unit_norm", "UnitNorm" }, new[] { ("axis", (double?)null) }, (_, axis) => $"{Runtime}Constraint.UnitNorm({Axis(axis)})"),
        new(new[] { "min_max_norm", "MinMaxNorm" }, new[] { ("min_value", (double?)0), ("max_value", (double?)1), ("rate", (double?)1), ("axis", (double?)null) },
            (v, axis) => $"{Runtime}Constraint.MinMaxNorm({Float(v[0])}, {Float(v[1])}, {Float(v[2])}, {Axis(axis)})"),
    };

    private static readonly Regex Call = new(@"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\((.*)\))?\s*$", RegexOptions.Singleline);

    /// <summary>Whether a named argument is a regularizer or a constraint.</summary>
    public static bool IsRuleArgument(string name) => name.EndsWith("Regularizer") || name.EndsWith("Constraint");

    /// <summary>Keras's argument for a property: <c>KernelRegularizer</c> → <c>kernel_regularizer</c>.</summary>
    public static string KerasArgument(string property) => LayerKind.KerasSnakeCase(property);

    /// <summary>The variable an argument applies to, as Keras names it: <c>recurrent_constraint</c> → <c>recurrent_kernel</c>.</summary>
    public static string VariableOf(string argument)
    {
        string stem = argument.Substring(0, argument.LastIndexOf('_'));
        return stem == "recurrent" ? "recurrent_kernel" : stem;
    }

    /// <summary>
    /// Reads one argument's text, or returns null with the diagnostic to report (CMP070 unknown regularizer, CMP071
    /// unknown constraint, CMP072 a bad argument, CMP073 an axis outside the weight) and its message arguments.
    /// </summary>
    public static WeightRuleSpec? Read(string property, string text, LayerSpec layer, out DiagnosticDescriptor? error, out string[] messageArguments)
    {
        string argument = KerasArgument(property);
        bool regularizer = argument.EndsWith("_regularizer");
        Function[] functions = regularizer ? Regularizers : Constraints;
        string what = $"{layer.KerasClass} '{layer.Name}' {argument}";
        error = null;
        messageArguments = new string[0];
        Match call = Call.Match(text);
        Function? function = call.Success ? functions.FirstOrDefault(f => f.Names.Contains(call.Groups[1].Value)) : null;
        if (function is null)
        {
            error = regularizer ? DiagnosticDescriptors.UnknownRegularizer : DiagnosticDescriptors.UnknownConstraint;
            messageArguments = new[] { text, what, string.Join(", ", functions.Select(f => f.Signature)) };
            return null;
        }
        string? problem = Arguments(function, call.Groups[2].Success ? call.Groups[2].Value : "", out double[] values, out int[] axis);
        if (problem is null && values.Any(v => v < 0 || double.IsNaN(v) || double.IsInfinity(v)))
            problem = $"{function.Parameters[Array.FindIndex(values, v => v < 0 || double.IsNaN(v) || double.IsInfinity(v))].Name} must be a finite number, 0 or more";
        if (problem is null && function.Names[0] == "min_max_norm" && values[0] > values[1])
            problem = $"min_value {Text(values[0])} is above max_value {Text(values[1])}";
        if (problem is null && function.Names[0] == "min_max_norm" && values[2] > 1)
            problem = $"rate {Text(values[2])} must lie between 0 and 1";
        if (problem is not null)
        {
            error = DiagnosticDescriptors.InvalidRuleArgument;
            messageArguments = new[] { what, text, problem, function.Signature };
            return null;
        }
        if (!regularizer && function.Parameters.Any(p => p.Name == "axis"))
        {
            WeightSpec? weight = layer.Weights.FirstOrDefault(w => w.Name == VariableOf(argument));
            int rank = weight?.Shape.Count ?? 0;
            int outside = weight is null ? 0 : Array.FindIndex(axis, a => a < -rank || a >= rank);
            if (weight is not null && outside >= 0)
            {
                error = DiagnosticDescriptors.ConstraintAxisOutside;
                messageArguments = new[] { what, axis[outside].ToString(CultureInfo.InvariantCulture), weight.Name, (weight.Shape.Count == 1 ? $"({weight.Shape[0]},)" : "(" + string.Join(", ", weight.Shape) + ")"), rank.ToString(CultureInfo.InvariantCulture) };
                return null;
            }
        }
        return new WeightRuleSpec(argument, function.Expression(values, axis));
    }

    /// <summary>Reads <c>0.01</c>, <c>l2=0.01</c>, <c>axis=[0, 1]</c> into the function's parameters; a problem's description, or null.</summary>
    private static string? Arguments(Function function, string text, out double[] values, out int[] axis)
    {
        values = function.Parameters.Select(p => p.Default ?? 0).ToArray();
        axis = new[] { 0 };
        bool[] given = new bool[function.Parameters.Length];
        List<string> parts = Split(text);
        if (parts.Count == 1 && parts[0].Trim().Length == 0) parts.Clear();
        bool named = false;
        for (int i = 0; i < parts.Count; i++)
        {
            string part = parts[i].Trim();
            int equals = part.IndexOf('=');
            int index;
            string value;
            if (equals >= 0)
            {
                named = true;
                string name = part.Substring(0, equals).Trim();
                index = Array.FindIndex(function.Parameters, p => p.Name == name);
                if (index < 0) return $"{function.Names[0]} has no argument '{name}'";
                value = part.Substring(equals + 1).Trim();
            }
            else
            {
                if (named) return $"the positional argument '{part}' follows a named one";
                if (i >= function.Parameters.Length) return $"{function.Names[0]} takes {function.Parameters.Length} argument{(function.Parameters.Length == 1 ? "" : "s")}; got {parts.Count}";
                index = i;
                value = part;
            }
            if (given[index]) return $"{function.Parameters[index].Name} is given twice";
            given[index] = true;
            if (function.Parameters[index].Name == "axis")
            {
                int[]? read = Axes(value);
                if (read is null) return $"axis '{value}' is not an integer or a list of integers";
                axis = read;
            }
            else if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out values[index]))
                return $"{function.Parameters[index].Name} '{value}' is not a number";
        }
        return null;
    }

    /// <summary>Splits arguments at the commas outside brackets.</summary>
    private static List<string> Split(string text)
    {
        List<string> parts = new();
        int depth = 0, start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] is '[' or '(') depth++;
            else if (text[i] is ']' or ')') depth--;
            else if (text[i] == ',' && depth == 0)
            {
                parts.Add(text.Substring(start, i - start));
                start = i + 1;
            }
        }
        parts.Add(text.Substring(start));
        return parts;
    }

    private static int[]? Axes(string value)
    {
        string inner = value.Trim();
        bool list = inner.StartsWith("[") && inner.EndsWith("]") || inner.StartsWith("(") && inner.EndsWith(")");
        if (list) inner = inner.Substring(1, inner.Length - 2);
        string[] items = inner.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()).Where(s => s.Length > 0).ToArray();
        if (items.Length == 0 || !list && items.Length != 1) return null;
        int[] axes = new int[items.Length];
        for (int i = 0; i < items.Length; i++)
            if (!int.TryParse(items[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out axes[i])) return null;
        return axes;
    }

    /// <summary>A float literal of the value as Keras keeps it, float32: <c>0.01f</c>.</summary>
    private static string Float(double value) => ((float)value).ToString("R", CultureInfo.InvariantCulture) + "f";

    private static string Axis(int[] axis) => $"new int[] {{ {string.Join(", ", axis)} }}";

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
