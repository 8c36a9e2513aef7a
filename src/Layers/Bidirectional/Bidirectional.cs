using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Compiled.Kernels;

/// <summary>
/// The merge of Keras's <c>Bidirectional</c>: the forward run's output <c>f</c> and the backward run's <c>b</c>, each
/// <c>(batch, steps, units)</c> batch-major (one step for the last states), combined step by step with the backward run's
/// step <c>steps-1-t</c> at time <c>t</c> (Keras turns its sequence back to input order), into <c>(batch, steps, width)</c>.
/// </summary>
public static unsafe class Bidirectional
{
    /// <summary>
    /// Runs both copies' passes: <c>pass(model, input, batch, 0)</c> and <c>pass(model, input, batch, 1)</c>, at once on two
    /// threads when <see cref="Gemm.MaxThreads"/> allows and the workers are free, else one after the other. The copies have
    /// their own weights, gradients and buffers, so neither reads what the other writes; each computes its products on its
    /// own thread, whose results do not depend on the thread count, so the bits are the same either way. Allocates nothing
    /// (<paramref name="pass"/> is a static lambda, cached by the compiler).
    /// </summary>
    public static void RunDirections<TModel>(TModel model, ReadOnlySpan<float> input, int batch, DirectionPass<TModel> pass)
        where TModel : class
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(pass);
        // The input is pinned while a worker reads it through a pointer; the job's state lives on this stack, which the
        // call does not leave before both parts are done.
        fixed (float* pinned = input)
        {
#pragma warning disable CS8500 // The state holds references; it stays on this stack frame, reachable, for the whole job.
            DirectionJob<TModel> job = new(model, pass, pinned, input.Length, batch);
            GemmWorkers.RunJob(&RunDirection<TModel>, &job, 2, Gemm.MaxThreads);
#pragma warning restore CS8500
        }
    }

    private static void RunDirection<TModel>(void* state, int direction) where TModel : class
    {
        ref DirectionJob<TModel> job = ref Unsafe.AsRef<DirectionJob<TModel>>(state);
        job.Pass(job.Model, new ReadOnlySpan<float>(job.Input, job.Length), job.Batch, direction);
    }

    /// <summary>What each part of <see cref="RunDirections{TModel}"/> needs.</summary>
    private readonly struct DirectionJob<TModel>(TModel model, DirectionPass<TModel> pass, float* input, int length, int batch)
    {
        public readonly TModel Model = model;
        public readonly DirectionPass<TModel> Pass = pass;
        public readonly float* Input = input;
        public readonly int Length = length;
        public readonly int Batch = batch;
    }

    /// <summary>Writes the merged output: <c>[f, b]</c>, <c>f + b</c>, <c>f · b</c> or <c>(f + b) / 2</c> per step.</summary>
    public static void Merge(ReadOnlySpan<float> forward, ReadOnlySpan<float> backward, Span<float> output, int batch, int steps, int units, MergeMode mode)
    {
        int width = mode == MergeMode.Concat ? 2 * units : units;
        Check(forward.Length, batch * steps * units, nameof(forward));
        Check(backward.Length, batch * steps * units, nameof(backward));
        Check(output.Length, batch * steps * width, nameof(output));
        for (int b = 0; b < batch; b++)
        {
            for (int t = 0; t < steps; t++)
            {
                ReadOnlySpan<float> f = forward.Slice((b * steps + t) * units, units);
                ReadOnlySpan<float> r = backward.Slice((b * steps + steps - 1 - t) * units, units);
                Span<float> y = output.Slice((b * steps + t) * width, width);
                switch (mode)
                {
                    case MergeMode.Concat:
                        f.CopyTo(y);
                        r.CopyTo(y.Slice(units));
                        break;
                    case MergeMode.Sum:
                        TensorPrimitives.Add(f, r, y);
                        break;
                    case MergeMode.Mul:
                        TensorPrimitives.Multiply(f, r, y);
                        break;
                    case MergeMode.Ave:
                        TensorPrimitives.Add(f, r, y);
                        TensorPrimitives.Multiply(y, 0.5f, y);
                        break;
                    default:
                        throw new ArgumentOutOfRangeException(nameof(mode), mode, "Bidirectional merges by Concat, Sum, Mul or Ave.");
                }
            }
        }
    }

    /// <summary>
    /// The merge's gradient into each run's output, in the runs' own layouts (the backward run's steps in its order):
    /// the two halves of <c>dy</c>; <c>dy</c> for both; <c>dy · b</c> and <c>dy · f</c>; or <c>dy / 2</c> for both.
    /// </summary>
    public static void MergeBackward(ReadOnlySpan<float> outputGradient, ReadOnlySpan<float> forward, ReadOnlySpan<float> backward,
        Span<float> forwardGradient, Span<float> backwardGradient, int batch, int steps, int units, MergeMode mode)
    {
        int width = mode == MergeMode.Concat ? 2 * units : units;
        Check(outputGradient.Length, batch * steps * width, nameof(outputGradient));
        Check(forward.Length, batch * steps * units, nameof(forward));
        Check(backward.Length, batch * steps * units, nameof(backward));
        Check(forwardGradient.Length, batch * steps * units, nameof(forwardGradient));
        Check(backwardGradient.Length, batch * steps * units, nameof(backwardGradient));
        for (int b = 0; b < batch; b++)
        {
            for (int t = 0; t < steps; t++)
            {
                int f = (b * steps + t) * units, r = (b * steps + steps - 1 - t) * units;
                ReadOnlySpan<float> dy = outputGradient.Slice((b * steps + t) * width, width);
                Span<float> df = forwardGradient.Slice(f, units), dr = backwardGradient.Slice(r, units);
                switch (mode)
                {
                    case MergeMode.Concat:
                        dy.Slice(0, units).CopyTo(df);
                        dy.Slice(units).CopyTo(dr);
                        break;
                    case MergeMode.Sum:
                        dy.CopyTo(df);
                        dy.CopyTo(dr);
                        break;
                    case MergeMode.Mul:
                        TensorPrimitives.Multiply(dy, backward.Slice(r, units), df);
                        TensorPrimitives.Multiply(dy, forward.Slice(f, units), dr);
                        break;
                    case MergeMode.Ave:
                        TensorPrimitives.Multiply(dy, 0.5f, df);
                        TensorPrimitives.Multiply(dy, 0.5f, dr);
                        break;
                    default:
                        throw new ArgumentOutOfRangeException(nameof(mode), mode, "Bidirectional merges by Concat, Sum, Mul or Ave.");
                }
            }
        }
    }

    private static void Check(int length, int needed, string name)
    {
        if (length < needed) throw new ArgumentException($"{name} holds {length} values; the Bidirectional merge's sizes need {needed}.", name);
    }
}
