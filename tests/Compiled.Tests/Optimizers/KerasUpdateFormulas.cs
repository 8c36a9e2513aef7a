namespace Compiled.Tests.Optimizers;

/// <summary>
/// tf.keras 2.4's update rules in float64, one element at a time, written from Keras's Python and TensorFlow's
/// kernels (training_ops) as the textbook formulas, not from Compiled's kernels: the references the optimizers'
/// float32 steps are checked against. <c>t</c> is the number of the update (1 for the first); slots start as Keras
/// creates them.
/// </summary>
internal static class KerasUpdateFormulas
{
    /// <summary>ResourceApplyAdam(WithAmsgrad): ε is added to √v (or √vhat), not to the bias-corrected √v̂.</summary>
    public static void Adam(double[] p, double[] g, double[] m, double[] v, double[]? vhat, int t, double lr, double beta1, double beta2, double epsilon)
    {
        double lrT = lr * Math.Sqrt(1 - Math.Pow(beta2, t)) / (1 - Math.Pow(beta1, t));
        for (int i = 0; i < p.Length; i++)
        {
            m[i] = beta1 * m[i] + (1 - beta1) * g[i];
            v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
            double denominator = v[i];
            if (vhat is not null) denominator = vhat[i] = Math.Max(vhat[i], v[i]);
            p[i] -= lrT * m[i] / (Math.Sqrt(denominator) + epsilon);
        }
    }

    /// <summary>Keras's RMSprop: without momentum ε outside the root (Keras's own Python), with momentum inside it (ResourceApply(Centered)RMSProp).</summary>
    public static void Rmsprop(double[] p, double[] g, double[] rms, double[]? mom, double[]? mg, double lr, double rho, double momentum, double epsilon)
    {
        for (int i = 0; i < p.Length; i++)
        {
            rms[i] = rho * rms[i] + (1 - rho) * g[i] * g[i];
            double variance = rms[i];
            if (mg is not null)
            {
                mg[i] = rho * mg[i] + (1 - rho) * g[i];
                variance -= mg[i] * mg[i];
            }
            if (mom is not null)
            {
                mom[i] = momentum * mom[i] + lr * g[i] / Math.Sqrt(variance + epsilon);
                p[i] -= mom[i];
            }
            else
            {
                p[i] -= lr * g[i] / (Math.Sqrt(variance) + epsilon);
            }
        }
    }

    /// <summary>ResourceApplyAdagradV2.</summary>
    public static void Adagrad(double[] p, double[] g, double[] accumulator, double lr, double epsilon)
    {
        for (int i = 0; i < p.Length; i++)
        {
            accumulator[i] += g[i] * g[i];
            p[i] -= lr * g[i] / (Math.Sqrt(accumulator[i]) + epsilon);
        }
    }

    /// <summary>ResourceApplyAdadelta.</summary>
    public static void Adadelta(double[] p, double[] g, double[] accumGrad, double[] accumVar, double lr, double rho, double epsilon)
    {
        for (int i = 0; i < p.Length; i++)
        {
            accumGrad[i] = rho * accumGrad[i] + (1 - rho) * g[i] * g[i];
            double update = Math.Sqrt(accumVar[i] + epsilon) / Math.Sqrt(accumGrad[i] + epsilon) * g[i];
            accumVar[i] = rho * accumVar[i] + (1 - rho) * update * update;
            p[i] -= lr * update;
        }
    }

    /// <summary>ResourceApplyAdaMax.</summary>
    public static void Adamax(double[] p, double[] g, double[] m, double[] v, int t, double lr, double beta1, double beta2, double epsilon)
    {
        for (int i = 0; i < p.Length; i++)
        {
            m[i] = beta1 * m[i] + (1 - beta1) * g[i];
            v[i] = Math.Max(beta2 * v[i], Math.Abs(g[i]));
            p[i] -= lr / (1 - Math.Pow(beta1, t)) * m[i] / (v[i] + epsilon);
        }
    }

    /// <summary>
    /// Keras's Nadam (nadam.py): <paramref name="momentumCache"/> is the product of the schedule's momenta before this
    /// update (1 before the first), and is returned multiplied by this update's.
    /// </summary>
    public static double Nadam(double[] p, double[] g, double[] m, double[] v, int t, double momentumCache, double lr, double beta1, double beta2, double epsilon, double scheduleDecay = 0.004)
    {
        double muT = beta1 * (1 - 0.5 * Math.Pow(0.96, scheduleDecay * t));
        double muNext = beta1 * (1 - 0.5 * Math.Pow(0.96, scheduleDecay * (t + 1)));
        double scheduleNew = momentumCache * muT, scheduleNext = scheduleNew * muNext;
        for (int i = 0; i < p.Length; i++)
        {
            double gPrime = g[i] / (1 - scheduleNew);
            m[i] = beta1 * m[i] + (1 - beta1) * g[i];
            double mPrime = m[i] / (1 - scheduleNext);
            v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
            double vPrime = v[i] / (1 - Math.Pow(beta2, t));
            double mBar = (1 - muT) * gPrime + muNext * mPrime;
            p[i] -= lr * mBar / (Math.Sqrt(vPrime) + epsilon);
        }
        return scheduleNew;
    }
}
