using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace GenNet;

/// <summary>
/// Keras' progress output (keras/src/utils/progbar.py semantics, our code). verbose 1 on a terminal: a bar
/// rewritten in place with ETA, time per step and running metrics, throttled to one update per 0.05 s.
/// verbose 1 with redirected output: only each epoch's final line, without colour codes. verbose 2: one plain
/// "steps - time - time/step - metrics" line per epoch. verbose 0: nothing.
/// </summary>
internal sealed class ProgressBar
{
    private const int BarWidth = 20;
    private const double Interval = 0.05;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private readonly TextWriter _output;
    private int _steps;
    private readonly int _verbose;
    private readonly bool _dynamic;
    private readonly StringBuilder _line = new(256);
    private readonly long _start = Stopwatch.GetTimestamp();
    private long _afterFirstStep;
    private double _lastUpdate = double.NegativeInfinity;
    private int _previousWidth;

    public ProgressBar(TextWriter output, int steps, int verbose, bool dynamic)
    {
        _output = output;
        _steps = Math.Max(steps, 1);
        _verbose = verbose;
        _dynamic = dynamic;
    }

    /// <summary>An epoch whose data ran out ends at <paramref name="seen"/> steps: Keras then sets the bar's target to the steps seen.</summary>
    public void EndEarly(int seen) => _steps = Math.Max(seen, 1);

    /// <summary>Whether a terminal is attached, so the bar can be redrawn in place.</summary>
    public static bool IsDynamic(TextWriter output) => ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;

    /// <summary>Shows step <paramref name="step"/> (1-based) with the <paramref name="keys"/> of <paramref name="logs"/>; the final update ends the line.</summary>
    public void Update(int step, IReadOnlyDictionary<string, double> logs, string[] keys, bool finalize)
    {
        if (_verbose == 0) return;
        long now = Stopwatch.GetTimestamp();
        if (step == 1 && _afterFirstStep == 0) _afterFirstStep = now;
        double elapsed = Stopwatch.GetElapsedTime(_start, now).TotalSeconds;
        double perStep = step > 1 && _afterFirstStep != 0
            ? Stopwatch.GetElapsedTime(_afterFirstStep, now).TotalSeconds / (step - 1)
            : elapsed / Math.Max(step, 1);

        if (_verbose == 2 || !_dynamic)
        {
            if (finalize) WritePlain(step, elapsed, perStep, logs, keys, withBar: _verbose == 1);
            return;
        }
        if (!finalize && elapsed - _lastUpdate < Interval) return;
        _lastUpdate = elapsed;
        WriteDynamic(step, elapsed, perStep, logs, keys, finalize);
    }

    private void WriteDynamic(int step, double elapsed, double perStep, IReadOnlyDictionary<string, double> logs, string[] keys, bool finalize)
    {
        var s = _line.Clear();
        s.Append('\b', _previousWidth).Append('\r');
        int start = s.Length;
        s.Append("\x1b[1m").Append(Counter(step)).Append("\x1b[0m ");
        int filled = (int)(BarWidth * (double)step / _steps);
        if (filled > 0) s.Append("\x1b[32m").Append('━', filled).Append("\x1b[0m");
        s.Append("\x1b[37m").Append('━', BarWidth - filled).Append("\x1b[0m");
        s.Append(" \x1b[1m").Append(step < _steps ? Eta(perStep * (_steps - step)) : Seconds(elapsed)).Append("\x1b[0m ");
        s.Append(StepTime(perStep));
        AppendValues(s, logs, keys, plainFormat: false);
        int width = s.Length - start;
        if (_previousWidth > width) s.Append(' ', _previousWidth - width);
        _previousWidth = width;
        if (finalize)
        {
            s.Append('\n');
            _previousWidth = 0;
        }
        _output.Write(s);
        _output.Flush();
    }

    private void WritePlain(int step, double elapsed, double perStep, IReadOnlyDictionary<string, double> logs, string[] keys, bool withBar)
    {
        var s = _line.Clear();
        s.Append(Counter(step));
        if (withBar)
        {
            int filled = (int)(BarWidth * (double)step / _steps);
            s.Append(' ').Append('━', filled).Append('━', BarWidth - filled).Append(' ').Append(Seconds(elapsed)).Append(' ').Append(StepTime(perStep));
        }
        else
        {
            s.Append(" - ").Append(Seconds(elapsed)).Append(" - ").Append(StepTime(perStep));
        }
        AppendValues(s, logs, keys, plainFormat: !withBar);
        _output.WriteLine(s);
        _output.Flush();
    }

    private string Counter(int step) => step.ToString(Invariant).PadLeft(_steps.ToString(Invariant).Length) + "/" + _steps.ToString(Invariant);

    /// <summary>
    /// " - name: value" per entry: 4 decimals above 1e-3, else "1.6000e-04". verbose 2 compares the signed value
    /// (so negatives use the e-format), the bar its magnitude, as Keras does.
    /// </summary>
    private static void AppendValues(StringBuilder s, IReadOnlyDictionary<string, double> logs, string[] keys, bool plainFormat)
    {
        foreach (var key in keys)
        {
            s.Append(" - ").Append(key).Append(": ");
            s.Append(FormatValue(logs[key], plainFormat));
        }
    }

    internal static string FormatValue(double value, bool signedThreshold)
    {
        bool decimals = signedThreshold ? value > 1e-3 : Math.Abs(value) > 1e-3;
        if (double.IsNaN(value)) return "nan";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        return decimals ? value.ToString("0.0000", Invariant) : value.ToString("0.0000e+00", Invariant);
    }

    private static string Seconds(double seconds) => Math.Round(seconds, MidpointRounding.ToEven).ToString("0", Invariant) + "s";

    internal static string Eta(double eta)
    {
        if (eta > 3600)
            return $"{Math.Floor(eta / 3600).ToString("0", Invariant)}:{Math.Floor(eta % 3600 / 60).ToString("00", Invariant)}:{Math.Round(eta % 60, MidpointRounding.ToEven).ToString("00", Invariant)}";
        if (eta > 60)
            return $"{Math.Floor(eta / 60).ToString("0", Invariant)}:{Math.Round(eta % 60, MidpointRounding.ToEven).ToString("00", Invariant)}";
        return Seconds(eta);
    }

    internal static string StepTime(double perStep)
    {
        if (perStep >= 1 || perStep == 0) return Math.Round(perStep, MidpointRounding.ToEven).ToString("0", Invariant) + "s/step";
        if (perStep >= 1e-3) return Math.Round(perStep * 1e3, MidpointRounding.ToEven).ToString("0", Invariant) + "ms/step";
        return Math.Round(perStep * 1e6, MidpointRounding.ToEven).ToString("0", Invariant) + "us/step";
    }
}
