namespace GenNet;

// The catalog: default instances by Keras name, so `metrics: ["mae"]` and `Metric.MeanAbsoluteError` both work.
public abstract partial class Metric
{
    /// <summary>A new <see cref="Metrics.Accuracy"/> placeholder, resolved by shapes when the model is compiled.</summary>
    public static Metric Accuracy => new Metrics.Accuracy();

    /// <summary>A new <see cref="Metrics.BinaryAccuracy"/> with threshold 0.5.</summary>
    public static Metric BinaryAccuracy => new Metrics.BinaryAccuracy();

    /// <summary>A new <see cref="Metrics.CategoricalAccuracy"/>.</summary>
    public static Metric CategoricalAccuracy => new Metrics.CategoricalAccuracy();

    /// <summary>A new <see cref="Metrics.SparseCategoricalAccuracy"/>.</summary>
    public static Metric SparseCategoricalAccuracy => new Metrics.SparseCategoricalAccuracy();

    /// <summary>A new <see cref="Metrics.TopKCategoricalAccuracy"/> with k = 5.</summary>
    public static Metric TopKCategoricalAccuracy => new Metrics.TopKCategoricalAccuracy();

    /// <summary>A new <see cref="Metrics.SparseTopKCategoricalAccuracy"/> with k = 5.</summary>
    public static Metric SparseTopKCategoricalAccuracy => new Metrics.SparseTopKCategoricalAccuracy();

    /// <summary>A new <see cref="Metrics.MeanSquaredError"/> metric.</summary>
    public static Metric MeanSquaredError => new Metrics.MeanSquaredError();

    /// <summary>A new <see cref="Metrics.RootMeanSquaredError"/>.</summary>
    public static Metric RootMeanSquaredError => new Metrics.RootMeanSquaredError();

    /// <summary>A new <see cref="Metrics.MeanAbsoluteError"/> metric.</summary>
    public static Metric MeanAbsoluteError => new Metrics.MeanAbsoluteError();

    /// <summary>A new <see cref="Metrics.MeanAbsolutePercentageError"/> metric.</summary>
    public static Metric MeanAbsolutePercentageError => new Metrics.MeanAbsolutePercentageError();

    /// <summary>A new <see cref="Metrics.MeanSquaredLogarithmicError"/> metric.</summary>
    public static Metric MeanSquaredLogarithmicError => new Metrics.MeanSquaredLogarithmicError();

    /// <summary>A new <see cref="Metrics.CosineSimilarity"/> metric.</summary>
    public static Metric CosineSimilarity => new Metrics.CosineSimilarity();

    /// <summary>A new <see cref="Metrics.LogCoshError"/>.</summary>
    public static Metric LogCoshError => new Metrics.LogCoshError();

    /// <summary>A new <see cref="Metrics.R2Score"/> (uniform average).</summary>
    public static Metric R2Score => new Metrics.R2Score();

    /// <summary>A new <see cref="Metrics.TruePositives"/> at threshold 0.5.</summary>
    public static Metric TruePositives => new Metrics.TruePositives();

    /// <summary>A new <see cref="Metrics.FalsePositives"/> at threshold 0.5.</summary>
    public static Metric FalsePositives => new Metrics.FalsePositives();

    /// <summary>A new <see cref="Metrics.TrueNegatives"/> at threshold 0.5.</summary>
    public static Metric TrueNegatives => new Metrics.TrueNegatives();

    /// <summary>A new <see cref="Metrics.FalseNegatives"/> at threshold 0.5.</summary>
    public static Metric FalseNegatives => new Metrics.FalseNegatives();

    /// <summary>A new <see cref="Metrics.Precision"/> at threshold 0.5.</summary>
    public static Metric Precision => new Metrics.Precision();

    /// <summary>A new <see cref="Metrics.Recall"/> at threshold 0.5.</summary>
    public static Metric Recall => new Metrics.Recall();

    /// <summary>A new <see cref="Metrics.AUC"/>: ROC, 200 thresholds, interpolation.</summary>
    public static Metric AUC => new Metrics.AUC();

    /// <summary>A new <see cref="Metrics.F1Score"/> without averaging (one number only for one output).</summary>
    public static Metric F1Score => new Metrics.F1Score();

