using GenNet.Kernels;
using GenNet.Quantization;

namespace GenNet;

/// <summary>
/// A model quantized after training (<see cref="Model.Quantize(ReadOnlySpan{float})"/>): int8 weights per output
/// channel, uint8 activations with scales from a calibration set, int32 sums; the same <see cref="Predict"/> as the
/// float model. Immutable once made, so any number of threads may call <see cref="Predict"/> at once.
/// </summary>
/// <remarks>
/// Each sample goes through the same integer arithmetic whatever the batch, the chunking and the thread count, so results
/// are bit-identical across <see cref="Threads"/> settings and runs. See docs/QUANTIZATION.md for the scheme.
/// </remarks>
public sealed class QuantizedModel
{
    // Samples per chunk of work (one item of the worker pool): a few hundred KB of bytes per buffer.
    private const int ChunkBytes = 256 * 1024;

    private readonly QuantizedLayer[] _layers;
    private readonly int _chunk, _widest, _accumulators, _patches;
    private int _threads;

    [ThreadStatic] private static Buffers? t_buffers;
    [ThreadStatic] private static PredictJob? t_job;

    internal QuantizedModel(ModelInfo info, float inputScale, int inputZeroPoint, QuantizedLayer[] layers, int threads)
    {
        Info = info;
        InputScale = inputScale;
        InputZeroPoint = inputZeroPoint;
        _layers = layers;
        _threads = threads;
        _widest = Math.Max(info.InputSize, layers.Max(l => l.Plan.Outputs));
        _accumulators = layers.Max(l => l.AccumulatorsPerSample);
        _patches = layers.Where(l => l.Plan.Kind == PlanKind.Conv2D).Select(l => l.Plan.Conv.OutHeight * l.Plan.Conv.OutWidth * l.Plan.Conv.PatchSize).DefaultIfEmpty(0).Max();
        _chunk = Math.Clamp(ChunkBytes / _widest, 1, 64);
    }

    /// <summary>The float model's description (shapes, layer names) this model was quantized from.</summary>
    public ModelInfo Info { get; }

    /// <summary>Scale of the uint8 input: a float input <c>x</c> is the byte <c>clamp(round(x / InputScale) + InputZeroPoint, 0, 255)</c>.</summary>
    public float InputScale { get; }

    /// <summary>Zero point of the uint8 input (see <see cref="InputScale"/>).</summary>
    public int InputZeroPoint { get; }

    internal IReadOnlyList<QuantizedLayer> Layers => _layers;

    /// <summary>
    /// Threads one <see cref="Predict"/> call may use (the caller plus shared workers); starts at the float model's
    /// <see cref="Model.Threads"/>. Results do not depend on it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than 1.</exception>
    public int Threads
    {
        get => _threads;
        set => _threads = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Expected at least 1 thread.");
    }

    /// <summary>Bytes of int8 weights (row-major, unpadded): a quarter of the float model's weight bytes for these layers.</summary>
    public long WeightBytes => _layers.Sum(l => (long)l.Weights.Length);

    /// <summary>
    /// Runs every sample of <paramref name="x"/> (<c>samples × InputSize</c>) into <paramref name="y"/>
    /// (<c>samples × OutputSize</c>), like <see cref="Model.Predict(ReadOnlySpan{float}, Span{float})"/>. After the first
    /// call on a thread it allocates nothing.
    /// </summary>
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

    /// <summary>
    /// This model as ONNX (opset 17) in the QDQ format: <c>QuantizeLinear</c>/<c>DequantizeLinear</c> around float
    /// <c>Gemm</c>/<c>Conv</c> with these int8 weights, int32 biases and uint8 scales, so ONNX Runtime runs the same
    /// quantized model (fusing the patterns into its QLinear kernels). Input <c>input</c> and output <c>output</c>, NHWC.
    /// </summary>
    public byte[] ToOnnx() => QuantizedOnnx.Export(this);

    /// <summary>Writes <see cref="ToOnnx"/> to <paramref name="path"/>.</summary>
    public void SaveOnnx(string path) => File.WriteAllBytes(path, ToOnnx());

