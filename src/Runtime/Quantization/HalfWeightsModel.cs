using GenNet.Kernels;
using GenNet.Quantization;

namespace GenNet;

/// <summary>How <see cref="Model.ToHalfWeights"/> stores the weights.</summary>
public enum HalfFormat
{
    /// <summary>IEEE 754 binary16 (<see cref="Half"/>): 10 fraction bits, range ±65504.</summary>
    Float16,
    /// <summary>bfloat16: the upper 16 bits of a float (7 fraction bits, float's range), rounded to nearest even.</summary>
    BFloat16,
}

/// <summary>
/// A model whose Dense and Conv2D weights are stored in 16 bits (<see cref="HalfFormat"/>) with fp32 arithmetic:
/// half the weight bytes, no calibration (<see cref="Model.ToHalfWeights"/>). Same <see cref="Predict"/> as the float
/// model; immutable, so threads may share it; results do not depend on the batch or <see cref="Threads"/>.
/// </summary>
public sealed class HalfWeightsModel
{
    private const int ChunkFloats = 64 * 1024;

    private readonly Step[] _steps;
    private readonly SequenceRunner? _sequence;
    private readonly Model? _graph;
    private readonly int _chunk, _widest, _patches, _widestKernel;
    private int _threads;

    [ThreadStatic] private static Buffers? t_buffers;
    [ThreadStatic] private static PredictJob? t_job;

    // Dense layers with bfloat16 weights keep them packed in pairs (HalfGemm.PackPairs; Weights is empty): a call with
    // fewer rows than PackedRows converts them in the register tile, more rows widen them once per chunk. 64-byte aligned:
    // the tile reads whole cache lines.
    private sealed record Step(PlanLayer Plan, ushort[] Weights, AlignedArray<uint> Packed, float[] Bias)
    {
        public int Count => Plan.Kernel?.Length ?? 0;
    }

    private const int PackedRows = 4;

    internal HalfWeightsModel(ModelInfo info, List<PlanLayer> plan, HalfFormat format, int threads)
    {
        Info = info;
        Format = format;
        _threads = threads;
        // Biases padded with zeros to a multiple of 16 and 8 floats of slack after the widened weights: HalfGemm's last columns run as a vector.
        _steps = plan.Select(p => p.Kernel is null ? new Step(p, [], new(0), Padded(p.Bias ?? []))
            : p.Kind == PlanKind.Dense && format == HalfFormat.BFloat16 ? new Step(p, [], Pack(Convert(p.Kernel, format), p.Inputs, p.Outputs), Padded(p.Bias ?? []))
            : new Step(p, Convert(p.Kernel, format), new(0), Padded(p.Bias ?? []))).ToArray();
        _widest = Math.Max(info.InputSize, plan.Max(p => p.Outputs));
        _chunk = Math.Clamp(ChunkFloats / _widest, 1, 64);
        _patches = plan.Where(p => p.Kind == PlanKind.Conv2D).Select(p => Conv2DKernel.ScratchSize(p.Conv, _chunk)).DefaultIfEmpty(0).Max();
        _widestKernel = _steps.Max(st => st.Count);
    }

    /// <summary>A sequence model (Embedding, Conv1D, recurrent layers): its kernels and tables in 16 bits (<see cref="SequenceRunner"/>).</summary>
    internal HalfWeightsModel(SequenceRunner sequence, Model graph, HalfFormat format, int threads)
    {
        Info = sequence.Info;
        Format = format;
        _threads = threads;
        _steps = [];
        _sequence = sequence;
        _graph = graph;
        _chunk = sequence.Chunk;
    }

    private static float[] Padded(float[] bias)
    {
        var padded = new float[(bias.Length + HalfGemm.PackedBlock - 1) / HalfGemm.PackedBlock * HalfGemm.PackedBlock];
        bias.CopyTo(padded, 0);
        return padded;
    }

    private static AlignedArray<uint> Pack(ushort[] bits, int k, int n)
    {
        var packed = new AlignedArray<uint>(HalfGemm.PackedLength(k, n));
        HalfGemm.PackPairs(bits, packed.Span, k, n);
        return packed;
    }

