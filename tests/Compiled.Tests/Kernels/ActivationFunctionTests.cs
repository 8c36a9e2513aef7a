using System.Runtime.Intrinsics;
using Compiled.Kernels;

namespace Compiled.Tests.Kernels;

/// <summary>
/// The activations the fused kernels apply (<see cref="IActivationFunction"/>): close to the float64 functions over
/// their whole range, the same bits on every SIMD path, and derivatives that match the functions.
/// </summary>
public class ActivationFunctionTests
{
    /// <summary>Every float from -30 to 30 at a step of 2⁻¹⁰, and a sweep of tiny magnitudes where relative error shows.</summary>
    private static float[] Arguments()
    {
        List<float> values = [];
        for (int i = -30 * 1024; i <= 30 * 1024; i++) values.Add(i / 1024f);
        for (float v = 1e-30f; v < 1; v *= 1.37f)
        {
            values.Add(v);
            values.Add(-v);
        }
        values.AddRange([-1000f, -88.5f, -87.3f, 88.5f, 200f, float.MaxValue, float.MinValue]);
        return values.ToArray();
    }

    [Fact]
    public void Sigmoid_is_within_three_units_in_the_last_place()
    {
        foreach (float x in Arguments())
        {
            double expected = 1 / (1 + Math.Exp(-(double)x));
            float actual = SigmoidFunction.Apply<float, ScalarOps>(x);
            Assert.True(Math.Abs(actual - expected) <= 3 * Ulp(expected) + 1e-38, $"sigmoid({x}) = {actual:R}, expected {expected:R}: {Math.Abs(actual - expected) / Ulp(expected)} ulp");
        }
    }

    [Fact]
    public void Tanh_is_within_three_units_in_the_last_place_even_near_zero()
    {
        foreach (float x in Arguments())
        {
            double expected = Math.Tanh(x);
            float actual = TanhFunction.Apply<float, ScalarOps>(x);
            Assert.True(Math.Abs(actual - expected) <= 3 * Ulp(expected), $"tanh({x}) = {actual:R}, expected {expected:R}: {Math.Abs(actual - expected) / Ulp(expected)} ulp");
        }
    }

    [Fact]
    public void Hard_sigmoid_is_keras_2s_clip_with_its_slope_inside()
    {
        foreach (float x in Arguments())
        {
            float y = HardSigmoidFunction.Apply<float, ScalarOps>(x);
            Assert.Equal(Math.Clamp(x * 0.2f + 0.5f, 0f, 1f), y);
            Assert.Equal(y > 0 && y < 1 ? 0.2f : 0f, HardSigmoidFunction.Derivative<float, ScalarOps>(y));
        }
    }

    [Fact]
    public void Derivatives_from_the_output_match_central_differences_of_the_function()
    {
        // Away from relu's and hard sigmoid's corners, where the derivative has no single value.
        for (double x = -6.05; x < 6; x += 0.1)
        {
            Check<SigmoidFunction>(x, v => 1 / (1 + Math.Exp(-v)));
            Check<TanhFunction>(x, Math.Tanh);
            Check<HardSigmoidFunction>(x, v => Math.Clamp(0.2 * v + 0.5, 0, 1));
            Check<ReluFunction>(x, v => Math.Max(v, 0));
            Check<LinearFunction>(x, v => v);
        }

        static void Check<TFunction>(double x, Func<double, double> f) where TFunction : struct, IActivationFunction
        {
            double numeric = (f(x + 1e-6) - f(x - 1e-6)) / 2e-6;
            float derivative = TFunction.Derivative<float, ScalarOps>(TFunction.Apply<float, ScalarOps>((float)x));
            Assert.True(Math.Abs(derivative - numeric) <= 1e-5 + 1e-5 * Math.Abs(numeric), $"{typeof(TFunction).Name}'({x}) = {derivative}, numeric {numeric}");
        }
    }

    [SkippableTheory]
    [InlineData("Vector256")]
    [InlineData("Vector512")]
    public void Every_path_gives_the_scalar_paths_bits(string pathName)
    {
        SimdPath path = Enum.Parse<SimdPath>(pathName);
        Skip.IfNot(SimdPaths.IsSupported(path), $"This CPU does not accelerate the {path} path.");
        float[] x = Arguments();
        Compare<SigmoidFunction>(x, path);
        Compare<TanhFunction>(x, path);
        Compare<HardSigmoidFunction>(x, path);
        Compare<ReluFunction>(x, path);
        Compare<LinearFunction>(x, path);
    }

    private static void Compare<TFunction>(float[] x, SimdPath path) where TFunction : struct, IActivationFunction
    {
        float[] scalar = new float[x.Length], vector = new float[x.Length];
        ActivationDriver.Apply<TFunction>(x, scalar, SimdPath.Scalar);
        ActivationDriver.Apply<TFunction>(x, vector, path);
        Assert.Equal(scalar, vector);
        float[] scalarDerivative = scalar.Select(y => TFunction.Derivative<float, ScalarOps>(y)).ToArray();
        float[] vectorDerivative = path == SimdPath.Vector512
            ? Lanes<Vector512<float>, Vector512Ops, TFunction>(scalar)
            : Lanes<Vector256<float>, Vector256Ops, TFunction>(scalar);
        Assert.Equal(scalarDerivative, vectorDerivative);
    }

    /// <summary>The derivative a vector at a time, the tail one value at a time.</summary>
    private static float[] Lanes<TVector, TOps, TFunction>(float[] y)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
        where TFunction : struct, IActivationFunction
    {
        float[] result = new float[y.Length];
        int i = 0;
        for (; i + TOps.Count <= y.Length; i += TOps.Count)
            TOps.Store(TFunction.Derivative<TVector, TOps>(TOps.Load(ref y[0], (nuint)i)), ref result[0], (nuint)i);
        for (; i < y.Length; i++) result[i] = TFunction.Derivative<float, ScalarOps>(y[i]);
        return result;
    }

    /// <summary>The gap between the float nearest <paramref name="value"/> and the next float away from zero.</summary>
    private static double Ulp(double value)
    {
        float magnitude = Math.Abs((float)value);
        return (double)MathF.BitIncrement(magnitude) - magnitude;
    }
}
