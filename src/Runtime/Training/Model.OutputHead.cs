namespace Compiled;

public abstract partial class Model
{
    /// <summary>One output as the training loop sees it: where it sits in a sample's targets and how its rows are laid out.</summary>
    private sealed class OutputHead(ModelOutput output, int index, int offset)
    {
        public ModelOutput Output { get; } = output;
        public int Index { get; } = index;
        public int Offset { get; } = offset;
        public int Size { get; } = Product(output.Shape.ToArray());
        public int Width { get; } = output.Shape[^1];
        public int RowsPerSample => Size / Width;
        public bool IsSoftmax => Output.IsSoftmax;
        /// <summary>This output's targets for one batch, when they must be copied out of the samples' joined targets.</summary>
        public float[] Staging { get; set; } = [];
    }
}