    private static ushort[] Convert(float[] w, HalfFormat format) =>
        format == HalfFormat.BFloat16 ? w.Select(HalfGemm.ToBFloat16).ToArray() : w.Select(v => BitConverter.HalfToUInt16Bits((Half)v)).ToArray();

    /// <summary>The sequence model's steps, or null for a Dense/Conv2D chain.</summary>
    internal SequenceRunner? Sequence => _sequence;

    /// <summary>The float model's description this one was made from.</summary>
    public ModelInfo Info { get; }

    /// <summary>The 16-bit format of the weights.</summary>
    public HalfFormat Format { get; }

    /// <summary>Bytes of 16-bit weights (Dense and Conv2D kernels; biases stay float).</summary>
    public long WeightBytes => _sequence?.WeightBytes ?? _steps.Sum(s => 2L * s.Count);

    /// <summary>
    /// A sequence model as ONNX (opset 17): the float model's generated graph with every kernel and Embedding table a
    /// float16 (or bfloat16) initializer through a <c>Cast</c> to float, the weights <see cref="Predict"/> computes with.
    /// Only sequence models; the float export refuses what it refuses.
    /// </summary>
    /// <exception cref="NotSupportedException">A Dense/Conv2D chain (export its float model, or its <see cref="Model.Quantize(ReadOnlySpan{float})"/>d form).</exception>
    public byte[] ToOnnx() => _sequence is null
        ? throw new NotSupportedException("HalfWeightsModel.ToOnnx exports sequence models only; export the float model or its Quantize(...) model.")
        : SequenceOnnx.Export(_graph!, _sequence);

    /// <summary>Threads one <see cref="Predict"/> may use; starts at the float model's <see cref="Model.Threads"/>. Results do not depend on it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than 1.</exception>
    public int Threads
    {
        get => _threads;
        set => _threads = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Expected at least 1 thread.");
    }

    /// <summary>The weights of one layer widened back to float (tests, inspection): <c>[inputs or patch, units or filters]</c>.</summary>
    public float[] KernelOf(string layerName)
    {
        if (_sequence is not null) return _sequence.KernelOf(layerName);
        Step s = _steps.FirstOrDefault(x => x.Plan.Name == layerName && x.Count > 0) ?? throw new ArgumentException($"No Dense or Conv2D layer '{layerName}'.", nameof(layerName));
        var values = new float[s.Count];
        if (s.Packed.Length > 0) HalfGemm.WidenPackedBFloat16(s.Packed, values, s.Plan.Inputs, s.Plan.Outputs);
        else HalfGemm.Widen(s.Weights, values, Format == HalfFormat.BFloat16);
        return values;
    }

    /// <summary>Runs every sample of <paramref name="x"/> into <paramref name="y"/>, as <see cref="Model.Predict(ReadOnlySpan{float}, Span{float})"/>; allocates nothing after a thread's first call.</summary>
    public unsafe void Predict(ReadOnlySpan<float> x, Span<float> y)
    {
        int count = Model.CountRows(x, Info.InputSize, nameof(x));
        if (y.Length != count * Info.OutputSize)
            throw new ArgumentException($"Expected an output span of {count} × {Info.OutputSize} = {count * Info.OutputSize} floats for {count} samples, got {y.Length}.", nameof(y));
        if (count == 0) return;
        int chunks = (count + _chunk - 1) / _chunk;
        if (_threads == 1 || chunks == 1)
        {
            for (int c = 0; c < chunks; c++) RunChunk(x, y, c, count);
            return;
        }
        fixed (float* px = x)
        fixed (float* py = y)
        {
            var job = t_job ??= new PredictJob();
            job.Set(this, px, py, count);
            try
            {
                // The pool takes at most MaxItems items per run: very large calls run in several.
                for (int first = 0; first < chunks; first += WorkerPool.MaxItems)
                {
                    job.First = first;
                    WorkerPool.Run(job, Math.Min(WorkerPool.MaxItems, chunks - first), _threads);
                }
            }
            finally { job.Set(null, null, null, 0); }
        }
    }

