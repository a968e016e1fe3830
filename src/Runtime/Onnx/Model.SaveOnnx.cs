using GenNet.Onnx;
using GenNet.Serialization;

namespace GenNet;

public abstract partial class Model
{
    /// <summary>
    /// Writes the model with its current weights as an ONNX file (opset 17, float32, dynamic batch axis <c>N</c>):
    /// input <c>input</c> of shape <c>[N, …InputShape]</c>, output <c>output</c> of shape <c>[N, …OutputShape]</c>,
    /// both NHWC like GenNet. A Functional model with several inputs or outputs has one graph input per model input and
    /// one graph output per model output, named as in <see cref="ModelInfo.Inputs"/> and <see cref="ModelInfo.Outputs"/>
    /// (each <c>[N, …its shape]</c>); shared layers use one set of weights. The file is written atomically (a temporary
    /// file, then a rename).
    /// </summary>
    /// <exception cref="NotSupportedException">
    /// A layer or activation has no ONNX mapping (a Lambda layer, relu with a threshold: the message names the layer), or the
    /// model was not built by the GenNet generator.
    /// </exception>
    public void SaveOnnx(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = OnnxExporter.Export(this);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    /// <summary>Writes the model as ONNX to <paramref name="stream"/> (see <see cref="SaveOnnx(string)"/>).</summary>
    public void SaveOnnx(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(OnnxExporter.Export(this));
    }

    /// <summary>The ONNX model as bytes (see <see cref="SaveOnnx(string)"/>), e.g. for <c>new InferenceSession(bytes)</c>.</summary>
    public byte[] ToOnnx() => OnnxExporter.Export(this);

    /// <summary>
    /// Writes the model's ONNX nodes into <paramref name="onnx"/>, ending with one <see cref="OnnxGraphBuilder.Output"/>
    /// per model output. The generator overrides this for every model (throwing <see cref="NotSupportedException"/>
    /// naming the layer when one has no ONNX form); the default, for models written by hand, throws.
    /// </summary>
    /// <exception cref="NotSupportedException">The model has no generated ONNX graph.</exception>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    protected virtual void BuildOnnx(OnnxGraphBuilder onnx) =>
        throw new NotSupportedException("ONNX export needs the graph the GenNet generator writes; model '" + Info.Name +
            "' has none (layers: " + string.Join(", ", Info.Layers.Select(l => "'" + l.Name + "' (" + l.TypeName + ")")) +
            "). Declare the model with [Sequential] or [Functional] so the generator builds it.");

    internal void BuildGeneratedOnnx(OnnxGraphBuilder onnx) => BuildOnnx(onnx);
}
