namespace Compiled.Generator.Layers;

/// <summary><c>[Conv1D(filters, kernelSize)]</c>: Keras's <c>Conv1D</c> over sequences <c>(steps, channels)</c>.</summary>
internal sealed class Conv1DLayerKind : ConvolutionLayerKind
{
    public Conv1DLayerKind() : base("Conv1D", "Compiled.Conv1DAttribute", rank: 1)
    {
    }

    protected override string InputForm => "sequences (None, steps, channels)";
}