    private void RunChunk(ReadOnlySpan<float> x, Span<float> y, int chunk, int count)
    {
        int start = chunk * _chunk, rows = Math.Min(_chunk, count - start);
        var buffers = Buffers.For(_chunk * _widest, _chunk * _accumulators, _patches);
        Span<byte> a = buffers.A, b = buffers.B;
        QuantizedKernels.Quantize(x.Slice(start * Info.InputSize, rows * Info.InputSize), a, InputScale, InputZeroPoint);
        Span<float> output = y.Slice(start * Info.OutputSize, rows * Info.OutputSize);
        foreach (QuantizedLayer layer in _layers)
        {
            Run(layer, a, b, output, buffers, rows);
            var t = a; a = b; b = t;
        }
    }

    private static void Run(QuantizedLayer layer, ReadOnlySpan<byte> x, Span<byte> y, Span<float> output, Buffers buffers, int rows)
    {
        PlanLayer p = layer.Plan;
        Span<int> acc = buffers.Accumulators;
        int n = p.Channels, stride = Int8Gemm.PaddedColumns(n);
        switch (p.Kind)
        {
            case PlanKind.MaxPool:
                QuantizedKernels.MaxPool(x, y, rows, p.Pool);
                return;
            case PlanKind.Dense:
                Int8Gemm.Multiply(x, p.Inputs, layer.Packed, acc, rows, p.Inputs, n);
                Finish(layer, acc, stride, y, output, rows);
                return;
            default:
                Conv2DGeometry g = p.Conv;
                int pixels = g.OutHeight * g.OutWidth;
                Span<byte> patches = buffers.Patches;
                for (int s = 0; s < rows; s++)
                {
                    QuantizedKernels.Im2Col(x.Slice(s * g.InputSize, g.InputSize), patches, g, (byte)layer.InputZeroPoint);
                    Int8Gemm.Multiply(patches, g.PatchSize, layer.Packed, acc.Slice(s * pixels * stride), pixels, g.PatchSize, n);
                }
                // Output pixel rows of all samples follow each other: one row per pixel, n channels each (NHWC).
                Finish(layer, acc, stride, y, output, rows * pixels);
                return;
        }
    }

    private static void Finish(QuantizedLayer layer, ReadOnlySpan<int> acc, int stride, Span<byte> y, Span<float> output, int rows)
    {
        int n = layer.Plan.Channels;
        if (!layer.IsLast)
        {
            int low = layer.Plan.Activation == "relu" ? layer.OutputZeroPoint : 0;
            QuantizedKernels.Requantize(acc, stride, layer.Offset, layer.Multiplier, layer.OutputZeroPoint, low, y, rows, n);
            return;
        }
        var o = output.Slice(0, rows * n);
        QuantizedKernels.Dequantize(acc, stride, layer.Offset, layer.Multiplier, o, rows, n);
        Calibration.ApplyActivation(layer.Plan.Activation, o, layer.Plan.Kind == PlanKind.Conv2D ? n : layer.Plan.Outputs);
    }

    /// <summary>A thread's buffers: two byte regions (a layer's input and output), the int32 sums, the im2col patches.</summary>
    private sealed class Buffers
    {
        public byte[] A = [], B = [], Patches = [];
        public int[] Accumulators = [];

        public static Buffers For(int bytes, int accumulators, int patches)
        {
            var b = t_buffers ??= new Buffers();
            if (b.A.Length < bytes) { b.A = new byte[bytes]; b.B = new byte[bytes]; }
            if (b.Accumulators.Length < accumulators) b.Accumulators = new int[accumulators];
            if (b.Patches.Length < patches) b.Patches = new byte[patches];
            return b;
        }
    }

    /// <summary>The chunks of one Predict call as worker-pool items; the spans are pinned by the caller for the run.</summary>
    private sealed unsafe class PredictJob : ParallelJob
    {
        private QuantizedModel? _model;
        private float* _x, _y;
        private int _count;

        public void Set(QuantizedModel? model, float* x, float* y, int count)
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
