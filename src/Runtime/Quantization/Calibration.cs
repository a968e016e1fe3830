using GenNet.Kernels;

namespace GenNet.Quantization;

/// <summary>
/// The range of a tensor over a calibration set and the uint8 quantization it gives: min/max calibration (the extreme
/// values seen, over every sample and element), widened to include 0 so that 0.0 (padding, relu's floor) is exactly a byte.
/// </summary>
internal struct TensorRange
{
    public float Min, Max;

    public static TensorRange Empty => new() { Min = 0f, Max = 0f };

    public void Observe(ReadOnlySpan<float> values)
    {
        foreach (float v in values)
        {
            if (v < Min) Min = v;
            if (v > Max) Max = v;
        }
    }

    /// <summary>Asymmetric uint8: <c>scale = (max − min)/255</c>, <c>zeroPoint = round(−min/scale)</c>; a constant-zero tensor gets scale 1.</summary>
    public readonly (float Scale, int ZeroPoint) Quantization()
    {
        float scale = (Max - Min) / 255f;
        if (!(scale > 0f) || !float.IsFinite(scale)) return (1f, 0);
        int zeroPoint = (int)Math.Clamp(MathF.Round(-Min / scale), 0f, 255f);
        return (scale, zeroPoint);
    }
}

/// <summary>Runs a plan in fp32 with the runtime's kernels and records the range of the input and of every step's output.</summary>
internal static class Calibration
{
    private const int Chunk = 256;

    public static (TensorRange Input, TensorRange[] Outputs) Run(IReadOnlyList<PlanLayer> steps, ReadOnlySpan<float> x, int inputSize)
    {
        int count = x.Length / inputSize;
        if (count == 0 || x.Length % inputSize != 0)
            throw new ArgumentException($"Expected a calibration set of at least one sample of {inputSize} values, got {x.Length} values.", nameof(x));
        var input = TensorRange.Empty;
        var outputs = new TensorRange[steps.Count];
        int widest = steps.Max(s => Math.Max(s.Inputs, s.Outputs));
        var a = new float[Chunk * widest];
        var b = new float[Chunk * widest];
        int scratchSize = steps.Where(s => s.Kind == PlanKind.Conv2D).Select(s => Conv2DKernel.ScratchSize(s.Conv, Chunk)).DefaultIfEmpty(0).Max();
        var scratch = new float[scratchSize];
        for (int start = 0; start < count; start += Chunk)
        {
            int batch = Math.Min(Chunk, count - start);
            var chunk = x.Slice(start * inputSize, batch * inputSize);
            input.Observe(chunk);
            chunk.CopyTo(a);
            for (int i = 0; i < steps.Count; i++)
            {
                PlanLayer s = steps[i];
                var src = a.AsSpan(0, batch * s.Inputs);
                var dst = b.AsSpan(0, batch * s.Outputs);
                switch (s.Kind)
                {
                    case PlanKind.Dense: DenseKernel.Forward(src, s.Kernel, s.Bias, dst, batch, s.Inputs, s.Outputs); break;
                    case PlanKind.Conv2D: Conv2DKernel.Forward(src, s.Kernel, s.Bias, dst, scratch, batch, s.Conv); break;
                    default: MaxPooling2DKernel.Forward(src, dst, batch, s.Pool); break;
                }
                ApplyActivation(s.Activation, dst, s.Channels);
                outputs[i].Observe(dst);
                (a, b) = (b, a);
            }
        }
        return (input, outputs);
    }

    /// <summary>The step's activation in place (rows of <paramref name="rowLength"/> for softmax).</summary>
    public static void ApplyActivation(string activation, Span<float> y, int rowLength)
    {
        switch (activation)
        {
            case "relu": Activations.Relu(y, y); break;
            case "softmax": Activations.Softmax(y, y, rowLength); break;
            case "sigmoid": Activations.Sigmoid(y, y); break;
        }
    }
}
