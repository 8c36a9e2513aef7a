using System;
using System.Text;

namespace Compiled.Generator.Emit;

/// <summary>A tiny indented writer: lines, and blocks that indent what they hold.</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    /// <summary>The lines written so far.</summary>
    public int Lines { get; private set; }

    public CodeWriter Line(string line = "")
    {
        if (line.Length > 0) _text.Append(' ', _depth * 4).Append(line);
        _text.Append('\n');
        Lines++;
        return this;
    }

    /// <summary>A new writer indented as this one is now, for text written ahead and appended here later (<see cref="Append"/>).</summary>
    public CodeWriter Indented() => new() { _depth = _depth };

    /// <summary>Appends what <paramref name="ahead"/>, made by <see cref="Indented"/> at this writer's present depth, has written.</summary>
    public CodeWriter Append(CodeWriter ahead)
    {
        _text.Append(ahead._text.ToString());
        Lines += ahead.Lines;
        return this;
    }

    /// <summary>Writes the lines of <paramref name="text"/>, written by another writer, indented as this writer is now.</summary>
    public CodeWriter Raw(string text)
    {
        string[] lines = text.TrimEnd('\n').Split('\n');
        foreach (string line in lines) Line(line);
        return this;
    }

    /// <summary>Writes <paramref name="header"/> and an opening brace; dispose the result to close the block.</summary>
    public Block Open(string header)
    {
        if (header.Length > 0) Line(header);
        Line("{");
        _depth++;
        return new Block(this);
    }

    private void Close(string suffix)
    {
        _depth--;
        Line("}" + suffix);
    }

    public override string ToString() => _text.ToString();

    public readonly struct Block : IDisposable
    {
        private readonly CodeWriter _writer;

        public Block(CodeWriter writer) => _writer = writer;

        public void Dispose() => _writer.Close("");
    }
}
