namespace Compiled;

public abstract partial class Model
{
    /// <summary>One output as the training loop sees it: where it sits in a sample's predictions and targets and how its rows are laid out.</summary>
    private sealed class OutputHead(ModelOutput output, int index, int offset)
    {
        public ModelOutput Output { get; } = output;
        public int Index { get; } = index;
        public int Offset { get; } = offset;
        public int Size { get; } = Product(output.Shape.ToArray());
        public int Width { get; } = output.Shape[^1];
        public int RowsPerSample => Size / Width;
        /// <summary>Where this output's targets start in a sample's targets; set by <c>Compile</c>, as the loss decides their form.</summary>
        public int TargetOffset { get; set; } = offset;
        /// <summary>This output's targets per sample: <see cref="Size"/>, or one class index per row for a loss that takes them.</summary>
        public int TargetSize { get; set; } = Product(output.Shape.ToArray());
        /// <summary>This output's targets for one batch, when they must be copied out of the samples' joined targets.</summary>
        public float[] Staging { get; set; } = [];
        /// <summary>Each row's weight for one batch, when an output has several rows per sample to share a sample's weight.</summary>
        public float[] RowWeights { get; set; } = [];
    }
}
