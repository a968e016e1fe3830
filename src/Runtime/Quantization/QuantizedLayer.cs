using GenNet.Kernels;

namespace GenNet.Quantization;

/// <summary>
/// One step of a <see cref="QuantizedModel"/> with everything fixed at quantization time: for a Dense/Conv2D the int8
/// weights (row-major for export, packed for <see cref="Int8Gemm"/>), their per-channel scales, the int32 bias, and the
/// requantization to the next layer's bytes (or, for the last layer, the dequantization to floats).
/// </summary>
internal sealed class QuantizedLayer
{
    public required PlanLayer Plan { get; init; }

    /// <summary>Scale and zero point of the bytes this step reads.</summary>
    public float InputScale { get; init; }

    /// <inheritdoc cref="InputScale"/>
    public int InputZeroPoint { get; init; }

    /// <summary>Scale and zero point of the bytes this step writes (unused by the last step, which writes floats).</summary>
    public float OutputScale { get; init; }

    /// <inheritdoc cref="OutputScale"/>
    public int OutputZeroPoint { get; init; }

    /// <summary>Whether this step writes the model's float outputs.</summary>
    public bool IsLast { get; init; }

    /// <summary>int8 weights, row-major <c>[Depth, Channels]</c>, symmetric per output channel: <c>w ≈ q · WeightScales[c]</c>.</summary>
    public sbyte[] Weights { get; init; } = [];

    /// <summary>The weights in <see cref="Int8Gemm.Pack"/>'s layout, 64-byte aligned (every 64-byte block on one cache line).</summary>
    public AlignedArray<sbyte> Packed { get; init; } = new(0);

    /// <summary>A Conv2D's weights in <see cref="Int8Gemm.PackRuns"/>' layout when <see cref="Int8Gemm.CanConvolveDirect"/>, else empty; 64-byte aligned.</summary>
    public AlignedArray<sbyte> PackedRuns { get; init; } = new(0);

    /// <summary>Per output channel: <c>max |w[:, c]| / 127</c>.</summary>
    public float[] WeightScales { get; init; } = [];

    /// <summary>The bias in the accumulator's units: <c>round(b[c] / (InputScale · WeightScales[c]))</c> (ONNX's int32 bias).</summary>
    public int[] Bias { get; init; } = [];

    /// <summary>What is added to the raw sums: <see cref="Bias"/> minus <c>InputZeroPoint · Σ_k q[k, c]</c> (the zero point's share).</summary>
    public int[] Offset { get; init; } = [];

    /// <summary>Per channel, sums to output bytes: <c>InputScale · WeightScales[c] / OutputScale</c>; for the last step, sums to floats: <c>InputScale · WeightScales[c]</c>.</summary>
    public float[] Multiplier { get; init; } = [];

    /// <summary>Quantizes a Dense/Conv2D step that reads bytes of <paramref name="input"/> and writes bytes of <paramref name="output"/>.</summary>
    public static QuantizedLayer Create(PlanLayer plan, (float Scale, int ZeroPoint) input, (float Scale, int ZeroPoint) output, bool isLast)
    {
        if (plan.Kind == PlanKind.MaxPool)
            return new QuantizedLayer { Plan = plan, InputScale = input.Scale, InputZeroPoint = input.ZeroPoint, OutputScale = input.Scale, OutputZeroPoint = input.ZeroPoint };
        int k = plan.Depth, n = plan.Channels;
        float[] w = plan.Kernel!;
        var scales = new float[n];
        for (int c = 0; c < n; c++)
        {
            float max = 0f;
            for (int p = 0; p < k; p++) max = MathF.Max(max, MathF.Abs(w[p * n + c]));
            scales[c] = max > 0f ? max / 127f : 1f;
        }
        var q = new sbyte[k * n];
        for (int p = 0; p < k; p++)
            for (int c = 0; c < n; c++)
                q[p * n + c] = (sbyte)Math.Clamp(MathF.Round(w[p * n + c] / scales[c]), -127f, 127f);
        var bias = new int[n];
        for (int c = 0; c < n; c++)
            bias[c] = (int)Math.Clamp(Math.Round(plan.Bias![c] / (double)(input.Scale * scales[c]), MidpointRounding.ToEven), MaxBias.Min, MaxBias.Max);
        return Assemble(plan, input, output, isLast, q, scales, bias);
    }

    /// <summary>The int32 biases <see cref="Create"/> writes (and a loaded file may hold): half the int32 range, so the zero point's share cannot overflow.</summary>
    public static readonly (int Min, int Max) MaxBias = (int.MinValue / 2, int.MaxValue / 2);

    /// <summary>
    /// A Dense/Conv2D step from its stored int8 weights <c>[Depth, Channels]</c>, per-channel scales and int32 bias
    /// (a quantized weight file); everything else is computed as <see cref="Create"/> computes it, so a saved and
    /// loaded model gives the same bits.
    /// </summary>
    public static QuantizedLayer Assemble(PlanLayer plan, (float Scale, int ZeroPoint) input, (float Scale, int ZeroPoint) output, bool isLast,
        sbyte[] q, float[] scales, int[] bias)
    {
        int k = plan.Depth, n = plan.Channels;
        var offset = new int[n];
        var multiplier = new float[n];
        for (int c = 0; c < n; c++)
        {
            float accumulatorScale = input.Scale * scales[c];
            int columnSum = 0;
            for (int p = 0; p < k; p++) columnSum += q[p * n + c];
            offset[c] = bias[c] - input.ZeroPoint * columnSum;
            multiplier[c] = isLast ? accumulatorScale : accumulatorScale / output.Scale;
        }
        var packed = new AlignedArray<sbyte>(Int8Gemm.PackedLength(k, n));
        Int8Gemm.Pack(q, k, n, packed.Span);
        var runs = new AlignedArray<sbyte>(0);
        if (plan.Kind == PlanKind.Conv2D && Int8Gemm.CanConvolveDirect(plan.Conv))
        {
            runs = new AlignedArray<sbyte>(Int8Gemm.PackedLength(4 * Int8Gemm.RunQuads(plan.Conv), n));
            Int8Gemm.PackRuns(q, plan.Conv, runs.Span);
        }
        return new QuantizedLayer
        {
            Plan = plan, InputScale = input.Scale, InputZeroPoint = input.ZeroPoint, OutputScale = output.Scale,
            OutputZeroPoint = output.ZeroPoint, IsLast = isLast, Weights = q, Packed = packed, PackedRuns = runs, WeightScales = scales,
            Bias = bias, Offset = offset, Multiplier = multiplier,
        };
    }
}
