using System.Globalization;
using Tutorials.SpamClassifier;
using Tutorials.WeatherForecast;
using Xunit.Abstractions;

namespace GenNet.Samples.Tests;

/// <summary>
/// Issue 16 for the sequence samples: the trained spam classifier (Embedding(MaskZero) → Bidirectional(LSTM) → sigmoid)
/// with int8 weights within 0.5 accuracy points of fp32 and with 16-bit weights within 0.1, on the sample's 1,241 test
/// mails; the weather forecaster (Conv1D → GRU → Dense) with its test MAE in °C beside fp32. Trained as the sample tests
/// train them (2 and 20 epochs).
/// </summary>
public sealed class SequenceQuantizationSampleTests(ITestOutputHelper output)
{
    [Fact]
    public void SpamClassifier_Int8Within05Points_16BitWithin01_OfFp32()
    {
        var result = SpamClassifierSample.Run(TextWriter.Null, new SpamClassifierSample.Options(Epochs: 2));
        bool[] spam = SpamClassifierSample.Load(SpamClassifierSample.DefaultDirectory).Where(m => m.Test).Select(m => m.Spam).ToArray();
        float[] x = result.TestInputs;
        double Accuracy(float[] p) => p.Select((v, i) => v >= 0.5f == spam[i]).Count(ok => ok) / (double)spam.Length;

        double fp32 = Accuracy(result.Model.Predict(x));
        // Weight-only int8 calibrates nothing; the calibration rows are only checked.
        var int8 = result.Model.Quantize(x.AsSpan(0, 100 * SpamClassifierSample.SequenceLength));
        var predicted = new float[spam.Length];
        int8.Predict(x, predicted);
        double q = Accuracy(predicted);
        var f16 = result.Model.ToHalfWeights(HalfFormat.Float16);
        f16.Predict(x, predicted);
        double h = Accuracy(predicted);
        var bf16 = result.Model.ToHalfWeights(HalfFormat.BFloat16);
        bf16.Predict(x, predicted);
        double b = Accuracy(predicted);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"spam test accuracy ({spam.Length} mails): fp32 {fp32:P2}, int8 {q:P2}, float16 {h:P2}, bfloat16 {b:P2}; weight bytes int8 {int8.WeightBytes}, 16-bit {f16.WeightBytes}"));
        Assert.Equal(result.Accuracy, fp32, 6);
        Assert.InRange(fp32 - q, -0.005, 0.005);
        Assert.InRange(fp32 - h, -0.001, 0.001);
        Assert.InRange(fp32 - b, -0.001, 0.001);
    }

    [Fact]
    public void WeatherForecast_Int8And16Bit_MaeWithin002Degrees_OfFp32()
    {
        var result = WeatherForecastSample.Run(TextWriter.Null, new WeatherForecastSample.Options(Epochs: 20, PlotPath: Path.Combine(Path.GetTempPath(), $"gennet-weather-q-{Guid.NewGuid():N}.svg")));
        var (dates, days) = WeatherForecastSample.Load(WeatherForecastSample.DefaultPath);
        int testStart = Array.IndexOf(dates, WeatherForecastSample.TestStart);
        var (mean, std) = WeatherForecastSample.Statistics(days, testStart);
        int t = WeatherForecastSample.TempMax, f = WeatherForecastSample.FeatureCount;
        double Mae(float[] p) => p.Select((v, k) => Math.Abs(v * std[t] + mean[t] - days[(testStart + k) * f + t])).Average();

        float[] x = result.TestInputs;
        double fp32 = Mae(result.Model.Predict(x));
        var predicted = new float[result.TestWindows];
        result.Model.Quantize(x).Predict(x, predicted);
        double q = Mae(predicted);
        result.Model.ToHalfWeights(HalfFormat.Float16).Predict(x, predicted);
        double h = Mae(predicted);
        result.Model.ToHalfWeights(HalfFormat.BFloat16).Predict(x, predicted);
        double b = Mae(predicted);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"weather test MAE ({result.TestWindows} days): fp32 {fp32:0.0000} °C, int8 {q:0.0000}, float16 {h:0.0000}, bfloat16 {b:0.0000}; baseline {result.BaselineMae:0.0000}"));
        Assert.Equal(result.TestMae, fp32, 6);
        // 0.02 °C is 1% of the model's 2.08 °C error and a sixth of its margin over the persistence baseline (2.24 °C).
        Assert.InRange(Math.Abs(q - fp32), 0, 0.02);
        Assert.InRange(Math.Abs(h - fp32), 0, 0.02);
        Assert.InRange(Math.Abs(b - fp32), 0, 0.02);
    }
}
