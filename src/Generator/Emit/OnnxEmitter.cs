using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;

namespace GenNet.Generator.Emit;

/// <summary>
/// Writes <c>BuildOnnx</c>: the model's ONNX graph as one call per node, each layer contributing its nodes. A model is
/// written only when every layer has a mapping (and it is Sequential); otherwise the runtime's default export applies.
/// </summary>
internal static class OnnxEmitter
{
    /// <summary>The writer of the override, or null when some layer has no ONNX mapping.</summary>
    public static System.Action<CodeWriter>? Build(ModelSpec model)
    {
        if (model.IsFunctional || model.HasPorts) return null;
        var body = new CodeWriter();
        var context = new OnnxContext(model, body);
        foreach (var layer in model.Layers)
        {
            body.Line("// " + layer.Name + " · " + layer.Description);
            if (!layer.EmitOnnx(context)) return null;   // no mapping: the runtime's export reports it
        }
        return writer => Write(writer, body, context.Value(model.OutputTensor));
    }

    private static void Write(CodeWriter writer, CodeWriter body, string output)
    {
        writer.Line("/// <summary>The ONNX graph: one node per operation; the weights are read from Parameters at export.</summary>");
        writer.Open("protected override string BuildOnnx(global::GenNet.Onnx.OnnxGraphBuilder onnx)");
        foreach (string line in body.ToString().Split('\n'))
        {
            if (line.Trim().Length > 0) writer.Line(line.TrimEnd('\r'));
        }
        writer.Line("return " + output + ";");
        writer.Close();
    }
}
