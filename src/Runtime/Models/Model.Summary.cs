using System.Globalization;
using System.Text;

namespace GenNet;

public abstract partial class Model
{
    /// <summary>
    /// Prints Keras' <c>model.summary()</c> table to <see cref="Output"/>: each layer's name, type, output shape and
    /// parameter count, then the totals (and the optimizer's state once compiled).
    /// </summary>
    public void Summary() => Output.Write(SummaryText());

    /// <summary>
    /// The text <see cref="Summary"/> prints, in Keras' 80-column layout. A Functional model (its layers know their inbound
    /// nodes) gets Keras' graph layout: the InputLayer listed first and a fourth column, "Connected to".
    /// </summary>
    public string SummaryText()
    {
        bool functional = Info.Layers.Any(l => l.Inbound is not null);
        // Keras: width min(88 or 108, columns − 4) = 76 at 80 columns, split 45/80/100% (Sequential) or 30/56/74/100%
        // (Functional); rich then takes the 10 or 13 columns of borders and padding out evenly.
        var table = functional
            ? new SummaryTable(["Layer (type)", "Output Shape", "Param #", "Connected to"], [19, 17, 10, 17], rightAligned: 2)
            : new SummaryTable(["Layer (type)", "Output Shape", "Param #"], [31, 22, 13]);
        if (functional)
        {
            foreach (var input in Info.Inputs) table.AddRow([$"{input.Name} (InputLayer)", Shape(input.Shape), "0", "-"]);
        }
        // A shared layer is one row, as in Keras: every call's inbound nodes under "Connected to", a later call's output
        // referred to as layer[k][0], and "multiple" as the shape when the calls' output shapes differ.
        var calls = Info.Layers.Where(l => l.Shares is not null).ToArray();
        // "lstm:1" (a ReturnState layer's h) is Keras' lstm[0][1].
        string Reference(string inbound)
        {
            string node = GenNet.Shared.NodeReference.Split(inbound, out int port);
            int call = Array.FindIndex(calls, c => c.Name == node);
            if (call < 0) return $"{node}[0][{port}]";
            string owner = calls[call].Shares!;
            return $"{owner}[{calls.Take(call + 1).Count(c => c.Shares == owner)}][{port}]";
        }
        foreach (var layer in Info.Layers.Where(l => l.Shares is null))
        {
            string count = layer.ParameterCount.ToString("N0", CultureInfo.InvariantCulture);
            var all = calls.Where(c => c.Shares == layer.Name).Prepend(layer).ToArray();
            var shapes = all.Select(OutputShapes).Distinct().ToArray();
            table.AddRow(functional
                ? [$"{layer.Name} ({layer.TypeName})", shapes.Length == 1 ? shapes[0] : "multiple", count,
                    string.Join(", ", all.SelectMany(c => c.Inbound ?? []).Select(Reference))]
                : [$"{layer.Name} ({layer.TypeName})", Shape(layer.OutputShape), count]);
        }
        var (trainable, nonTrainable) = ParameterCounts();
        // Keras builds the optimizer at the first training step, and only then lists its state: slots for the trainable
        // weights, plus iterations and learning_rate.
        long optimizerState = _trainer is { Optimizer: var optimizer } && optimizer.Iterations > 0 ? optimizer.SlotsPerParameter * trainable + 2 : 0;

        var s = new StringBuilder();
        s.Append("Model: \"").Append(Info.Name).Append("\"\n");
        table.Render(s);
        s.Append(" Total params: ").Append(Count(trainable + nonTrainable + optimizerState)).Append('\n');
        s.Append(" Trainable params: ").Append(Count(trainable)).Append('\n');
        s.Append(" Non-trainable params: ").Append(Count(nonTrainable)).Append('\n');
        if (optimizerState > 0) s.Append(" Optimizer params: ").Append(Count(optimizerState)).Append('\n');
        return s.ToString();
    }

    private static string Shape(int[] shape) => "(None, " + string.Join(", ", shape) + ")";

    // Keras (summary_utils.format_layer_shape): one output's shape, or the list of every output's.
    private static string OutputShapes(LayerInfo layer) => layer.ExtraOutputShapes is not { } extra
        ? Shape(layer.OutputShape)
        : "[" + string.Join(", ", extra.Prepend(layer.OutputShape).Select(Shape)) + "]";

    /// <summary>"56,970 (222.54 KB)": the count and its float32 size, 1024 per unit as Keras.</summary>
    private static string Count(long parameters)
    {
        double size = parameters * 4.0;
        string[] units = ["B", "KB", "MB", "GB", "TB"];
        int unit = 0;
        while (size / 1024 >= 1 && unit < units.Length - 1)
        {
            size /= 1024;
            unit++;
        }
        return parameters.ToString("N0", CultureInfo.InvariantCulture) + " (" + size.ToString("0.00", CultureInfo.InvariantCulture) + " " + units[unit] + ")";
    }
}
