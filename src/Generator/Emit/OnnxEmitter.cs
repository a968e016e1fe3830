using System.Linq;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;

namespace GenNet.Generator.Emit;

/// <summary>
/// Writes <c>BuildOnnx</c>: the model's ONNX graph as one call per node, each layer contributing its own nodes in layer
/// (topological) order, then one <c>onnx.Output</c> per model output. A model with a layer that has no ONNX form (a
/// Lambda, relu with a threshold) gets an override that throws <c>NotSupportedException</c> naming that layer.
/// </summary>
internal static class OnnxEmitter
{
    public static void Emit(CodeWriter writer, ModelSpec model)
    {
        var body = new CodeWriter();
        var context = new OnnxContext(model, body);
        if (model.HasNamedInputs)
        {
            for (int k = 0; k < model.NamedInputs.Count; k++) context.DeclareInput(k, model.NamedInputs[k].Tensor, model.NamedInputs[k].Name);
        }
        else
        {
            context.DeclareInput(0, 0, "input");
        }
        foreach (var layer in model.Layers)
        {
            body.Line($"// {layer.Name} · {layer.Description}");
            layer.EmitOnnx(context);
            if (context.Unsupported is { } reason)
            {
                WriteUnsupported(writer, reason);
                return;
            }
        }
        if (model.IsMultiOutput)
        {
            for (int k = 0; k < model.Outputs.Count; k++) context.WriteOutput(k, model.Outputs[k].Tensor);
        }
        else
        {
            context.WriteOutput(0, model.OutputTensor);
        }
        writer.Line("/// <summary>The ONNX graph: one node per operation; the weights are read from Parameters and State at export.</summary>");
        writer.Open("protected override void BuildOnnx(global::GenNet.Onnx.OnnxGraphBuilder onnx)");
        foreach (string line in body.ToString().Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0)) writer.Line(line);
        writer.Close();
    }

    private static void WriteUnsupported(CodeWriter writer, string reason)
    {
        writer.Line($"/// <summary>This model has no ONNX form: {Text.Xml(reason)}</summary>");
        writer.Line("protected override void BuildOnnx(global::GenNet.Onnx.OnnxGraphBuilder onnx) =>");
        writer.Line($"    throw new global::System.NotSupportedException({Text.StringLiteral(reason)});");
    }
}
