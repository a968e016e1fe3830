using System.Linq;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;

namespace GenNet.Generator.Emit;

/// <summary>The class's doc comment: a Keras-style summary table (layer, output shape, parameters).</summary>
internal static class SummaryEmitter
{
    public static void Emit(CodeWriter w, ModelSpec model)
    {
        string[][] rows = model.Layers
            .Select(l => new[] { l.Name + " (" + l.TypeName + ")", Text.BatchShape(model.Tensors[l.Output].Shape), Text.Count(l.ParameterCount),
                string.Join(", ", l.Identity.Inbound.Select(n => n + "[0][0]")) })
            .ToArray();
        string[] header = { "Layer (type)", "Output Shape", "Param #", "Connected to" };
        if (model.IsFunctional)
        {
            // Keras lists a Functional model's InputLayer and, in a fourth column, the nodes each layer reads.
            rows = new[] { new[] { "input_layer (InputLayer)", Text.BatchShape(model.Input.Shape), "0", "-" } }.Concat(rows).ToArray();
        }
        int nameWidth = rows.Select(r => r[0].Length).Concat(new[] { header[0].Length }).Max() + 2;
        int shapeWidth = rows.Select(r => r[1].Length).Concat(new[] { header[1].Length }).Max() + 2;
        int countWidth = rows.Select(r => r[2].Length).Concat(new[] { header[2].Length }).Max();
        int connectedWidth = model.IsFunctional ? rows.Select(r => r[3].Length).Concat(new[] { header[3].Length }).Max() + 2 : 0;
        string rule = new string('-', nameWidth + shapeWidth + countWidth + connectedWidth);
        string Line(string[] r) =>
            (r[0].PadRight(nameWidth) + r[1].PadRight(shapeWidth) + r[2].PadLeft(countWidth) + (model.IsFunctional ? "  " + r[3] : "")).TrimEnd();

        w.Line("/// <summary>");
        w.Line("/// GenNet model \"" + model.Name + "\": " + Text.Shape(model.Input.Shape) + " → " + Text.Shape(model.Output.Shape) + ", " +
            Text.Count(model.ParameterCount + model.StateCount) + " parameters. The generator wrote this half of the class from its attributes.");
        w.Line("/// </summary>");
        w.Line("/// <remarks>");
        w.Line("/// <code>");
        w.Line("/// " + Line(header));
        w.Line("/// " + rule);
        foreach (string[] row in rows)
        {
            w.Line("/// " + Line(row));
        }
        w.Line("/// " + rule);
        w.Line("/// Total params: " + Text.Count(model.ParameterCount + model.StateCount));
        if (model.StateCount > 0)
        {
            w.Line("/// Trainable params: " + Text.Count(model.ParameterCount));
            w.Line("/// Non-trainable params: " + Text.Count(model.StateCount));
        }
        w.Line("/// </code>");
        w.Line("/// </remarks>");
    }
}
