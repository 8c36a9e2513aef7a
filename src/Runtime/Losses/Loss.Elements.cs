namespace Compiled;

public abstract partial class Loss
{
    /// <summary>
    /// The term of one prediction against its target in a loss that is the mean of such terms over the last axis (Keras's
    /// <c>backend.mean(..., axis=-1)</c> losses): its value, and its derivative with respect to the prediction.
    /// </summary>
    private protected interface IElementLoss
    {
        double Term(float predicted, float expected, out double derivative);
    }

    /// <summary>
    /// A row's loss as the mean of its elements' terms (<typeparamref name="TElement"/>, a struct, so the call is static),
    /// and each element's gradient as its term's derivative over the row's width: the loop every such loss shares.
    /// </summary>
    private protected readonly struct MeanOverLastAxis<TElement>(TElement element) : IRowLoss
        where TElement : struct, IElementLoss
    {
        public double Row(ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, Span<float> gradient)
        {
            double sum = 0;
            for (int i = 0; i < predicted.Length; i++)
            {
                sum += element.Term(predicted[i], expected[i], out double derivative);
                if (!gradient.IsEmpty) gradient[i] = (float)(derivative / predicted.Length);
            }
            return sum / predicted.Length;
        }
    }
}
