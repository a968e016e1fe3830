using System.Globalization;
using System.Text;
using GenNet;
using GenNet.Data;

namespace Tutorials.WeatherForecast;

/// <summary>
/// 14 days of (precipitation, temp_max, temp_min, wind), normalized, in; tomorrow's normalized temp_max out. A causal
/// Conv1D reads each day with the two before it (32 local patterns per day), a GRU summarizes the 14 days.
/// </summary>
[Sequential(WeatherForecastSample.WindowDays, WeatherForecastSample.FeatureCount)]
[Conv1D(32, 3, Padding = "causal", Activation = Act.Relu)]
[GRU(32)]
[Dense(1)]
public partial class TemperatureForecaster { }

/// <summary>
/// The time-series tutorial on real data: Seattle's daily weather 2012–2015 (1,461 days, npm vega-datasets 3.2.1,
/// <c>data/seattle-weather.csv</c>). Each sample is a window of the previous <see cref="WindowDays"/> days' four
/// measurements; the label is the next day's maximum temperature. The split is chronological: 2012–2014 train,
/// 2015 tests. Features and label are normalized with the training days' mean and standard deviation only; the test MAE
/// is reported in °C beside the persistence baseline (tomorrow's maximum = today's).
/// </summary>
/// <remarks>
/// The windows come from <see cref="Timeseries.Windows"/> over one normalized array of every day but the last (which is
/// only ever a label) with the labels shifted by the window length, as Keras' own docstring example does: window i covers
/// days i … i + 13 and its label is day i + 14's temp_max. Training windows end with the training period
/// (<c>EndIndex</c>), test windows start 14 days before the first test day (<c>StartIndex</c>), so the first test day is
/// predicted from the last 14 training days, as a forecast made on 2014-12-31 would be.
/// </remarks>
public static class WeatherForecastSample
{
    /// <summary>Days per window.</summary>
    public const int WindowDays = 14;

    /// <summary>Measurements per day: precipitation (mm), temp_max (°C), temp_min (°C), wind (m/s).</summary>
    public const int FeatureCount = 4;

    /// <summary>Column of temp_max among the features.</summary>
    public const int TempMax = 1;

    /// <summary>The first day of the test period (chronological split).</summary>
    public static readonly DateOnly TestStart = new(2015, 1, 1);

