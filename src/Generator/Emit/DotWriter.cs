using System.Collections.Generic;
using System.Text;
using Compiled.Generator.Models;

namespace Compiled.Generator.Emit;

/// <summary>
/// The network as a Graphviz digraph, in the spirit of Keras's <c>plot_model(show_shapes=True)</c>: one box
/// per layer with its name, type, input and output shapes, and an arrow for each connection.
/// </summary>
internal static class DotWriter
{
    public static string Write(ModelSpec model)
    {
        StringBuilder dot = new();
        dot.Append("digraph \"").Append(Escape(model.ModelName)).Append("\" {\n");
        dot.Append("  graph [rankdir=TB, fontname=\"Helvetica\"];\n");
        dot.Append("  node [shape=record, fontname=\"Helvetica\", fontsize=11];\n");
        string input = "input_1";
        string inputShape = "[" + Shapes.Format(model.InputShape) + "]";
        Node(dot, input, "InputLayer", inputShape, inputShape);
        List<string> names = new() { input };
        foreach (LayerSpec layer in model.Layers)
        {
            string type = layer.Kind == LayerKind.Dense && layer.Activation != ActivationKind.Linear
                ? $"Dense ({layer.Activation.ToString().ToLowerInvariant()})"
                : layer.KerasClass;
            Node(dot, layer.Name, type, Shapes.Format(layer.InputShape), Shapes.Format(layer.OutputShape));
            names.Add(layer.Name);
        }
        for (int i = 1; i < names.Count; i++)
            dot.Append("  \"").Append(names[i - 1]).Append("\" -> \"").Append(names[i]).Append("\";\n");
        dot.Append("}\n");
        return dot.ToString();
    }

    private static void Node(StringBuilder dot, string name, string type, string input, string output)
        => dot.Append("  \"").Append(name).Append("\" [label=\"")
            .Append(Escape(name)).Append(": ").Append(Escape(type))
            .Append("|{input:|output:}|{").Append(Escape(input)).Append('|').Append(Escape(output)).Append("}\"];\n");

    // Record labels give {, }, |, < and > meaning; quotes end the string.
    private static string Escape(string text)
    {
        StringBuilder escaped = new(text.Length);
        foreach (char c in text)
        {
            if (c is '{' or '}' or '|' or '<' or '>' or '"' or '\\') escaped.Append('\\');
            escaped.Append(c);
        }
        return escaped.ToString();
    }
}
