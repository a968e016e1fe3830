using System.Globalization;
using System.Xml.Linq;

namespace GenNet.Tests.Training;

/// <summary><see cref="History.ToSvg"/> / <see cref="History.SaveSvg"/>: well-formed SVG with one line per logged series.</summary>
public class HistoryPlotTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static History Make(params (string Key, double[] Values)[] series)
    {
        var history = new History();
        int epochs = series.Max(s => s.Values.Length);
        for (int e = 0; e < epochs; e++)
            history.OnEpochEnd(e, series.Where(s => e < s.Values.Length).ToDictionary(s => s.Key, s => s.Values[e]));
        return history;
    }

    private static History Typical(int epochs) => Make(
        ("loss", Enumerable.Range(0, epochs).Select(i => 1.0 / (i + 1)).ToArray()),
        ("accuracy", Enumerable.Range(0, epochs).Select(i => 0.5 + 0.04 * i).ToArray()),
        ("val_loss", Enumerable.Range(0, epochs).Select(i => 1.1 / (i + 1)).ToArray()),
        ("val_accuracy", Enumerable.Range(0, epochs).Select(i => 0.48 + 0.04 * i).ToArray()));

    private static XElement Parse(History history) => XDocument.Parse(history.ToSvg()).Root!;

    private static Dictionary<string, (double X, double Y)[]> Polylines(XElement root) =>
        root.Descendants(Svg + "polyline").ToDictionary(
            p => (string)p.Attribute("data-key")!,
            p => ((string)p.Attribute("points")!).Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(pt => pt.Split(','))
                .Select(xy => (double.Parse(xy[0], CultureInfo.InvariantCulture), double.Parse(xy[1], CultureInfo.InvariantCulture)))
                .ToArray());

    private static string[] Texts(XElement root, string cls) =>
        root.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == cls).Select(t => t.Value).ToArray();

    [Fact]
    public void ToSvg_TypicalHistory_OnePolylinePerSeries_WithAPointPerEpoch()
    {
        var root = Parse(Typical(5));
        Assert.Equal("svg", root.Name.LocalName);
        var lines = Polylines(root);
        Assert.Equal(["accuracy", "loss", "val_accuracy", "val_loss"], lines.Keys.Order(StringComparer.Ordinal));
        Assert.All(lines.Values, points => Assert.Equal(5, points.Length));
        Assert.All(lines.Values, points => Assert.True(points.Zip(points.Skip(1)).All(p => p.First.X < p.Second.X)));
        // Loss falls, so its line goes down the picture (y grows downwards in SVG).
        Assert.True(lines["loss"][^1].Y > lines["loss"][0].Y);
        Assert.True(lines["accuracy"][^1].Y < lines["accuracy"][0].Y);
        // Validation dashed, training solid.
        var polylines = root.Descendants(Svg + "polyline").ToDictionary(p => (string)p.Attribute("data-key")!);
        Assert.NotNull(polylines["val_loss"].Attribute("stroke-dasharray"));
        Assert.Null(polylines["loss"].Attribute("stroke-dasharray"));
        Assert.Equal(20, root.Descendants(Svg + "circle").Count(c => (string?)c.Attribute("class") == "marker"));
    }

    [Fact]
    public void ToSvg_TypicalHistory_HasTitleAxisLabelsTicksAndLegend()
    {
        var root = Parse(Typical(5));
        Assert.Contains("Training history (5 epochs)", Texts(root, "title"));
        Assert.Equal(["loss", "accuracy"], Texts(root, "panel-title"));
        Assert.Equal(["epoch", "epoch"], Texts(root, "xlabel"));
        Assert.Equal(["loss", "accuracy"], Texts(root, "ylabel"));
        Assert.Equal(["1", "2", "3", "4", "5", "1", "2", "3", "4", "5"], Texts(root, "xtick"));
        string[] yticks = Texts(root, "ytick");
        Assert.True(yticks.Length >= 6, string.Join(" ", yticks));
        Assert.All(yticks, t => Assert.DoesNotContain(",", t));
        // Loss goes 0.2 .. 1.1: ticks on a 0.2 grid covering it.
        Assert.Contains("0.2", yticks);
        Assert.Contains("1.2", yticks);
        var legend = root.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "legend").Select(g => g.Value).ToArray();
        Assert.Equal(["train", "validation", "train", "validation"], legend);
    }

    [Fact]
    public void ToSvg_IsCultureInvariant()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            // The tests run in globalization-invariant mode: a hand-made culture with a decimal comma and an odd minus.
            var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            comma.NumberFormat.NumberDecimalSeparator = ",";
            comma.NumberFormat.NumberGroupSeparator = ".";
            comma.NumberFormat.NegativeSign = "\u2212";
            CultureInfo.CurrentCulture = comma;
            string german = Make(("loss", [-1.5, -0.25, 2.75]), ("accuracy", [0.1, 0.2, 0.3])).ToSvg();
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            Assert.Equal(Make(("loss", [-1.5, -0.25, 2.75]), ("accuracy", [0.1, 0.2, 0.3])).ToSvg(), german);
            Assert.Contains(">-2<", german); // a y tick, with an ASCII minus
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void ToSvg_NonFiniteValues_AreSkipped()
    {
        var root = Parse(Make(("loss", [1.0, double.NaN, 0.5, double.PositiveInfinity, 0.25])));
        var loss = Polylines(root)["loss"];
        Assert.Equal(3, loss.Length);
        Assert.DoesNotContain("NaN", root.ToString());
        Assert.DoesNotContain("Infinity", root.ToString());
        Assert.Equal(["1", "2", "3", "4", "5"], Texts(root, "xtick")); // the axis still spans every epoch
    }

    [Fact]
    public void ToSvg_OneEpoch_DrawsOnePointPerSeries()
    {
        var root = Parse(Typical(1));
        Assert.Contains("Training history (1 epoch)", Texts(root, "title"));
        Assert.All(Polylines(root).Values, points => Assert.Single(points));
        Assert.Equal(["1", "1"], Texts(root, "xtick"));
        Assert.All(Polylines(root).Values, p => Assert.True(double.IsFinite(p[0].X) && double.IsFinite(p[0].Y)));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-3.5)]
    public void ToSvg_ConstantSeries_HasANonEmptyAxisAroundTheValue(double value)
    {
        var root = Parse(Make(("loss", [value, value, value])));
        var loss = Polylines(root)["loss"];
        Assert.Equal(3, loss.Length);
        Assert.All(loss, p => Assert.True(double.IsFinite(p.Y)));
        double[] ticks = Texts(root, "ytick").Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        Assert.True(ticks.Length >= 2);
        Assert.True(ticks.Min() < value && ticks.Max() > value, string.Join(" ", ticks));
    }

    [Fact]
    public void ToSvg_LossOnly_OnePanel_AndOnlyValidationKeysMissing()
    {
        var root = Parse(Make(("loss", [0.9, 0.7, 0.6])));
        Assert.Equal(["loss"], Texts(root, "panel-title"));
        Assert.Equal(["loss"], Polylines(root).Keys);
        Assert.Equal(["train"], root.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "legend").Select(g => g.Value));
    }

    [Fact]
    public void ToSvg_LearningRateIsNotTheMetricPanel()
    {
        var root = Parse(Make(("learning_rate", [0.001, 0.001]), ("loss", [0.9, 0.7]), ("mae", [0.5, 0.4])));
        Assert.Equal(["loss", "mae"], Texts(root, "panel-title"));
    }

    [Fact]
    public void ToSvg_EmptyHistory_IsStillValidSvg()
    {
        var root = Parse(new History());
        Assert.Equal("svg", root.Name.LocalName);
        Assert.Empty(Polylines(root).Values.SelectMany(p => p));
        Assert.Contains("no finite values", Texts(root, "no-data"));
    }

    [Fact]
    public void SaveSvg_WritesTheFile_AndReplacesAnOldOne()
    {
        string directory = Directory.CreateTempSubdirectory("gennet-plot-").FullName;
        try
        {
            string path = Path.Combine(directory, "history.svg");
            File.WriteAllText(path, "old");
            var history = Typical(3);
            history.SaveSvg(path);
            Assert.Equal(history.ToSvg(), File.ReadAllText(path));
            XDocument.Load(path);
            Assert.Equal(["history.svg"], Directory.GetFiles(directory).Select(Path.GetFileName)); // no temporary left
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void SaveSvg_MissingDirectory_ThrowsNamingThePath()
    {
        string path = Path.Combine(Path.GetTempPath(), $"gennet-missing-{Guid.NewGuid():N}", "history.svg");
        var ex = Assert.Throws<DirectoryNotFoundException>(() => Typical(2).SaveSvg(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("does not exist", ex.Message);
    }

    [Fact]
    public void SaveSvg_InvalidPaths_Throw()
    {
        Assert.Throws<ArgumentException>(() => Typical(2).SaveSvg(""));
        Assert.Throws<ArgumentNullException>(() => Typical(2).SaveSvg(null!));
        var ex = Assert.Throws<ArgumentException>(() => Typical(2).SaveSvg(Path.GetTempPath()));
        Assert.Contains("directory", ex.Message);
        var nul = Assert.Throws<ArgumentException>(() => Typical(2).SaveSvg("bad\0name.svg"));
        Assert.Contains("not a valid file path", nul.Message);
    }
}