    /// <summary>Command-line options.</summary>
    /// <param name="Epochs">Training epochs.</param>
    /// <param name="BatchSize">Windows per step.</param>
    /// <param name="Seed">Seed of the weights and the per-epoch shuffling.</param>
    /// <param name="Path">The CSV; null: <see cref="DefaultPath"/>.</param>
    /// <param name="PlotPath">Where to write the SVG of predicted against true temp_max over the test days.</param>
    public sealed record Options(int Epochs = 30, int BatchSize = 32, int Seed = 1, string? Path = null, string PlotPath = "weather-forecast.svg")
    {
        /// <summary>Parses <c>--epochs N --seed N --data PATH --plot PATH</c>.</summary>
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
                    "--data" => options with { Path = value },
                    "--plot" => options with { PlotPath = value },
                    _ => throw new ArgumentException($"Unknown option '{args[i]}'. Usage: WeatherForecast [--epochs N] [--seed N] [--data PATH] [--plot PATH]"),
                };
                i++;
            }
            return options;
        }
    }

    /// <summary>What a run measured.</summary>
    /// <param name="TestMae">The model's mean absolute error on the test days, °C.</param>
    /// <param name="BaselineMae">Persistence (tomorrow = today) on the same days, °C.</param>
    /// <param name="TrainWindows">Training windows.</param>
    /// <param name="TestWindows">Test windows (one per test day).</param>
    /// <param name="History">The training history (normalized units).</param>
    /// <param name="Model">The trained model.</param>
    /// <param name="TestInputs">The test windows, row after row (normalized), as the model reads them.</param>
    public sealed record Result(double TestMae, double BaselineMae, int TrainWindows, int TestWindows, History History, TemperatureForecaster Model, float[] TestInputs);

    /// <summary>Where install-data.sh puts the file: <c>&lt;root&gt;/vega-datasets/package/data/seattle-weather.csv</c>.</summary>
    public static string DefaultPath => System.IO.Path.Combine(DataPaths.Root, "vega-datasets", "package", "data", "seattle-weather.csv");

    /// <summary>Trains and tests; the last line printed is the test MAE beside the baseline.</summary>
    public static Result Run(TextWriter output, Options options)
    {
        var (dates, days) = Load(options.Path ?? DefaultPath);
        int n = dates.Length;
        int testStart = Array.IndexOf(dates, TestStart);
        if (testStart <= WindowDays) throw new InvalidDataException($"Expected days before and after {TestStart:yyyy-MM-dd}, got {dates[0]:yyyy-MM-dd} … {dates[^1]:yyyy-MM-dd}.");
        var (mean, std) = Statistics(days, testStart);

        // Every day but the last, normalized with the training statistics; label row i = day i + 14's normalized temp_max.
        float[] data = new float[(n - 1) * FeatureCount];
        for (int d = 0; d < n - 1; d++)
            for (int f = 0; f < FeatureCount; f++)
                data[d * FeatureCount + f] = (float)((days[d * FeatureCount + f] - mean[f]) / std[f]);
        float[] labels = new float[n - WindowDays];
        for (int i = 0; i < labels.Length; i++) labels[i] = (float)((days[(i + WindowDays) * FeatureCount + TempMax] - mean[TempMax]) / std[TempMax]);

        // Training windows: labels on days 14 … testStart − 1. Test windows: labels on days testStart … n − 1.
        var train = Timeseries.Windows(data, FeatureCount, labels, WindowDays, BatchSize: options.BatchSize, EndIndex: testStart - 1);
        var test = Timeseries.Windows(data, FeatureCount, labels, WindowDays, BatchSize: options.BatchSize, StartIndex: testStart - WindowDays);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Seattle weather: {n} days {dates[0]:yyyy-MM-dd} … {dates[^1]:yyyy-MM-dd}; {train.Count} training windows (to {dates[testStart - 1]:yyyy-MM-dd}), {test.Count} test windows ({TestStart:yyyy}) of {WindowDays} days × {FeatureCount} features"));

        var model = Build(options.Seed);
        var history = model.Fit(train, epochs: options.Epochs, batchSize: options.BatchSize, verbose: 0);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"trained {options.Epochs} epochs: training loss {history["loss"][0]:0.0000} → {history["loss"][^1]:0.0000} (normalized mse)"));

        // Test MAE in °C: predictions and labels back through the training statistics.
        var x = new float[test.Count * test.InputSize];
        var y = new float[test.Count];
        test.BeginPass(null);
        test.Read(0, test.Count, x, y, default);
        float[] predicted = model.Predict(x, batchSize: 256);
        double modelError = 0, baselineError = 0;
        var truths = new double[test.Count];
        var forecasts = new double[test.Count];
        for (int k = 0; k < test.Count; k++)
        {
            int day = testStart + k;
            truths[k] = days[day * FeatureCount + TempMax];
            forecasts[k] = predicted[k] * std[TempMax] + mean[TempMax];
            modelError += Math.Abs(forecasts[k] - truths[k]);
            baselineError += Math.Abs(days[(day - 1) * FeatureCount + TempMax] - truths[k]);
        }
        double mae = modelError / test.Count, baseline = baselineError / test.Count;
        File.WriteAllText(options.PlotPath, PlotSvg(truths, forecasts, $"Seattle daily maximum temperature {TestStart:yyyy}: forecast (MAE {mae.ToString("0.00", CultureInfo.InvariantCulture)} °C) against truth"));
        output.WriteLine($"forecast against truth plotted to {System.IO.Path.GetFullPath(options.PlotPath)}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test MAE (°C): {mae:0.0000}  persistence baseline: {baseline:0.0000}"));
        return new Result(mae, baseline, train.Count, test.Count, history, model, x);
    }

    /// <summary>
    /// A self-contained SVG line chart of <paramref name="truth"/> (solid) and <paramref name="forecast"/> (dashed) per test
    /// day, in °C, with horizontal grid lines every 5 °C; numbers in the invariant culture.
    /// </summary>
    public static string PlotSvg(double[] truth, double[] forecast, string title)
    {
        const double width = 960, height = 420, left = 56, right = 20, top = 48, bottom = 44;
        double low = 5 * Math.Floor(Math.Min(truth.Min(), forecast.Min()) / 5), high = 5 * Math.Ceiling(Math.Max(truth.Max(), forecast.Max()) / 5);
        if (high <= low) high = low + 5;
        double X(int k) => left + (width - left - right) * k / Math.Max(1, truth.Length - 1);
        double Y(double v) => top + (height - top - bottom) * (high - v) / (high - low);
        string Line(double[] values) => string.Join(' ', values.Select((v, k) => string.Create(CultureInfo.InvariantCulture, $"{X(k):0.0},{Y(v):0.0}")));
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"12\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{width / 2}\" y=\"26\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">{System.Security.SecurityElement.Escape(title)}</text>\n");
        for (double v = low; v <= high; v += 5)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" x2=\"{width - right}\" y1=\"{Y(v):0.0}\" y2=\"{Y(v):0.0}\" stroke=\"#ddd\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{Y(v) + 4:0.0}\" text-anchor=\"end\">{v:0} °C</text>\n");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{(left + width - right) / 2}\" y=\"{height - 12}\" text-anchor=\"middle\">test day ({truth.Length} days)</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"truth\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.2\" points=\"{Line(truth)}\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"forecast\" fill=\"none\" stroke=\"#ff7f0e\" stroke-width=\"1.2\" stroke-dasharray=\"4 2\" points=\"{Line(forecast)}\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + 10}\" y=\"{top + 14}\" fill=\"#1f77b4\">— truth</text><text x=\"{left + 80}\" y=\"{top + 14}\" fill=\"#ff7f0e\">- - forecast</text>\n");
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    /// <summary>Adam (Keras defaults), mean squared error, mae.</summary>
    public static TemperatureForecaster Build(int seed)
    {
        var model = new TemperatureForecaster(seed);
        model.Compile("mse", new Adam(), metrics: ["mae"]);
        return model;
    }

    /// <summary>
    /// Reads <c>date,precipitation,temp_max,temp_min,wind,weather</c> rows: the dates and, row-major, the four measurements
    /// per day. Days must follow each other without gaps (the windows assume one row per day).
    /// </summary>
    /// <exception cref="FileNotFoundException">No file (the message says how to install it).</exception>
    /// <exception cref="InvalidDataException">A header, value or date that is not the vega-datasets file's, naming the line.</exception>
    public static (DateOnly[] Dates, double[] Days) Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Seattle weather: expected {path}; run scripts/install-data.sh, or: npm pack vega-datasets@3.2.1 && mkdir -p data/vega-datasets && tar -xzf vega-datasets-3.2.1.tgz -C data/vega-datasets package/data/seattle-weather.csv", path);
        string[] lines = File.ReadAllLines(path);
        const string header = "date,precipitation,temp_max,temp_min,wind,weather";
        if (lines.Length < 2 || lines[0].Trim() != header) throw new InvalidDataException($"{path}, line 1: expected the header '{header}'.");
        var dates = new List<DateOnly>();
        var days = new List<double>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            string[] cells = lines[i].Split(',');
            if (cells.Length != 6 || !DateOnly.TryParseExact(cells[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                throw new InvalidDataException($"{path}, line {i + 1}: expected a date and five values, got '{lines[i]}'.");
            if (dates.Count > 0 && date != dates[^1].AddDays(1))
                throw new InvalidDataException($"{path}, line {i + 1}: expected {dates[^1].AddDays(1):yyyy-MM-dd} (one row per day), got {date:yyyy-MM-dd}.");
            dates.Add(date);
            for (int c = 1; c <= FeatureCount; c++)
            {
                if (!double.TryParse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
                    throw new InvalidDataException($"{path}, line {i + 1}, column {c + 1}: expected a number, got '{cells[c]}'.");
                days.Add(value);
            }
        }
        return ([.. dates], [.. days]);
    }

    /// <summary>Per feature, the mean and population standard deviation of the first <paramref name="trainingDays"/> days.</summary>
    public static (double[] Mean, double[] Std) Statistics(double[] days, int trainingDays)
    {
        var mean = new double[FeatureCount];
        var std = new double[FeatureCount];
        for (int f = 0; f < FeatureCount; f++)
        {
            double sum = 0, squares = 0;
            for (int d = 0; d < trainingDays; d++) sum += days[d * FeatureCount + f];
            mean[f] = sum / trainingDays;
            for (int d = 0; d < trainingDays; d++) squares += (days[d * FeatureCount + f] - mean[f]) * (days[d * FeatureCount + f] - mean[f]);
            std[f] = Math.Sqrt(squares / trainingDays);
        }
        return (mean, std);
    }
}