    /// <summary>
    /// The Keras metric for a string, named by that string as Keras 3's <c>compile</c> names it (<c>metrics=["mae"]</c> logs
    /// <c>"mae"</c>): <c>"accuracy"</c>/<c>"acc"</c>, the class names (<c>"MeanAbsoluteError"</c>, …), their snake_case forms
    /// (<c>"mean_absolute_error"</c>, …), Keras' aliases (<c>"mse"</c>, <c>"mae"</c>, <c>"mape"</c>, <c>"msle"</c>, <c>"bce"</c>,
    /// upper case too; <c>"rmse"</c> is GenNet's, Keras has no such alias), and every other loss name (<see cref="Loss.FromName"/>) as the mean of that loss. Case-sensitive,
    /// as in Keras. Returns a new default instance.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the valid ones.</exception>
    public static Metric FromName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name switch
        {
            "accuracy" or "acc" => new Metrics.Accuracy(name),
            "binary_accuracy" or nameof(BinaryAccuracy) => new Metrics.BinaryAccuracy(name: name),
            "categorical_accuracy" or nameof(CategoricalAccuracy) => new Metrics.CategoricalAccuracy(name),
            "sparse_categorical_accuracy" or nameof(SparseCategoricalAccuracy) => new Metrics.SparseCategoricalAccuracy(name),
            "top_k_categorical_accuracy" or nameof(TopKCategoricalAccuracy) => new Metrics.TopKCategoricalAccuracy(name: name),
            "sparse_top_k_categorical_accuracy" or nameof(SparseTopKCategoricalAccuracy) => new Metrics.SparseTopKCategoricalAccuracy(name: name),
            "mean_squared_error" or "mse" or "MSE" or nameof(MeanSquaredError) => new Metrics.MeanSquaredError(name),
            "root_mean_squared_error" or "rmse" or nameof(RootMeanSquaredError) => new Metrics.RootMeanSquaredError(name),
            "mean_absolute_error" or "mae" or "MAE" or nameof(MeanAbsoluteError) => new Metrics.MeanAbsoluteError(name),
            "mean_absolute_percentage_error" or "mape" or "MAPE" or nameof(MeanAbsolutePercentageError) => new Metrics.MeanAbsolutePercentageError(name),
            "mean_squared_logarithmic_error" or "msle" or "MSLE" or nameof(MeanSquaredLogarithmicError) => new Metrics.MeanSquaredLogarithmicError(name),
            "cosine_similarity" or nameof(CosineSimilarity) => new Metrics.CosineSimilarity(name),
            "log_cosh_error" or nameof(LogCoshError) => new Metrics.LogCoshError(name),
            "r2_score" or nameof(R2Score) => new Metrics.R2Score(name: name),
            "true_positives" or nameof(TruePositives) => new Metrics.TruePositives(name: name),
            "false_positives" or nameof(FalsePositives) => new Metrics.FalsePositives(name: name),
            "true_negatives" or nameof(TrueNegatives) => new Metrics.TrueNegatives(name: name),
            "false_negatives" or nameof(FalseNegatives) => new Metrics.FalseNegatives(name: name),
            "precision" or nameof(Precision) => new Metrics.Precision(name: name),
            "recall" or nameof(Recall) => new Metrics.Recall(name: name),
            "auc" or nameof(AUC) => new Metrics.AUC(name: name),
            "f1_score" or nameof(F1Score) => new Metrics.F1Score(name: name),
            "f_beta_score" or "FBetaScore" => new Metrics.FBetaScore(name: name),
            _ => FromLossName(name),
        };
    }

    private static Metric FromLossName(string name)
    {
        Loss loss;
        try
        {
            loss = Loss.FromName(name);
        }
        catch (ArgumentException)
        {
            throw new ArgumentException($"Unknown metric '{name}'. Valid names: {ValidNames}.", nameof(name));
        }
        return new Metrics.LossMetric(loss, name);
    }

    /// <summary>Every string <see cref="FromName"/> accepts (for error messages).</summary>
    public const string ValidNames =
        "accuracy (acc), binary_accuracy, categorical_accuracy, sparse_categorical_accuracy, top_k_categorical_accuracy, " +
        "sparse_top_k_categorical_accuracy, mean_squared_error (mse, MSE), root_mean_squared_error (rmse), mean_absolute_error (mae, MAE), " +
        "mean_absolute_percentage_error (mape, MAPE), mean_squared_logarithmic_error (msle, MSLE), cosine_similarity, log_cosh_error, " +
        "r2_score, true_positives, false_positives, true_negatives, false_negatives, precision, recall, auc, f1_score, f_beta_score, " +
        "any loss name (" + Loss.ValidNames + "), or a class name such as MeanAbsoluteError";

    /// <summary><see cref="FromName"/>: lets a Keras string stand for a metric, e.g. <c>metrics: ["accuracy"]</c>.</summary>
    public static implicit operator Metric(string name) => FromName(name);

    /// <summary>A loss as a metric (<see cref="Metrics.LossMetric"/>: the mean of its per-sample values), as Keras accepts a loss in <c>metrics</c>.</summary>
    public static implicit operator Metric(Loss loss) => new Metrics.LossMetric(loss);
}
