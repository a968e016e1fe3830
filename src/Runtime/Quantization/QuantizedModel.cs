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
public sealed partial class QuantizedModel
{
    // Samples per chunk of work (one item of the worker pool): a few hundred KB of bytes per buffer.
    private const int ChunkBytes = 256 * 1024;

    private readonly QuantizedLayer[] _layers;
    // Per step: a Conv2D's layout fused with the MaxPool step after it (which then does not run alone), else null.
    private readonly ConvPoolLayout?[] _pooled;
    private readonly SequenceRunner? _sequence;
    private readonly Model? _graph;
    private readonly int _chunk, _widest, _patches;
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
        _pooled = new ConvPoolLayout?[layers.Length];
        for (int i = 0; i + 1 < layers.Length; i++)
        {
            PlanLayer p = layers[i].Plan, next = layers[i + 1].Plan;
            if (p.Kind == PlanKind.Conv2D && layers[i].PackedRuns.Length > 0 && next.Kind == PlanKind.MaxPool && ConvPoolLayout.Supports(p.Conv, next.Pool))
                _pooled[i] = new ConvPoolLayout(p.Conv, next.Pool);
        }
        // The byte buffers hold every output that reaches memory: not a convolution's that is pooled on the way out.
        _widest = Math.Max(info.InputSize, Enumerable.Range(0, layers.Length).Where(i => _pooled[i] is null).Max(i => layers[i].Plan.Outputs));
        _patches = layers.Where(l => l.Plan.Kind == PlanKind.Conv2D).Select(l => l.Plan.Conv.OutHeight * l.Plan.Conv.OutWidth * l.Plan.Conv.PatchSize).DefaultIfEmpty(0).Max();
        _chunk = Math.Clamp(ChunkBytes / _widest, 1, 64);
    }

    /// <summary>
    /// A sequence model (Embedding, Conv1D, recurrent layers): int8 weights, fp32 activations (<see cref="SequenceRunner"/>);
    /// <paramref name="graph"/> is the float model, whose generated ONNX graph <see cref="ToOnnx"/> writes with these weights.
    /// </summary>
    internal QuantizedModel(SequenceRunner sequence, Model graph, int threads)
    {
        Info = sequence.Info;
        InputScale = 1f;
        _layers = [];
        _pooled = [];
        _sequence = sequence;
        _graph = graph;
        _threads = threads;
        _chunk = sequence.Chunk;
    }

    /// <summary>The float model's description (shapes, layer names) this model was quantized from.</summary>
    public ModelInfo Info { get; }

    /// <summary>
    /// Scale of the uint8 input: a float input <c>x</c> is the byte <c>clamp(round(x / InputScale) + InputZeroPoint, 0, 255)</c>.
    /// A sequence model reads its input as floats (token ids, or the features of a Conv1D/recurrent layer): 1 and 0.
    /// </summary>
    public float InputScale { get; }

    /// <summary>Zero point of the uint8 input (see <see cref="InputScale"/>).</summary>
    public int InputZeroPoint { get; }

    internal IReadOnlyList<QuantizedLayer> Layers => _layers;

    /// <summary>The sequence model's steps, or null for a Dense/Conv2D chain.</summary>
    internal SequenceRunner? Sequence => _sequence;

    /// <summary>The float model a sequence model was made from (or loaded onto): its shapes and generated ONNX graph.</summary>
    internal Model? Graph => _graph;

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
    public long WeightBytes => _sequence?.WeightBytes ?? _layers.Sum(l => (long)l.Weights.Length);

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
    /// <remarks>
    /// A sequence model exports the float model's own graph (float <c>LSTM</c>/<c>GRU</c>/<c>RNN</c>, <c>Gather</c>, <c>Conv</c>,
    /// <c>Gemm</c>) with every kernel an int8 initializer through <c>DequantizeLinear</c> (per channel; an Embedding table
    /// per row), which are the weights <see cref="Predict"/> computes with; it refuses what the float export refuses.
    /// </remarks>
    public byte[] ToOnnx() => _sequence is null ? QuantizedOnnx.Export(this) : SequenceOnnx.Export(_graph!, _sequence);

    /// <summary>Writes <see cref="ToOnnx"/> to <paramref name="path"/>.</summary>
    public void SaveOnnx(string path) => File.WriteAllBytes(path, ToOnnx());

    private void RunChunk(ReadOnlySpan<float> x, Span<float> y, int chunk, int count)
    {
        int start = chunk * _chunk, rows = Math.Min(_chunk, count - start);
        if (_sequence is not null)
        {
            _sequence.Run(x.Slice(start * Info.InputSize, rows * Info.InputSize), y.Slice(start * Info.OutputSize, rows * Info.OutputSize), rows);
            return;
        }
        var buffers = Buffers.For(_chunk * _widest, _patches);
        Span<byte> a = buffers.A, b = buffers.B;
        QuantizedKernels.Quantize(x.Slice(start * Info.InputSize, rows * Info.InputSize), a, InputScale, InputZeroPoint);
        Span<float> output = y.Slice(start * Info.OutputSize, rows * Info.OutputSize);
        for (int i = 0; i < _layers.Length; i++)
        {
            Run(i, a, b, output, buffers, rows);
            if (_pooled[i] is not null) i++; // the pooling ran inside the convolution
            var t = a; a = b; b = t;
        }
    }

    /// <summary>Whether step <paramref name="index"/> is a max pooling that runs inside the convolution before it (the layer profile skips it).</summary>
    internal bool RunsInsidePrevious(int index) => index > 0 && _pooled[index - 1] is not null;

    /// <summary>Step <paramref name="index"/>'s layer name, with the pooling's when one is fused into it.</summary>
    internal string StepName(int index) => _pooled[index] is null ? _layers[index].Plan.Name : $"{_layers[index].Plan.Name} + {_layers[index + 1].Plan.Name}";

    /// <summary>Step <paramref name="index"/> (with its fused pooling) alone on <paramref name="rows"/> samples of bytes (for the layer profile); the buffers need <see cref="Slack"/> bytes past their rows.</summary>
    internal void RunLayer(int index, ReadOnlySpan<byte> x, Span<byte> y, Span<float> output, int rows) =>
        Run(index, x, y, output, Buffers.For(_chunk * _widest, _patches), rows);

    private void Run(int index, ReadOnlySpan<byte> x, Span<byte> y, Span<float> output, Buffers buffers, int rows)
    {
        QuantizedLayer layer = _layers[index];
        PlanLayer p = layer.Plan;
        int n = p.Channels;
        if (_pooled[index] is { } pooled)
        {
            ConvolvePool(layer, pooled, x, y, rows);
            return;
        }
        switch (p.Kind)
        {
            case PlanKind.MaxPool:
                QuantizedKernels.MaxPool(x, y, rows, p.Pool);
                return;
            case PlanKind.Dense:
                // x has Slack bytes after its last row, so every row runs on the fused register tiles.
                Multiply(layer, x, p.Inputs, rows, p.Inputs, y, output, 0);
                break;
            default:
                Conv2DGeometry g = p.Conv;
                int pixels = g.OutHeight * g.OutWidth;
                Span<byte> patches = buffers.Patches;
                for (int s = 0; s < rows; s++)
                {
                    if (layer.PackedRuns.Length > 0)
                    {
                        // Read in place (x has Slack after its last sample): no patch matrix.
                        Convolve(layer, x.Slice(s * g.InputSize), g, y, output, s * pixels * n);
                        continue;
                    }
                    QuantizedKernels.Im2Col(x.Slice(s * g.InputSize, g.InputSize), patches, g, (byte)layer.InputZeroPoint);
                    // One row per output pixel, n channels each (NHWC): sample s's pixels follow sample s − 1's.
                    Multiply(layer, patches, g.PatchSize, pixels, g.PatchSize, y, output, s * pixels * n);
                }
                break;
        }
        if (layer.IsLast)
            Calibration.ApplyActivation(p.Activation, output.Slice(0, rows * p.Outputs), p.Kind == PlanKind.Conv2D ? n : p.Outputs);
    }

    // The product and its epilogue in one pass: the next layer's bytes (relu fused as the clamp's floor), or the last layer's floats.
    private static void Multiply(QuantizedLayer layer, ReadOnlySpan<byte> x, int xStride, int rows, int k, Span<byte> y, Span<float> output, int first)
    {
        int n = layer.Plan.Channels;
        if (layer.IsLast)
        {
            Int8Gemm.MultiplyDequantize(x, xStride, layer.Packed, rows, k, n, layer.Offset, layer.Multiplier, output.Slice(first, rows * n));
            return;
        }
        int low = layer.Plan.Activation == "relu" ? layer.OutputZeroPoint : 0;
        Int8Gemm.MultiplyRequantize(x, xStride, layer.Packed, rows, k, n, layer.Offset, layer.Multiplier, layer.OutputZeroPoint, low, y.Slice(first, rows * n));
    }

    private static void Convolve(QuantizedLayer layer, ReadOnlySpan<byte> x, Conv2DGeometry g, Span<byte> y, Span<float> output, int first)
    {
        int count = g.OutHeight * g.OutWidth * g.Filters;
        if (layer.IsLast)
        {
            Int8Gemm.ConvolveDequantize(x, g, layer.PackedRuns, layer.Offset, layer.Multiplier, output.Slice(first, count));
            return;
        }
        int low = layer.Plan.Activation == "relu" ? layer.OutputZeroPoint : 0;
        Int8Gemm.ConvolveRequantize(x, g, layer.PackedRuns, layer.Offset, layer.Multiplier, layer.OutputZeroPoint, low, y.Slice(first, count));
    }

    // Convolution, activation and the next step's max pooling, sample by sample, each reading its image in place.
    private static void ConvolvePool(QuantizedLayer layer, ConvPoolLayout pooled, ReadOnlySpan<byte> x, Span<byte> y, int rows)
    {
        int low = layer.Plan.Activation == "relu" ? layer.OutputZeroPoint : 0, input = pooled.Conv.InputSize, output = pooled.OutputSize;
        for (int s = 0; s < rows; s++)
            Int8Gemm.ConvolvePoolRequantize(x.Slice(s * input), pooled, layer.PackedRuns, layer.Offset, layer.Multiplier, layer.OutputZeroPoint, low,
                y.Slice(s * output, output));
    }

    // Bytes after every byte buffer, so the GEMM may read a row's last quad whole (the bytes past k meet zero weights).
    private const int Slack = 64;

    /// <summary>A thread's buffers: two byte regions (a layer's input and output) and the im2col patches, each with <see cref="Slack"/>.</summary>
    private sealed class Buffers
    {
        public byte[] A = [], B = [], Patches = [];

        public static Buffers For(int bytes, int patches)
        {
            var b = t_buffers ??= new Buffers();
            if (b.A.Length < bytes + Slack) { b.A = new byte[bytes + Slack]; b.B = new byte[bytes + Slack]; }
            if (b.Patches.Length < patches + Slack) b.Patches = new byte[patches + Slack];
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
