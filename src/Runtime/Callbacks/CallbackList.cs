namespace Compiled;

/// <summary>Keras's <c>CallbackList</c>: the callbacks of one <c>Fit</c>, each hook called on every one in order.</summary>
internal sealed class CallbackList
{
    private readonly Callback[] _callbacks;

    public CallbackList(IEnumerable<Callback>? callbacks, Model model, History history)
    {
        List<Callback> list = [];
        int index = 0;
        foreach (Callback? callback in callbacks ?? [])
        {
            if (callback is null) throw new ArgumentException($"callbacks[{index}] is null; give Callback instances or leave the entry out.", nameof(callbacks));
            list.Add(callback);
            index++;
        }
        // Keras appends the History last, so it records what the other callbacks add to the logs (lr).
        list.Add(history);
        _callbacks = list.ToArray();
        foreach (Callback callback in _callbacks) callback.Model = model;
    }

    public void OnTrainBegin(Logs logs)
    {
        foreach (Callback callback in _callbacks) callback.OnTrainBegin(logs);
    }

    public void OnTrainEnd(Logs logs)
    {
        foreach (Callback callback in _callbacks) callback.OnTrainEnd(logs);
    }

    public void OnEpochBegin(int epoch, Logs logs)
    {
        foreach (Callback callback in _callbacks) callback.OnEpochBegin(epoch, logs);
    }

    public void OnEpochEnd(int epoch, Logs logs)
    {
        foreach (Callback callback in _callbacks) callback.OnEpochEnd(epoch, logs);
    }

    public void OnTrainBatchBegin(int batch, Logs logs)
    {
        foreach (Callback callback in _callbacks) callback.OnTrainBatchBegin(batch, logs);
    }

    public void OnTrainBatchEnd(int batch, Logs logs)
    {
        foreach (Callback callback in _callbacks) callback.OnTrainBatchEnd(batch, logs);
    }
}
