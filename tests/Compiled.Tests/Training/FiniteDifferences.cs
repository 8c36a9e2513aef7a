namespace Compiled.Tests.Training;

/// <summary>Central finite differences of a float64 objective against a model's float32 gradients.</summary>
internal static class FiniteDifferences
{
    /// <summary>
    /// Asserts that the model's reported loss is the objective at its parameters, and that every analytic
    /// gradient agrees with <c>(f(p + h) - f(p - h)) / 2h</c> within 2e-4 plus 0.2% of its size.
    /// </summary>
    public static void AssertGradientsMatch(Model model, double reportedLoss, Func<double[], double> objective, string context = "")
    {
        float[] analytic = model.Gradients.ToArray();
        double[] parameters = model.Parameters.ToArray().Select(v => (double)v).ToArray();
        Assert.Equal(objective(parameters), reportedLoss, tolerance: 1e-4);
        const double h = 1e-6;
        for (int i = 0; i < parameters.Length; i++)
        {
            double saved = parameters[i];
            parameters[i] = saved + h;
            double plus = objective(parameters);
            parameters[i] = saved - h;
            double minus = objective(parameters);
            parameters[i] = saved;
            double numeric = (plus - minus) / (2 * h);
            Assert.True(Math.Abs(numeric - analytic[i]) <= 2e-4 + 2e-3 * Math.Abs(numeric),
                $"{context}parameter {i}: analytic {analytic[i]:G6}, numeric {numeric:G6}");
        }
    }
}
