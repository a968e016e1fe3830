namespace GenNet.Generator.Import.Onnx;

/// <summary>What an ONNX value is to the lowering, beyond a layer's output in GenNet's layout.</summary>
internal enum OnnxValueRole
{
    /// <summary>A layer's output (or the model input) as GenNet holds it.</summary>
    Data,

    /// <summary>Integers computed from a shape (<c>Shape</c>, <c>Gather</c>, <c>Concat</c> …): batch bookkeeping, no layer.</summary>
    ShapeInts,

    /// <summary>All zeros of a batch-dependent shape (<c>ConstantOfShape(0)</c>, <c>Expand(0)</c>): a recurrent layer's initial state.</summary>
    Zeros,

    /// <summary>A (batch, steps, features) value transposed to ONNX's time-major (steps, batch, features).</summary>
    StepsFirst,

    /// <summary>A recurrent op's Y, (steps, 1, batch, units); its layer's output as a sequence.</summary>
    RecurrentY,

    /// <summary>Y with the direction axis squeezed: (steps, batch, units).</summary>
    RecurrentYSqueezed,

    /// <summary>A recurrent op's Y_h, (1, batch, units): the last state.</summary>
    RecurrentLastState,

    /// <summary>LSTM's Y_c, the last cell state (Keras' return_state), which GenNet does not expose.</summary>
    RecurrentCellState,

    /// <summary>A bidirectional op's Y, (steps, 2, batch, units): forward and backward outputs, each in time order.</summary>
    RecurrentYBidirectional,

    /// <summary>That Y transposed to (steps, batch, 2, units), as PyTorch writes it before merging the directions.</summary>
    RecurrentYDirectionsLast,

    /// <summary>A bidirectional op's Y_h, (2, batch, units): the forward half's last state, then the backward half's.</summary>
    RecurrentBidirectionalLastStates,

    /// <summary>Y_h[0] (PyTorch's <c>h[-2]</c>) of a bidirectional op: the forward half's last state.</summary>
    RecurrentForwardLastState,

    /// <summary>Y_h[1] (PyTorch's <c>h[-1]</c>) of a bidirectional op: the backward half's state after reading step 0.</summary>
    RecurrentBackwardLastState,
}

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

    public OnnxValueRole Role { get; set; }

    /// <summary>For the recurrent roles: the ONNX name of the op's Y (to see whether anything else reads the sequence).</summary>
    public string? SequenceValue { get; set; }

    public int[] Shape { get; }

    /// <summary>ONNX holds it as (C, H, W); GenNet's <see cref="Shape"/> is (H, W, C).</summary>
    public bool ChannelsFirst { get; set; }

    /// <summary>ONNX (C, 1, 1) after a global pool; GenNet (C).</summary>
    public bool SpatialOnes { get; set; }

    /// <summary>Flattened from an NCHW value: ONNX's element order is (c, h, w), GenNet's (h, w, c).</summary>
    public (int C, int H, int W)? FlattenedChw { get; set; }
}
