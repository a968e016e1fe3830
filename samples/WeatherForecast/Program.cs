// Forecasting tomorrow's maximum temperature in Seattle from the previous 14 days (vega-datasets' seattle-weather.csv):
// Timeseries.Windows -> Conv1D(32, 3, causal, relu) -> GRU(32) -> Dense(1), Adam, mse; test MAE in °C beside the persistence baseline (tomorrow = today).
// Usage: WeatherForecast [--epochs N] [--seed N]
using Tutorials.WeatherForecast;

var options = WeatherForecastSample.Options.Parse(args);
WeatherForecastSample.Run(Console.Out, options);