    private void RunChunk(ReadOnlySpan<float> x, Span<float> y, int chunk, int count)
    {
        int start = chunk * _chunk, rows = Math.Min(_chunk, count - start);
        if (_sequence is not null)
        {
            _sequence.Run(x.Slice(start * Info.InputSize, rows * Info.InputSize), y.Slice(start * Info.OutputSize, rows * Info.OutputSize), rows);
            return;
        }
        var b = t_buffers ??= new Buffers();
        b.Ensure(_chunk * _widest, _patches, _widestKernel + 8);
        Span<float> src = b.A, dst = b.B;
        x.Slice(start * Info.InputSize, rows * Info.InputSize).CopyTo(src);
        bool bf16 = Format == HalfFormat.BFloat16;
        for (int i = 0; i < _steps.Length; i++)
        {
            Step s = _steps[i];
            PlanLayer p = s.Plan;
            Span<float> output = i == _steps.Length - 1 ? y.Slice(start * Info.OutputSize, rows * Info.OutputSize) : dst;
            switch (p.Kind)
            {
                case PlanKind.Dense when s.Packed.Length > 0 && rows < PackedRows:
                    HalfGemm.MultiplyPackedBFloat16(src, s.Packed, s.Bias, output, b.Widened, rows, p.Inputs, p.Outputs);
                    break;
                case PlanKind.Dense when s.Packed.Length > 0:
                    Span<float> unpacked = b.Widened.AsSpan(0, s.Count + 8);
                    HalfGemm.WidenPackedBFloat16(s.Packed, unpacked, p.Inputs, p.Outputs);
                    HalfGemm.MultiplyWidened(src, unpacked, s.Bias, output, rows, p.Inputs, p.Outputs);
                    break;
                case PlanKind.Dense:
                    HalfGemm.Multiply(src, s.Weights, s.Bias, output, b.Widened, rows, p.Inputs, p.Outputs, bf16);
                    break;
                case PlanKind.Conv2D:
                    Conv2DGeometry g = p.Conv;
                    // The weights widened once for the chunk ([KernelHeight, KernelWidth, Channels, Filters], the float model's
                    // layout), then the runtime's fp32 convolution (direct NHWC tiles where the geometry allows, else im2col +
                    // GEMM), relu fused: each sample's sums in a fixed order whatever the chunk holds.
                    Span<float> widened = b.Widened.AsSpan(0, s.Count);
                    HalfGemm.Widen(s.Weights, widened, bf16);
                    ReadOnlySpan<float> xs = src.Slice(0, rows * g.InputSize), bias = s.Bias.AsSpan(0, g.Filters);
                    Span<float> ys = output.Slice(0, rows * g.OutputSize);
                    if (p.Activation == "relu")
                    {
                        Conv2DKernel.ForwardRelu(xs, widened, bias, ys, b.Patches, rows, g);
                        var u = src; src = dst; dst = u;
                        continue;
                    }
                    Conv2DKernel.Forward(xs, widened, bias, ys, b.Patches, rows, g);
                    break;
                default:
                    MaxPooling2DKernel.Forward(src.Slice(0, rows * p.Inputs), output.Slice(0, rows * p.Outputs), rows, p.Pool);
                    break;
            }
            Calibration.ApplyActivation(p.Activation, output.Slice(0, rows * p.Outputs), p.Channels);
            var t = src; src = dst; dst = t;
        }
    }

    private sealed class Buffers
    {
        public float[] A = [], B = [], Patches = [], Widened = [];

        public void Ensure(int floats, int patches, int widened)
        {
            if (A.Length < floats) { A = new float[floats]; B = new float[floats]; }
            if (Patches.Length < patches) Patches = new float[patches];
            if (Widened.Length < widened) Widened = new float[widened];
        }
    }

    private sealed unsafe class PredictJob : ParallelJob
    {
        private HalfWeightsModel? _model;
        private float* _x, _y;
        private int _count;

        public void Set(HalfWeightsModel? model, float* x, float* y, int count)
        {
            _model = model;
            _x = x;
            _y = y;
            _count = count;
        }

        /// <summary>The chunk item 0 of the current run stands for.</summary>
        public int First;

        public override void Execute(int index)
        {
            var m = _model!;
            m.RunChunk(new ReadOnlySpan<float>(_x, _count * m.Info.InputSize), new Span<float>(_y, _count * m.Info.OutputSize), First + index, _count);
        }
    }
}
