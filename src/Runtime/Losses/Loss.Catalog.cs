namespace GenNet;

// The catalog: default instances by Keras name, so `Compile("mse", ...)` and `Compile(Loss.Huber, ...)` both work.
public abstract partial class Loss
{
    /// <summary>A new <see cref="Losses.MeanSquaredError"/>: <c>mean_j (t − p)²</c>.</summary>
    public static Loss MeanSquaredError => new Losses.MeanSquaredError();

    /// <summary>A new <see cref="Losses.MeanAbsoluteError"/>: <c>mean_j |t − p|</c>.</summary>
    public static Loss MeanAbsoluteError => new Losses.MeanAbsoluteError();

    /// <summary>A new <see cref="Losses.MeanAbsolutePercentageError"/>: <c>100·mean_j |t − p|/max(|t|, ε)</c>.</summary>
    public static Loss MeanAbsolutePercentageError => new Losses.MeanAbsolutePercentageError();

    /// <summary>A new <see cref="Losses.MeanSquaredLogarithmicError"/>: <c>mean_j (log(1 + p) − log(1 + t))²</c>.</summary>
    public static Loss MeanSquaredLogarithmicError => new Losses.MeanSquaredLogarithmicError();

    /// <summary>A new <see cref="Losses.Hinge"/>: <c>mean_j max(0, 1 − t′p)</c>.</summary>
    public static Loss Hinge => new Losses.Hinge();

    /// <summary>A new <see cref="Losses.SquaredHinge"/>: <c>mean_j max(0, 1 − t′p)²</c>.</summary>
    public static Loss SquaredHinge => new Losses.SquaredHinge();

    /// <summary>A new <see cref="Losses.CategoricalHinge"/>: <c>max(0, max_j (1 − t)p − Σ t·p + 1)</c>.</summary>
    public static Loss CategoricalHinge => new Losses.CategoricalHinge();

    /// <summary>A new <see cref="Losses.BinaryCrossentropy"/> on probabilities, no label smoothing.</summary>
    public static Loss BinaryCrossentropy => new Losses.BinaryCrossentropy();

    /// <summary>A new <see cref="Losses.CategoricalCrossentropy"/> on probabilities, no label smoothing.</summary>
    public static Loss CategoricalCrossentropy => new Losses.CategoricalCrossentropy();

    /// <summary>A new <see cref="Losses.SparseCategoricalCrossentropy"/> on probabilities (labels are class ids).</summary>
    public static Loss SparseCategoricalCrossentropy => new Losses.SparseCategoricalCrossentropy();

    /// <summary>A new <see cref="Losses.KLDivergence"/>: <c>Σ_j t log(t/p)</c>.</summary>
    public static Loss KLDivergence => new Losses.KLDivergence();

    /// <summary>A new <see cref="Losses.Poisson"/>: <c>mean_j p − t·log(p + ε)</c>.</summary>
    public static Loss Poisson => new Losses.Poisson();

    /// <summary>A new <see cref="Losses.CosineSimilarity"/>: <c>−t̂·p̂</c>.</summary>
    public static Loss CosineSimilarity => new Losses.CosineSimilarity();

    /// <summary>A new <see cref="Losses.Huber"/> with δ = 1.</summary>
    public static Loss Huber => new Losses.Huber();

    /// <summary>A new <see cref="Losses.LogCosh"/>: <c>mean_j log cosh(p − t)</c>.</summary>
    public static Loss LogCosh => new Losses.LogCosh();

    /// <summary>
    /// The Keras loss for a string: the function names (<c>"mean_squared_error"</c>, …), Keras' aliases
    /// (<c>"mse"</c>/<c>"MSE"</c>, <c>"mae"</c>, <c>"mape"</c>, <c>"msle"</c>, <c>"bce"</c>, <c>"kld"</c>,
    /// <c>"kullback_leibler_divergence"</c>, <c>"logcosh"</c>) and the class names (<c>"MeanSquaredError"</c>, …).
    /// Names are case-sensitive, as in Keras. Returns a new default instance.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the valid ones.</exception>
    public static Loss FromName(string name) => name switch
    {
        "mean_squared_error" or "mse" or "MSE" or nameof(MeanSquaredError) => MeanSquaredError,
        "mean_absolute_error" or "mae" or "MAE" or nameof(MeanAbsoluteError) => MeanAbsoluteError,
        "mean_absolute_percentage_error" or "mape" or "MAPE" or nameof(MeanAbsolutePercentageError) => MeanAbsolutePercentageError,
        "mean_squared_logarithmic_error" or "msle" or "MSLE" or nameof(MeanSquaredLogarithmicError) => MeanSquaredLogarithmicError,
        "hinge" or nameof(Hinge) => Hinge,
        "squared_hinge" or nameof(SquaredHinge) => SquaredHinge,
        "categorical_hinge" or nameof(CategoricalHinge) => CategoricalHinge,
        "binary_crossentropy" or "bce" or "BCE" or nameof(BinaryCrossentropy) => BinaryCrossentropy,
        "categorical_crossentropy" or nameof(CategoricalCrossentropy) => CategoricalCrossentropy,
        "sparse_categorical_crossentropy" or nameof(SparseCategoricalCrossentropy) => SparseCategoricalCrossentropy,
        "kl_divergence" or "kld" or "KLD" or "kullback_leibler_divergence" or nameof(KLDivergence) => KLDivergence,
        "poisson" or nameof(Poisson) => Poisson,
        "cosine_similarity" or nameof(CosineSimilarity) => CosineSimilarity,
        "huber" or nameof(Huber) => Huber,
        "log_cosh" or "logcosh" or nameof(LogCosh) => LogCosh,
        _ => throw new ArgumentException(
            $"Unknown loss '{name}'. Valid names: {ValidNames}.", nameof(name)),
    };

    /// <summary>Every string <see cref="FromName"/> accepts, comma-separated (for error messages).</summary>
    public const string ValidNames =
        "mean_squared_error (mse, MSE), mean_absolute_error (mae, MAE), mean_absolute_percentage_error (mape, MAPE), " +
        "mean_squared_logarithmic_error (msle, MSLE), hinge, squared_hinge, categorical_hinge, binary_crossentropy (bce, BCE), " +
        "categorical_crossentropy, sparse_categorical_crossentropy, kl_divergence (kld, KLD, kullback_leibler_divergence), " +
        "poisson, cosine_similarity, huber, log_cosh (logcosh), or a class name such as MeanSquaredError";

    /// <summary><see cref="FromName"/>: lets a Keras string stand for a loss, e.g. <c>Compile("mse", …)</c>.</summary>
    public static implicit operator Loss(string name) => FromName(name);
}
