namespace Compiled;

public abstract partial class Model
{
    // A model is not thread-safe, as a Keras model is not: its buffers hold one batch at a time. Two threads training
    // or predicting on one instance at once used to corrupt each other silently (every weight NaN); now the second
    // call is refused. One interlocked exchange per call (not per step), and reentrant on the calling thread, so
    // Fit may evaluate its validation data and a callback may predict.
    private int _callerThread;
    private int _callDepth;

    /// <summary>Marks this model in use by the calling thread until the returned scope is disposed.</summary>
    /// <exception cref="InvalidOperationException">Another thread is inside Fit, TrainOnBatch, Evaluate or Predict on this model.</exception>
    private CallScope EnterCall(string operation)
    {
        int thread = Environment.CurrentManagedThreadId;
        int current = Interlocked.CompareExchange(ref _callerThread, thread, 0);
        if (current != 0 && current != thread)
            throw new InvalidOperationException(
                $"{Name}.{operation} was called while another thread is training, evaluating or predicting with this model. " +
                "A model is not thread-safe (as Keras's models are not): its buffers hold one batch at a time. " +
                "Give each thread its own instance (copying weights with Parameters), or let one call finish before the next starts.");
        _callDepth++;
        return new CallScope(this);
    }

    /// <summary>Ends a call entered with <see cref="EnterCall"/>; the outermost one frees the model for other threads.</summary>
    private readonly struct CallScope(Model model) : IDisposable
    {
        public void Dispose()
        {
            if (--model._callDepth == 0) Volatile.Write(ref model._callerThread, 0);
        }
    }
}
