using System.Collections.Generic;
using System.Linq;
using System.Text;
using Compiled.Generator.Layers;
using Compiled.Generator.Models;

namespace Compiled.Generator.Emit;

/// <summary>
/// The network as a Graphviz digraph, in the spirit of Keras's <c>plot_model(show_shapes=True)</c>: one box
/// per layer with its name, type, input and output shapes, and an arrow for each connection, so branches
/// and merges of a functional model show as they are.
/// </summary>
internal static class DotWriter
{
    public static string Write(ModelSpec model)
    {
        StringBuilder dot = new();
        dot.Append("digraph \"").Append(Escape(model.ModelName)).Append("\" {\n");
        dot.Append("  graph [rankdir=TB, fontname=\"Helvetica\"];\n");
        dot.Append("  node [shape=record, fontname=\"Helvetica\", fontsize=11];\n");
        if (!model.IsFunctional)
        {
            // A Sequential model has no input layer of its own; Keras's plot draws one.
            string inputShape = "[" + Shapes.Format(model.InputShape) + "]";
            Node(dot, "input_1", "InputLayer", inputShape, inputShape);
        }
        foreach (LayerSpec layer in model.Layers)
        {
            LayerKind kind = LayerKinds.Of(layer);
            string type = kind.DiagramType(layer);
            string input = kind.IsInput
                ? "[" + Shapes.Format(layer.OutputShape) + "]"
                : layer.Inputs.Count > 1
                    ? "[" + string.Join(", ", layer.Inputs.Select(i => Shapes.Format(model.Layers[i].OutputShape))) + "]"
                    : Shapes.Format(layer.InputShape);
            string output = kind.IsInput ? input : Shapes.Format(layer.OutputShape);
            Node(dot, layer.Name, type, input, output);
        }
        for (int i = 0; i < model.Layers.Count; i++)
        {
            LayerSpec layer = model.Layers[i];
            IEnumerable<string> sources = layer.Inputs.Count > 0
                ? layer.Inputs.Select(j => model.Layers[j].Name)
                : model.IsFunctional ? Enumerable.Empty<string>() : new[] { "input_1" };
            foreach (string source in sources)
                dot.Append("  \"").Append(Escape(source)).Append("\" -> \"").Append(Escape(layer.Name)).Append("\";\n");
        }
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
