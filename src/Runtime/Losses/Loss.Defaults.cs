namespace Compiled;

public abstract partial class Loss
{
    /// <summary>Keras's <c>binary_crossentropy</c> on probabilities, without label smoothing.</summary>
    public static Loss BinaryCrossentropy { get; } = new BinaryCrossentropyLoss();

    /// <summary>Keras's <c>categorical_crossentropy</c> on probabilities, for one-hot targets, without label smoothing.</summary>
    public static Loss CategoricalCrossentropy { get; } = new CategoricalCrossentropyLoss();

    /// <summary>Keras's <c>sparse_categorical_crossentropy</c> on probabilities, for one class index per row.</summary>
    public static Loss SparseCategoricalCrossentropy { get; } = new SparseCategoricalCrossentropyLoss();

    /// <summary>Keras's <c>poisson</c>.</summary>
    public static Loss Poisson { get; } = new PoissonLoss();

    /// <summary>Keras's <c>kl_divergence</c> (<c>kld</c>).</summary>
    public static Loss KLDivergence { get; } = new KLDivergenceLoss();

    /// <summary>Keras's <c>mean_squared_error</c> (<c>mse</c>).</summary>
    public static Loss MeanSquaredError { get; } = new MeanSquaredErrorLoss();

    /// <summary>Keras's <c>mean_absolute_error</c> (<c>mae</c>).</summary>
    public static Loss MeanAbsoluteError { get; } = new MeanAbsoluteErrorLoss();

    /// <summary>Keras's <c>mean_absolute_percentage_error</c> (<c>mape</c>).</summary>
    public static Loss MeanAbsolutePercentageError { get; } = new MeanAbsolutePercentageErrorLoss();

    /// <summary>Keras's <c>mean_squared_logarithmic_error</c> (<c>msle</c>).</summary>
    public static Loss MeanSquaredLogarithmicError { get; } = new MeanSquaredLogarithmicErrorLoss();

    /// <summary>Keras's <c>cosine_similarity</c> along the last axis.</summary>
    public static Loss CosineSimilarity { get; } = new CosineSimilarityLoss();

    /// <summary>Keras's <c>huber</c> with <c>delta=1.0</c>.</summary>
    public static Loss Huber { get; } = new HuberLoss();

    /// <summary>Keras's <c>log_cosh</c> (<c>logcosh</c>).</summary>
    public static Loss LogCosh { get; } = new LogCoshLoss();

    /// <summary>Keras's <c>hinge</c>.</summary>
    public static Loss Hinge { get; } = new HingeLoss();

    /// <summary>Keras's <c>squared_hinge</c>.</summary>
    public static Loss SquaredHinge { get; } = new SquaredHingeLoss();

    /// <summary>Keras's <c>categorical_hinge</c>.</summary>
    public static Loss CategoricalHinge { get; } = new CategoricalHingeLoss();
}
