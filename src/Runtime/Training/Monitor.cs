namespace GenNet;

/// <summary>How a callback decides whether a monitored value improved (Keras' <c>mode</c>).</summary>
public enum MonitorMode
{
    /// <summary>Minimize losses; maximize metrics whose <see cref="Metric.HigherIsBetter"/> is set.</summary>
    Auto,
    /// <summary>Smaller is better.</summary>
    Min,
    /// <summary>Larger is better.</summary>
    Max,
}

internal static class Monitor
{
    /// <summary>
    /// Keras' "auto": a name that is "loss" once "val_" is dropped is minimized, a compiled metric follows its own
    /// direction, and any other name is an error (it could never be found in the logs).
    /// </summary>
    public static bool HigherIsBetter(Model model, string monitor, MonitorMode mode)
    {
        if (mode != MonitorMode.Auto) return mode == MonitorMode.Max;
        string name = monitor.StartsWith("val_", StringComparison.Ordinal) ? monitor[4..] : monitor;
        if (name == "loss") return false;
        // Several outputs log "<output>_loss" and "<output>_<metric>".
        if (model.Info.Outputs.Length > 1 && model.Info.Outputs.FirstOrDefault(o => name.StartsWith(o.Name + "_", StringComparison.Ordinal)) is { } output)
        {
            name = name[(output.Name.Length + 1)..];
            if (name == "loss") return false;
            foreach (var metric in model.MetricsFor(output.Name))
                if (metric.Name == name) return metric.HigherIsBetter;
        }
        foreach (var metric in model.CompiledMetrics)
            if (metric.Name == name) return metric.HigherIsBetter;
        throw new ArgumentException(
            $"Cannot monitor '{monitor}': expected \"loss\", \"val_loss\" or a compiled metric ({string.Join(", ", model.CompiledMetrics.Select(m => m.Name))}), optionally with \"val_\".",
            nameof(monitor));
    }

    /// <summary>Whether <paramref name="current"/> beats <paramref name="reference"/> by more than <paramref name="minDelta"/>.</summary>
    public static bool IsImprovement(double current, double reference, double minDelta, bool higherIsBetter) =>
        higherIsBetter ? current - Math.Abs(minDelta) > reference : current + Math.Abs(minDelta) < reference;
}
