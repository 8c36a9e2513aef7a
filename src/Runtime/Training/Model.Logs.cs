namespace Compiled;

public abstract partial class Model
{
    /// <summary>Keras's log names: <c>loss</c> and the metrics; with several outputs also each output's loss, and metrics prefixed by the output's name.</summary>
    private string[] LogNames()
    {
        List<string> names = ["loss"];
        if (_heads.Length == 1)
        {
            names.AddRange(_metrics.Select(m => m.Name));
            return names.ToArray();
        }
        names.AddRange(_heads.Select(h => h.Output.Name + "_loss"));
        foreach (OutputHead head in _heads) names.AddRange(_metrics.Select(m => head.Output.Name + "_" + m.Name));
        return names.ToArray();
    }
}
