using System.Linq;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;

namespace GenNet.Generator.Emit;

/// <summary>The class's doc comment: a Keras-style summary table (layer, output shape, parameters).</summary>
internal static class SummaryEmitter
{
    public static void Emit(CodeWriter w, ModelSpec model)
    {
        // A shared layer is one row, as in Keras: its calls' inbound nodes all in "Connected to", a later call's output
        // referred to as layer[k][0], and "multiple" for the shape when its calls' output shapes differ.
        var calls = model.Layers.Where(l => l.Identity.Shares is not null).ToList();
        // "lstm:1" (a ReturnState layer's h) is Keras' lstm[0][1].
        string Reference(string inbound)
        {
            string node = GenNet.Shared.NodeReference.Split(inbound, out int port);
            int call = calls.FindIndex(c => c.Name == node);
            if (call < 0) return $"{node}[0][{Text.Int(port)}]";
            string owner = calls[call].Identity.Shares!;
            return $"{owner}[{Text.Int(calls.Take(call + 1).Count(c => c.Identity.Shares == owner))}][{Text.Int(port)}]";
        }
        string[][] rows = model.Layers.Where(l => l.Identity.Shares is null)
            .Select(l =>
            {
                var all = new[] { l }.Concat(calls.Where(c => c.Identity.Shares == l.Name)).ToList();
                var shapes = all.Select(c => Text.BatchShape(model.Tensors[c.Output].Shape)).Distinct().ToList();
                return new[] { $"{l.Name} ({l.TypeName})", shapes.Count == 1 ? shapes[0] : "multiple", Text.Count(l.ParameterCount),
                    string.Join(", ", all.SelectMany(c => c.Identity.Inbound).Select(Reference)) };
            })
            .ToArray();
        string[] header = { "Layer (type)", "Output Shape", "Param #", "Connected to" };
        if (model.IsFunctional)
        {
            // Keras lists a Functional model's InputLayers and, in a fourth column, the nodes each layer reads.
            string[][] inputs = model.HasNamedInputs
                ? model.NamedInputs.Select(i => new[] { $"{i.Name} (InputLayer)", Text.BatchShape(model.Tensors[i.Tensor].Shape), "0", "-" }).ToArray()
                : new[] { new[] { "input_layer (InputLayer)", Text.BatchShape(model.Input.Shape), "0", "-" } };
            rows = inputs.Concat(rows).ToArray();
        }
        int nameWidth = rows.Select(r => r[0].Length).Concat(new[] { header[0].Length }).Max() + 2;
        int shapeWidth = rows.Select(r => r[1].Length).Concat(new[] { header[1].Length }).Max() + 2;
        int countWidth = rows.Select(r => r[2].Length).Concat(new[] { header[2].Length }).Max();
        int connectedWidth = model.IsFunctional ? rows.Select(r => r[3].Length).Concat(new[] { header[3].Length }).Max() + 2 : 0;
        string rule = new string('-', nameWidth + shapeWidth + countWidth + connectedWidth);
        string Line(string[] r) =>
            (r[0].PadRight(nameWidth) + r[1].PadRight(shapeWidth) + r[2].PadLeft(countWidth) + (model.IsFunctional ? $"  {r[3]}" : "")).TrimEnd();

        w.Line("/// <summary>");
        string from = model.HasNamedInputs && model.NamedInputs.Count > 1
            ? string.Join(", ", model.NamedInputs.Select(i => $"{i.Name} {Text.Shape(model.Tensors[i.Tensor].Shape)}"))
            : Text.Shape(model.Input.Shape);
        string to = model.IsMultiOutput
            ? string.Join(", ", model.Outputs.Select(o => $"{o.Name} {Text.Shape(model.Tensors[o.Tensor].Shape)}"))
            : Text.Shape(model.Output.Shape);
        w.Line($"/// GenNet model \"{model.Name}\": {from} → {to}, " +
            $"{Text.Count(model.ParameterCount + model.StateCount)} parameters. The generator wrote this half of the class from its attributes.");
        w.Line("/// </summary>");
        w.Line("/// <remarks>");
        w.Line("/// <code>");
        w.Line($"/// {Line(header)}");
        w.Line($"/// {rule}");
        foreach (string[] row in rows)
        {
            w.Line($"/// {Line(row)}");
        }
        w.Line($"/// {rule}");
        w.Line($"/// Total params: {Text.Count(model.ParameterCount + model.StateCount)}");
        if (model.StateCount > 0)
        {
            w.Line($"/// Trainable params: {Text.Count(model.ParameterCount)}");
            w.Line($"/// Non-trainable params: {Text.Count(model.StateCount)}");
        }
        w.Line("/// </code>");
        w.Line("/// </remarks>");
    }
}
