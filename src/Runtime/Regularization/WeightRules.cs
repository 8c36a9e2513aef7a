namespace Compiled;

/// <summary>
/// A model's regularizers and constraints as flat tables, built once from its <see cref="Model.Architecture"/>, so
/// that the training step adds every penalty and applies every constraint in a loop that allocates nothing. A model
/// without any has empty tables: its step calls two methods that return at once.
/// </summary>
internal sealed class WeightRules
{
    private readonly (int Offset, int Length, Regularizer Regularizer)[] _penalties;
    private readonly (int Offset, int Length, Constraint Constraint, NormGroups Groups)[] _constraints;
    private readonly double[] _sums;

    private WeightRules((int, int, Regularizer)[] penalties, (int, int, Constraint, NormGroups)[] constraints)
    {
        (_penalties, _constraints) = (penalties, constraints);
        _sums = new double[constraints.Length == 0 ? 0 : constraints.Max(c => c.Item4.Count)];
    }

    /// <summary>Whether the model has any regularized or constrained weight.</summary>
    public bool IsEmpty => _penalties.Length == 0 && _constraints.Length == 0;

    /// <summary>The tables of <paramref name="layers"/>' trainable variables (only trainable ones: Keras regularizes and constrains what it trains).</summary>
    public static WeightRules Of(IReadOnlyList<LayerInfo> layers)
    {
        List<(int, int, Regularizer)> penalties = [];
        List<(int, int, Constraint, NormGroups)> constraints = [];
        foreach (LayerInfo layer in layers)
            foreach (LayerVariable variable in layer.Variables)
            {
                if (!variable.Trainable) continue;
                if (layer.RegularizerOf(variable) is Regularizer regularizer) penalties.Add((variable.Offset, variable.Length, regularizer));
                if (layer.ConstraintOf(variable) is Constraint constraint)
                    constraints.Add((variable.Offset, variable.Length, constraint, NormGroups.Of(variable.Shape, constraint.Axis, $"{layer.Name}'s {constraint.KerasClass}")));
            }
        return new WeightRules([.. penalties], [.. constraints]);
    }

    /// <summary>The sum of every weight's penalty; what Keras adds to the loss (once per batch, not per sample).</summary>
    public double Penalty(ReadOnlySpan<float> parameters)
    {
        double total = 0;
        foreach ((int offset, int length, Regularizer regularizer) in _penalties)
            total += regularizer.Penalty(parameters.Slice(offset, length));
        return total;
    }

    /// <summary>Adds every penalty's gradient to <paramref name="gradients"/> and returns the total penalty, of the weights before the update.</summary>
    public double AddPenalties(ReadOnlySpan<float> parameters, Span<float> gradients)
    {
        double total = 0;
        foreach ((int offset, int length, Regularizer regularizer) in _penalties)
        {
            ReadOnlySpan<float> values = parameters.Slice(offset, length);
            total += regularizer.Penalty(values);
            regularizer.AddGradient(values, gradients.Slice(offset, length));
        }
        return total;
    }

    /// <summary>Applies every constraint to the updated weights, as Keras's optimizers do after each update.</summary>
    public void ApplyConstraints(Span<float> parameters)
    {
        foreach ((int offset, int length, Constraint constraint, NormGroups groups) in _constraints)
            constraint.Apply(parameters.Slice(offset, length), groups, _sums);
    }
}
