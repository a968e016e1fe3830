namespace GenNet.Onnx;

/// <summary>
/// Writes a model as an ONNX graph (opset 17, IR 8): the generated <c>BuildOnnx</c> override adds the nodes each layer
/// emitted at build time (layouts, transposes and attributes are build-time facts), and only the current weights are read
/// here. The exporter knows no layer kinds.
/// </summary>
internal static class OnnxExporter
{
    /// <summary>The model's graph; <paramref name="weightSource"/>, when given, supplies every weight (see <see cref="OnnxGraphBuilder.WeightSource"/>).</summary>
    public static byte[] Export(Model model, Func<OnnxGraph, string, long[], string>? weightSource = null)
    {
        var builder = new OnnxGraphBuilder(model) { WeightSource = weightSource };
        model.BuildGeneratedOnnx(builder);
        return builder.ToModel();
    }
}
