using System.Globalization;
using Tutorials.BostonHousing;

namespace GenNet.Samples.Tests;

/// <summary>
/// The Keras regression tutorial on the real Boston data (installed by scripts/install-data.sh), with 40 epochs instead
/// of 100 to keep CI short: the full run reaches 2.50 k$ (the book: about 2.5), 40 epochs about 2.65.
/// </summary>
public sealed class BostonHousingSampleTests
{
    [Fact]
    public void BostonHousing_FourFolds_FortyEpochs_MeanValidationMaeUnderThreeThousandDollars()
    {
        var output = new StringWriter();
        string plot = Path.Combine(Path.GetTempPath(), $"gennet-boston-{Guid.NewGuid():N}.svg");
        BostonHousingSample.Result result;
        try
        {
            result = BostonHousingSample.Run(output, new BostonHousingSample.Options(Epochs: 40, PlotPath: plot));
            string svg = File.ReadAllText(plot);
            Assert.StartsWith("<svg", svg);
            Assert.Contains("val_mae", svg);
        }
        finally
        {
            File.Delete(plot);
        }

        Assert.Equal(4, result.FoldMae.Length);
        Assert.All(result.FoldMae, mae => Assert.InRange(mae, 1.5, 4.0));
        Assert.InRange(result.MeanValidationMae, 1.5, 3.0);
        Assert.InRange(result.TestMae, 1.5, 3.5);
        Assert.Equal(result.FoldMae.Average(), result.MeanValidationMae, 12);

        string last = output.ToString().TrimEnd().Split('\n')[^1].TrimEnd('\r');
        Assert.Equal("mean validation MAE (k$): " + result.MeanValidationMae.ToString("0.0000", CultureInfo.InvariantCulture), last);

        // The plot's validation curve is the fold average per epoch, and its last point the folds' final validation MAE.
        var valMae = result.AverageHistory["val_mae"];
        Assert.Equal(40, valMae.Count);
        Assert.Equal(result.MeanValidationMae, valMae[^1], 5);
        Assert.True(valMae[^1] < valMae[0] / 3, $"validation MAE went from {valMae[0]} to {valMae[^1]}");
    }

    [Fact]
    public void Fold_TakesTheBooksQuarterOutAndTrainsOnTheRest()
    {
        int n = GenNet.Data.BostonHousing.FeatureCount;
        float[] x = Enumerable.Range(0, 8 * n).Select(i => (float)(i / n)).ToArray(), y = Enumerable.Range(0, 8).Select(i => (float)i).ToArray();
        var (xFit, yFit, xVal, yVal) = BostonHousingSample.Fold(x, y, k: 1, size: 2);
        Assert.Equal([2f, 3f], yVal);
        Assert.Equal([0f, 1f, 4f, 5f, 6f, 7f], yFit);
        Assert.Equal(Enumerable.Repeat(4f, n), xFit[(2 * n)..(3 * n)]);
        Assert.Equal(Enumerable.Repeat(3f, n), xVal[n..]);
    }

    [Fact]
    public void Normalize_GivesTrainingColumnsMeanZeroAndStdOne_AndAppliesThemToTheTestRows()
    {
        int n = GenNet.Data.BostonHousing.FeatureCount;
        // Column c of the training rows holds c, c + 2, c + 4 (mean c + 2, population std √(8/3)).
        float[] train = Enumerable.Range(0, 3 * n).Select(i => (float)(i % n + 2 * (i / n))).ToArray();
        float[] test = Enumerable.Range(0, n).Select(c => (float)(c + 2)).ToArray();
        BostonHousingSample.Normalize(train, test);
        double std = Math.Sqrt(8.0 / 3);
        for (int c = 0; c < n; c++)
        {
            Assert.Equal(-2 / std, train[c], 5);
            Assert.Equal(0, train[n + c], 5);
            Assert.Equal(2 / std, train[2 * n + c], 5);
            Assert.Equal(0, test[c], 5);
        }
    }

    [Fact]
    public void Build_CompilesTheBuiltInMae_AsKerasNamesIt()
    {
        var model = BostonHousingSample.Build(seed: 1);
        Assert.Equal(["mae"], model.CompiledMetrics.Select(m => m.Name));
        model.Output = TextWriter.Null;
        float[] x = new float[2 * 13], y = { 1f, 3f };
        float[] p = model.Predict(x);
        double mae = (Math.Abs(p[0] - 1.0) + Math.Abs(p[1] - 3.0)) / 2;
        Assert.Equal(mae, model.Evaluate(x, y, verbose: 0).Metrics["mae"], 5);
    }

    [Fact]
    public void Options_RejectUnknownValues()
    {
        Assert.Equal(new BostonHousingSample.Options(Epochs: 7, Seed: 3), BostonHousingSample.Options.Parse(["--epochs", "7", "--seed", "3"]));
        Assert.Throws<ArgumentException>(() => BostonHousingSample.Options.Parse(["--epochs", "0"]));
        Assert.Throws<ArgumentException>(() => BostonHousingSample.Options.Parse(["--folds", "5"]));
    }
}
