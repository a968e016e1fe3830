using System.Globalization;
using System.Text;

namespace GenNet;

/// <summary>
/// Keras <c>ModelCheckpoint</c>: saves the weights (safetensors, written atomically, so an interrupted save never
/// damages the previous file) at the end of every epoch, or only when <see cref="Monitor"/> improves with
/// <c>saveBestOnly</c>. The path may contain <c>{epoch}</c> (1-based) and log keys with an optional format,
/// e.g. <c>"ckpt-{epoch:00}-{val_loss:0.0000}.safetensors"</c>.
/// </summary>
public sealed class ModelCheckpoint(
    string filepath,
    string monitor = "val_loss",
    int verbose = 0,
    bool saveBestOnly = false,
    MonitorMode mode = MonitorMode.Auto,
    double? initialValueThreshold = null) : Callback
{
    private bool _higherIsBetter;
    private double? _best;

    /// <summary>The monitored log key.</summary>
    public string Monitor { get; } = monitor;

    /// <summary>The path template.</summary>
    public string FilePath { get; } = filepath ?? throw new ArgumentNullException(nameof(filepath));

    /// <summary>The best monitored value so far (null before the first save with saveBestOnly).</summary>
    public double? Best => _best;

    /// <inheritdoc/>
    public override void OnTrainBegin()
    {
        _higherIsBetter = GenNet.Monitor.HigherIsBetter(Model, Monitor, mode);
        _best = initialValueThreshold;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        string path = FormatPath(epoch, logs);
        if (!saveBestOnly)
        {
            if (verbose > 0) Model.Output.WriteLine($"\nEpoch {epoch + 1}: saving model to {path}");
            Model.Save(path);
            return;
        }
        if (!logs.TryGetValue(Monitor, out double current))
        {
            Model.Output.WriteLine($"Can save best model only with {Monitor} available, skipping.");
            return;
        }
        if (_best is null || GenNet.Monitor.IsImprovement(current, _best.Value, 0, _higherIsBetter))
        {
            if (verbose > 0)
                Model.Output.WriteLine($"\nEpoch {epoch + 1}: {Monitor} improved from {Repr(_best)} to {Repr(current)}, saving model to {path}");
            Model.Save(path);
            _best = current;
        }
        else if (verbose > 0)
        {
            Model.Output.WriteLine($"\nEpoch {epoch + 1}: {Monitor} did not improve from {Repr(_best)}");
        }
    }

    /// <summary>Fills <c>{epoch}</c> (1-based) and <c>{key}</c> / <c>{key:format}</c> from the epoch logs.</summary>
    internal string FormatPath(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        var s = new StringBuilder();
        for (int i = 0; i < FilePath.Length; i++)
        {
            char c = FilePath[i];
            int close = c == '{' ? FilePath.IndexOf('}', i) : -1;
            if (close < 0)
            {
                s.Append(c);
                continue;
            }
            string field = FilePath[(i + 1)..close];
            int colon = field.IndexOf(':');
            string key = colon < 0 ? field : field[..colon];
            string? format = colon < 0 ? null : field[(colon + 1)..];
            if (key == "epoch") s.Append((epoch + 1).ToString(format, CultureInfo.InvariantCulture));
            else if (logs.TryGetValue(key, out double value)) s.Append(value.ToString(format, CultureInfo.InvariantCulture));
            else throw new ArgumentException(
                $"ModelCheckpoint path '{FilePath}' names '{{{key}}}', which is not in the epoch logs; expected 'epoch' or one of: {string.Join(", ", logs.Keys)}.");
            i = close;
        }
        return s.ToString();
    }

    private static string Repr(double? value) =>
        value is null ? "None" : value.Value.ToString("0.00000", CultureInfo.InvariantCulture); // Keras: {best:.5f}
}
