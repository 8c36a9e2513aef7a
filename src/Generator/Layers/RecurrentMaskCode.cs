using Compiled.Generator.Emit;

namespace Compiled.Generator.Layers;

/// <summary>
/// The code a recurrent kind writes to honour a mask of padded steps (<see cref="RecurrentDirection.Mask"/>), calling
/// <c>Compiled.Kernels.RecurrentMask</c>; every method writes nothing when the run's input carries no mask, so models
/// without masks get none of it. A kind consumes masks by overriding <see cref="LayerKind.ConsumesMask"/> (true) and
/// <see cref="LayerKind.PassesMask"/> (its <c>return_sequences</c>), setting <see cref="RecurrentDirection.Mask"/> to
/// <see cref="LayerPass.InputMask"/> in its own passes, and calling these around its step loops.
/// </summary>
internal static class RecurrentMaskCode
{
    private const string Kernels = Code.Kernels;

    /// <summary>Forward, in the step loop after the cell: each state buffer (time-major, <paramref name="width"/> per row) keeps the step before's rows where the step is masked.</summary>
    public static void CarryStates(CodeWriter w, RecurrentDirection direction, params (string Buffer, int Width)[] states)
    {
        if (direction.Mask is not { } mask) return;
        foreach ((string buffer, int width) in states)
            w.Line($"{Kernels}RecurrentMask.CarryStates({mask}, {buffer}, step, batch, {Steps(direction)}, {width}, goBackwards: {Bool(direction.GoBackwards)});");
    }

    /// <summary>Forward after the outputs, and backward before the output gradient is read: <c>zero_output_for_mask</c>'s zeros on a returned sequence.</summary>
    public static void ZeroMaskedOutputs(CodeWriter w, RecurrentDirection direction, string sequence, int width)
    {
        if (direction.Mask is not { } mask || !direction.ZeroMaskedOutputs) return;
        w.Line($"{Kernels}RecurrentMask.ZeroMaskedSteps({mask}, {sequence}, batch, {Steps(direction)}, {width}, goBackwards: {Bool(direction.GoBackwards)});");
    }

    /// <summary>
    /// Backward, in the step loop around a cell backward that replaces a carried state gradient (<paramref name="carried"/>,
    /// <c>(batch, width)</c>): kept in <paramref name="kept"/> before, put back after (<paramref name="restore"/>) where the step is masked.
    /// </summary>
    public static void KeepCarriedGradient(CodeWriter w, RecurrentDirection direction, string carried, string kept, int width, bool restore)
    {
        if (direction.Mask is not { } mask) return;
        (string from, string to) = restore ? (kept, carried) : (carried, kept);
        w.Line($"{Kernels}RecurrentMask.CopyMaskedRows({mask}, {from}, {to}, step, batch, {Steps(direction)}, {width}, goBackwards: {Bool(direction.GoBackwards)});");
    }

    /// <summary>
    /// Backward, in the step loop after the cell backward and before the recurrent product into the step before: a masked
    /// step's gate gradients become zero and its hidden state's gradient passes to the step before.
    /// </summary>
    public static void SkipMaskedSteps(CodeWriter w, RecurrentDirection direction, string hiddenGradients, string gateGradients, int units, int gateWidth)
    {
        if (direction.Mask is not { } mask) return;
        w.Line($"{Kernels}RecurrentMask.SkipMaskedSteps({mask}, {hiddenGradients}, {gateGradients}, step, batch, {Steps(direction)}, {units}, {gateWidth}, goBackwards: {Bool(direction.GoBackwards)});");
    }

    /// <summary>
    /// Backward, in the step loop before a cell backward that is linear in the step's hidden-state gradient and carries no
    /// gradient of its own (SimpleRNN, GRU): a masked step's hidden-state gradient moves to the step before, leaving the cell nothing.
    /// </summary>
    public static void PassOverMaskedSteps(CodeWriter w, RecurrentDirection direction, string hiddenGradients, int units)
    {
        if (direction.Mask is not { } mask) return;
        w.Line($"{Kernels}RecurrentMask.PassOverMaskedSteps({mask}, {hiddenGradients}, step, batch, {Steps(direction)}, {units}, goBackwards: {Bool(direction.GoBackwards)});");
    }

    private static int Steps(RecurrentDirection direction) => direction.Layer.InputShape[0];

    private static string Bool(bool value) => value ? "true" : "false";
}
