using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Compiled.Kernels;

/// <summary>
/// One optimizer's update rule at one position of the parameters, written once over <see cref="IVectorOps{TVector}"/>
/// so that <see cref="FusedUpdate"/> runs it as Vector512, Vector256 and scalar code alike.
/// </summary>
internal interface IFusedUpdate
{
    /// <summary>How many slot arrays the rule reads and writes (Adam: <c>m</c>, <c>v</c>, and <c>vhat</c> with amsgrad).</summary>
    int Slots { get; }

    /// <summary>Updates the parameters, and the slots the rule keeps, at <paramref name="at"/> (one vector or one float).</summary>
    void Update<TVector, TOps>(ref float parameter, ref float gradient, ref float slot0, ref float slot1, ref float slot2, nuint at)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>;
}

/// <summary>
/// Runs an optimizer's update in a single pass over parameters, gradients and slots: every array is read and
/// written once per step, where separate TensorPrimitives passes would stream each several times through memory
/// (the update is memory-bound, as <see cref="SgdStep"/> measured). Each position depends on its own values only,
/// and the rules use only correctly rounded operations (fused multiply-adds, square roots, divisions) that every path
/// computes alike, so a position gets the same bits on any path, in a vector or in the tail, whatever splits the work.
/// </summary>
internal static class FusedUpdate
{
    /// <summary>Applies <paramref name="rule"/> in place; slots the rule does not use may be empty.</summary>
    /// <exception cref="ArgumentException">Gradients or a used slot not as long as the parameters.</exception>
    public static void Apply<TRule>(in TRule rule, Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> slot0, Span<float> slot1, Span<float> slot2, SimdPath path)
        where TRule : struct, IFusedUpdate
    {
        int length = parameters.Length;
        if (gradients.Length != length)
            throw new ArgumentException($"Got {gradients.Length} gradients for {length} parameters; expected one per parameter.", nameof(gradients));
        int used = rule.Slots;
        if ((used > 0 && slot0.Length != length) || (used > 1 && slot1.Length != length) || (used > 2 && slot2.Length != length))
            throw new ArgumentException($"The update keeps {used} slot(s), each one value per parameter ({length}); got slots of {slot0.Length}, {slot1.Length} and {slot2.Length}.");
        ref float p = ref MemoryMarshal.GetReference(parameters);
        ref float g = ref MemoryMarshal.GetReference(gradients);
        // A slot the rule does not use is never read; pointing it at the parameters keeps every reference valid.
        ref float s0 = ref used > 0 ? ref MemoryMarshal.GetReference(slot0) : ref p;
        ref float s1 = ref used > 1 ? ref MemoryMarshal.GetReference(slot1) : ref p;
        ref float s2 = ref used > 2 ? ref MemoryMarshal.GetReference(slot2) : ref p;
        int done = 0;
        if (path == SimdPath.Vector512 && length >= Vector512<float>.Count)
            done = Run<TRule, Vector512<float>, Vector512Ops>(rule, ref p, ref g, ref s0, ref s1, ref s2, 0, length);
        else if (path != SimdPath.Scalar && length >= Vector256<float>.Count)
            done = Run<TRule, Vector256<float>, Vector256Ops>(rule, ref p, ref g, ref s0, ref s1, ref s2, 0, length);
        // The tail is under one vector; an update is not idempotent, so it cannot overlap the last vector.
        Run<TRule, float, ScalarOps>(rule, ref p, ref g, ref s0, ref s1, ref s2, done, length);
    }

    /// <summary>Updates whole vectors from <paramref name="start"/>; returns where it stopped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Run<TRule, TVector, TOps>(in TRule rule, ref float p, ref float g, ref float s0, ref float s1, ref float s2, int start, int length)
        where TRule : struct, IFusedUpdate
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
    {
        int width = TOps.Count;
        int end = start + (length - start) / width * width;
        for (int i = start; i < end; i += width)
            rule.Update<TVector, TOps>(ref p, ref g, ref s0, ref s1, ref s2, (nuint)i);
        return end;
    }
}
