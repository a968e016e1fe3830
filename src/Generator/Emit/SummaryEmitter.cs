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
            .Select(l => new[] { l.Name + " (" + l.TypeName + ")", Text.BatchShape(model.Tensors[l.Output].Shape), Text.Count(l.ParameterCount) })
            .ToArray();
        string[] header = { "Layer (type)", "Output Shape", "Param #" };
        int nameWidth = rows.Select(r => r[0].Length).Concat(new[] { header[0].Length }).Max() + 2;
        int shapeWidth = rows.Select(r => r[1].Length).Concat(new[] { header[1].Length }).Max() + 2;
        int countWidth = rows.Select(r => r[2].Length).Concat(new[] { header[2].Length }).Max();
        string rule = new string('-', nameWidth + shapeWidth + countWidth);

        w.Line("/// <summary>");
        w.Line("/// GenNet model \"" + model.Name + "\": " + Text.Shape(model.Input.Shape) + " → " + Text.Shape(model.Output.Shape) + ", " +
            Text.Count(model.ParameterCount + model.StateCount) + " parameters. The generator wrote this half of the class from its attributes.");
        w.Line("/// </summary>");
        w.Line("/// <remarks>");
        w.Line("/// <code>");
        w.Line("/// " + header[0].PadRight(nameWidth) + header[1].PadRight(shapeWidth) + header[2].PadLeft(countWidth));
        w.Line("/// " + rule);
        foreach (string[] row in rows)
        {
            w.Line("/// " + row[0].PadRight(nameWidth) + row[1].PadRight(shapeWidth) + row[2].PadLeft(countWidth));
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
