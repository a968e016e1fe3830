namespace GenNet.Generator.Import.Onnx;

/// <summary>
/// What the lowering knows of one ONNX value: the layer that computes it (−1: the model input), its per-sample GenNet
/// shape, and how its element order differs from the ONNX graph's.
/// </summary>
internal sealed class OnnxValueState
{
    public OnnxValueState(int layer, int[] shape)
    {
        Layer = layer;
        Shape = shape;
    }

    public int Layer { get; }

    public int[] Shape { get; }

    /// <summary>ONNX holds it as (C, H, W); GenNet's <see cref="Shape"/> is (H, W, C).</summary>
    public bool ChannelsFirst { get; set; }

    /// <summary>ONNX (C, 1, 1) after a global pool; GenNet (C).</summary>
    public bool SpatialOnes { get; set; }

    /// <summary>Flattened from an NCHW value: ONNX's element order is (c, h, w), GenNet's (h, w, c).</summary>
    public (int C, int H, int W)? FlattenedChw { get; set; }
}
