using System.Globalization;
using System.Text;
using GenNet.Serialization;

namespace GenNet;

/// <summary>
/// Draws a <see cref="History"/> as a self-contained SVG, the picture Keras users make with matplotlib: one panel for
/// <c>loss</c> and one for the first metric (e.g. <c>accuracy</c>), training solid, <c>val_</c> dashed, per epoch.
/// Written by hand so the runtime keeps no plotting dependency and stays AOT/trim-compatible.
/// </summary>
public sealed partial class History
{
    private const double PanelWidth = 480, Height = 420, TitleHeight = 40;
    private const double PlotLeft = 68, PlotRight = 24, PlotTop = 40, PlotBottom = 56; // margins inside a panel (below the title)
    private const string TrainColor = "#1f77b4", ValidationColor = "#ff7f0e";

    /// <summary>
    /// The history as SVG text: a panel for <c>loss</c> and, when logged, one for the first metric (keys other than
    /// <c>loss</c>, <c>learning_rate</c> and <c>val_</c> ones); training values solid, validation values dashed.
    /// Non-finite values (NaN, infinity) are left out. Numbers are written in the invariant culture.
    /// </summary>
    public string ToSvg()
    {
        var panels = new List<string> { "loss" };
        string? metric = _values.Keys.FirstOrDefault(k => k != "loss" && k != "learning_rate" && k != "lr" && !k.StartsWith("val_", StringComparison.Ordinal));
        if (metric is null) // only validation metrics logged: still show them
        {
            string? val = _values.Keys.FirstOrDefault(k => k.StartsWith("val_", StringComparison.Ordinal) && k != "val_loss");
            if (val is not null) metric = val["val_".Length..];
        }
        if (metric is not null) panels.Add(metric);

        double width = PanelWidth * panels.Count;
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{Height}\" viewBox=\"0 0 {width} {Height}\" font-family=\"DejaVu Sans, Arial, Helvetica, sans-serif\" font-size=\"12\">\n"));
        svg.Append(Invariant($"<rect x=\"0\" y=\"0\" width=\"{width}\" height=\"{Height}\" fill=\"white\"/>\n"));
        int epochs = _epochs.Count;
        svg.Append(Invariant($"<text class=\"title\" x=\"{width / 2}\" y=\"26\" text-anchor=\"middle\" font-size=\"17\" font-weight=\"bold\">Training history ({epochs} epoch{(epochs == 1 ? "" : "s")})</text>\n"));
        for (int p = 0; p < panels.Count; p++) AppendPanel(svg, panels[p], p * PanelWidth);
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    /// <summary>
    /// Writes <see cref="ToSvg"/> to <paramref name="path"/> (UTF-8), replacing the file all at once: a failure
    /// leaves any previous file untouched.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The directory of <paramref name="path"/> does not exist.</exception>
    public void SaveSvg(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new ArgumentException($"Cannot write the history plot: '{path}' is not a valid file path ({e.Message}).", nameof(path), e);
        }
        string? directory = Path.GetDirectoryName(full);
        if (directory is null || Directory.Exists(full))
            throw new ArgumentException($"Cannot write the history plot: '{path}' names a directory, not a file.", nameof(path));
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"Cannot write the history plot to '{path}': the directory '{directory}' does not exist.");
        byte[] bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(ToSvg());
        AtomicFile.Write(full, stream => stream.Write(bytes));
    }

    private void AppendPanel(StringBuilder svg, string key, double offsetX)
    {
        var series = new List<(string Key, string Label, string Color, bool Dashed, List<(double X, double Y)> Points)>();
        foreach (var (k, label, color, dashed) in new[] { (key, "train", TrainColor, false), ("val_" + key, "validation", ValidationColor, true) })
            if (_values.TryGetValue(k, out var values)) series.Add((k, label, color, dashed, FinitePoints(values)));

        double left = offsetX + PlotLeft, right = offsetX + PanelWidth - PlotRight;
        double top = TitleHeight + PlotTop, bottom = Height - PlotBottom;

        // Axes: x covers the epochs (1-based), y the finite values, both rounded out to 1-2-5 ticks.
        int lastEpoch = Math.Max(1, _epochs.Count == 0 ? series.Select(s => s.Points.Count).DefaultIfEmpty(0).Max() : _epochs[^1] + 1);
        int firstEpoch = _epochs.Count == 0 ? 1 : _epochs[0] + 1;
        var ys = series.SelectMany(s => s.Points).Select(pt => pt.Y).ToList();
        double yMin = ys.Count == 0 ? 0 : ys.Min(), yMax = ys.Count == 0 ? 1 : ys.Max();
        if (yMax - yMin <= Math.Max(Math.Abs(yMax), 1) * 1e-12)
        {
            double pad = yMin == 0 ? 1 : Math.Abs(yMin) * 0.1;
            yMin -= pad;
            yMax += pad;
        }
        double margin = (yMax - yMin) * 0.03; // keep the extreme markers off the frame
        yMin -= margin;
        yMax += margin;
        double yStep = NiceStep((yMax - yMin) / 5);
        double y0 = Math.Floor(yMin / yStep + 1e-9) * yStep, y1 = Math.Ceiling(yMax / yStep - 1e-9) * yStep;
        int xStep = Math.Max(1, (int)NiceStep((lastEpoch - firstEpoch) / 8.0));
        double x0 = firstEpoch, x1 = lastEpoch;
        if (x1 - x0 < 1) { x0 -= 0.5; x1 += 0.5; } // one epoch: its point in the middle
        else { double pad = (x1 - x0) * 0.03; x0 -= pad; x1 += pad; }

        double X(double epoch) => left + (epoch - x0) / (x1 - x0) * (right - left);
        double Y(double value) => bottom - (value - y0) / (y1 - y0) * (bottom - top);

        svg.Append(Invariant($"<g class=\"panel\" data-key=\"{Escape(key)}\">\n"));
        svg.Append(Invariant($"<text class=\"panel-title\" x=\"{left:0.##}\" y=\"{top - 10:0.##}\" text-anchor=\"start\" font-size=\"14\" font-weight=\"bold\">{Escape(key)}</text>\n"));

        // Grid and tick labels.
        int decimals = Math.Max(0, -(int)Math.Floor(Math.Log10(yStep) + 1e-9));
        for (int i = 0; ; i++)
        {
            double v = y0 + i * yStep;
            if (v > y1 + yStep * 1e-6) break;
            double y = Y(v);
            svg.Append(Invariant($"<line x1=\"{left:0.##}\" y1=\"{y:0.##}\" x2=\"{right:0.##}\" y2=\"{y:0.##}\" stroke=\"#e5e5e5\"/>\n"));
            string label = Math.Round(v, decimals).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            if (label.StartsWith('-') && label.Trim('-', '0', '.').Length == 0) label = label[1..]; // "-0.00"
            svg.Append(Invariant($"<text class=\"ytick\" x=\"{left - 6:0.##}\" y=\"{y + 4:0.##}\" text-anchor=\"end\">{label}</text>\n"));
        }
        var xTicks = Enumerable.Range(firstEpoch, lastEpoch - firstEpoch + 1).Where(e => e == firstEpoch || e % xStep == 0);
        foreach (int e in xTicks)
        {
            double x = X(e);
            svg.Append(Invariant($"<line x1=\"{x:0.##}\" y1=\"{top:0.##}\" x2=\"{x:0.##}\" y2=\"{bottom:0.##}\" stroke=\"#f0f0f0\"/>\n"));
            svg.Append(Invariant($"<line x1=\"{x:0.##}\" y1=\"{bottom:0.##}\" x2=\"{x:0.##}\" y2=\"{bottom + 5:0.##}\" stroke=\"#333\"/>\n"));
            svg.Append(Invariant($"<text class=\"xtick\" x=\"{x:0.##}\" y=\"{bottom + 19:0.##}\" text-anchor=\"middle\">{e}</text>\n"));
        }
        svg.Append(Invariant($"<rect x=\"{left:0.##}\" y=\"{top:0.##}\" width=\"{right - left:0.##}\" height=\"{bottom - top:0.##}\" fill=\"none\" stroke=\"#333\"/>\n"));
        svg.Append(Invariant($"<text class=\"xlabel\" x=\"{(left + right) / 2:0.##}\" y=\"{Height - 14}\" text-anchor=\"middle\" font-size=\"13\">epoch</text>\n"));
        double ly = (top + bottom) / 2, lx = offsetX + 18;
        svg.Append(Invariant($"<text class=\"ylabel\" x=\"{lx:0.##}\" y=\"{ly:0.##}\" text-anchor=\"middle\" font-size=\"13\" transform=\"rotate(-90 {lx:0.##} {ly:0.##})\">{Escape(key)}</text>\n"));

        // The series, validation first so a training point on the same spot stays visible inside its (larger) ring.
        foreach (var s in Enumerable.Reverse(series))
        {
            string dash = s.Dashed ? " stroke-dasharray=\"7 4\"" : "";
            var points = string.Join(" ", s.Points.Select(pt => Invariant($"{X(pt.X):0.##},{Y(pt.Y):0.##}")));
            svg.Append(Invariant($"<polyline class=\"series\" data-key=\"{Escape(s.Key)}\" points=\"{points}\" fill=\"none\" stroke=\"{s.Color}\" stroke-width=\"2\"{dash}/>\n"));
            foreach (var pt in s.Points)
                svg.Append(Invariant($"<circle class=\"marker\" data-key=\"{Escape(s.Key)}\" cx=\"{X(pt.X):0.##}\" cy=\"{Y(pt.Y):0.##}\" r=\"{(s.Dashed ? "4.5" : "3.5")}\" fill=\"{(s.Dashed ? "white" : s.Color)}\" stroke=\"{s.Color}\" stroke-width=\"1.5\"/>\n"));
        }
        if (ys.Count == 0)
            svg.Append(Invariant($"<text class=\"no-data\" x=\"{(left + right) / 2:0.##}\" y=\"{ly:0.##}\" text-anchor=\"middle\" fill=\"#888\">no finite values</text>\n"));

        // Legend: above the plot, right-aligned, outside the data.
        double legendX = right - 110 * series.Count + 6, legendY = top - 14;
        foreach (var s in series)
        {
            string dash = s.Dashed ? " stroke-dasharray=\"7 4\"" : "";
            svg.Append(Invariant($"<g class=\"legend\" data-key=\"{Escape(s.Key)}\"><line x1=\"{legendX:0.##}\" y1=\"{legendY:0.##}\" x2=\"{legendX + 28:0.##}\" y2=\"{legendY:0.##}\" stroke=\"{s.Color}\" stroke-width=\"2\"{dash}/>"));
            svg.Append(Invariant($"<circle cx=\"{legendX + 14:0.##}\" cy=\"{legendY:0.##}\" r=\"{(s.Dashed ? "4.5" : "3.5")}\" fill=\"{(s.Dashed ? "white" : s.Color)}\" stroke=\"{s.Color}\" stroke-width=\"1.5\"/>"));
            svg.Append(Invariant($"<text x=\"{legendX + 34:0.##}\" y=\"{legendY + 4:0.##}\">{s.Label}</text></g>\n"));
            legendX += 110;
        }
        svg.Append("</g>\n");
    }

    /// <summary>(1-based epoch, value) for every finite value.</summary>
    private List<(double X, double Y)> FinitePoints(List<double> values)
    {
        var points = new List<(double, double)>(values.Count);
        for (int i = 0; i < values.Count; i++)
            if (double.IsFinite(values[i]))
                points.Add((i < _epochs.Count ? _epochs[i] + 1 : i + 1, values[i]));
        return points;
    }

    /// <summary>The 1, 2 or 5 times a power of ten nearest above <paramref name="rough"/>.</summary>
    private static double NiceStep(double rough)
    {
        if (!(rough > 0) || !double.IsFinite(rough)) return 1;
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        double f = rough / magnitude;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * magnitude;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Escape(string text) =>
        text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");
}
