using Compiled.Generator.Models;

namespace Compiled.Generator.Layers;

/// <summary>
/// What every recurrent layer's settings have: its units and whether it returns every step's output. Other kinds read
/// it from the layers they are applied to (Dense warns when it would be applied at every step of a returned sequence).
/// </summary>
internal abstract record RecurrentConfig(int Units, bool ReturnSequences, bool GoBackwards) : LayerConfig;

/// <summary>
/// One run of a recurrent layer over its input, as its own kind or a wrapper writes it: <paramref name="Layer"/> as read,
/// its buffers' stem, where its weights start among the emitting layer's (<paramref name="FirstWeight"/>), the buffer its
/// output (or, backward, its output's gradient) is, the direction it reads the sequence, and the salt of its dropout masks.
/// </summary>
internal sealed record RecurrentDirection(LayerSpec Layer, string Stem, int FirstWeight, string Output, bool GoBackwards, string Salt)
{
    /// <summary>
    /// The field of the mask of padded steps the run's input carries (<c>(batch, steps)</c> in input time order), or null
    /// when it carries none: a kind that consumes masks writes its mask code (<see cref="RecurrentMaskCode"/>) only then.
    /// </summary>
    public string? Mask { get; init; }

    /// <summary>
    /// Keras's <c>zero_output_for_mask</c>: a masked step's output is zeros rather than the previous output. Bidirectional
    /// sets it on both copies when they return sequences; a layer of its own never does.
    /// </summary>
    public bool ZeroMaskedOutputs { get; init; }
}

/// <summary>
/// A recurrent kind, which a wrapper (<c>Bidirectional</c>) can run once per direction: its passes written for a
/// <see cref="RecurrentDirection"/>, and the scratch buffers of one run under a field-suffix prefix.
/// </summary>
internal interface IRecurrentKind
{
    void WriteDirectionForward(Emit.LayerPass pass, RecurrentDirection direction);

    void WriteDirectionBackward(Emit.LayerPass pass, RecurrentDirection direction);

    System.Collections.Generic.IEnumerable<(string Suffix, string Length)> DirectionWorkspaces(LayerSpec layer, string prefix);

    /// <summary>The field suffixes of one run, without a prefix.</summary>
    System.Collections.Generic.IEnumerable<string> FieldSuffixes { get; }

    /// <summary>The C# expression of the run-time description of the wrapped layer, the wrapper's argument.</summary>
    string RuntimeDescription(LayerSpec layer);
}
