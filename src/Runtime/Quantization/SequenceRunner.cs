namespace GenNet.Quantization;

/// <summary>
/// Runs the <see cref="SequenceStep"/>s of a sequence model chunk by chunk for <see cref="QuantizedModel"/> and
/// <see cref="HalfWeightsModel"/>: fp32 activations between the steps, each step's weights decoded from 8 or 16 bits
/// into a per-thread scratch just before its fp32 kernel runs. Every size is fixed when it is made; buffers are per
/// thread and grown once, so a thread's calls after its first allocate nothing.
/// </summary>
/// <remarks>
/// A chunk is a fixed range of samples (<see cref="Chunk"/> each), so which samples run together does not depend on the
/// thread count: results are bit-identical for any <c>Threads</c>.
/// </remarks>
internal sealed class SequenceRunner
{
    // Floats of per-thread work per chunk (activations, recurrent workspaces): about 2 MB.
    private const int ChunkFloats = 512 * 1024;

    private readonly int _widest, _work, _decoded;

    [ThreadStatic] private static Buffers? t_buffers;

    public SequenceRunner(ModelInfo info, List<SequenceStep> steps, WeightCoding coding)
    {
        Info = info;
        Steps = steps;
        Coding = coding;
        _widest = Math.Max(info.InputSize, steps.Max(s => s.Outputs));
        int perSample = 2 * _widest + steps.Max(s => s.WorkPerSample);
        Chunk = Math.Clamp(ChunkFloats / perSample, 1, 64);
        _work = Chunk * steps.Max(s => s.WorkPerSample);
        _decoded = steps.Max(s => s.DecodedLength);
        ConvScratch = steps.Max(s => s.ConvScratch(Chunk));
    }

    public ModelInfo Info { get; }

    public IReadOnlyList<SequenceStep> Steps { get; }

    /// <summary>The kernels' coding (Embedding tables: int8 rows where this is int8 columns).</summary>
    public WeightCoding Coding { get; }

    /// <summary>Samples per chunk.</summary>
    public int Chunk { get; }

    private int ConvScratch { get; }

    /// <summary>Bytes of stored weights (biases, which stay float, not counted).</summary>
    public long WeightBytes => Steps.SelectMany(s => s.Weights).Sum(w => w.Bytes);

    /// <summary>A stored weight decoded (<paramref name="name"/>: a weight name, or a layer name for its kernel or table).</summary>
    public float[] KernelOf(string name)
    {
        CompactWeights w = Steps.SelectMany(s => s.Weights).FirstOrDefault(w => w.Name == name || w.Name == name + ".kernel" || w.Name == name + ".embeddings")
            ?? throw new ArgumentException($"No stored weight '{name}' (weights: {string.Join(", ", Steps.SelectMany(s => s.Weights).Select(w => w.Name))}).", nameof(name));
        var values = new float[w.Length];
        w.Decode(values);
        return values;
    }

    /// <summary>Runs <paramref name="rows"/> (at most <see cref="Chunk"/>) samples of <paramref name="x"/> into <paramref name="y"/>.</summary>
    public void Run(ReadOnlySpan<float> x, Span<float> y, int rows)
    {
        var b = t_buffers ??= new Buffers();
        b.Ensure(Chunk * _widest, _work, _decoded, ConvScratch);
        var c = new StepContext { Work = b.Work, Decoded = b.Decoded, ConvScratch = b.Conv, Mask = x, Rows = rows };
        Span<float> src = b.A, dst = b.B;
        for (int i = 0; i < Steps.Count; i++)
        {
            bool last = i == Steps.Count - 1;
            c.X = i == 0 ? x : (ReadOnlySpan<float>)src;
            c.Y = last ? y : dst;
            Steps[i].Run(ref c);
            var t = src; src = dst; dst = t;
        }
    }

    private sealed class Buffers
    {
        public float[] A = [], B = [], Work = [], Decoded = [], Conv = [];

        public void Ensure(int activations, int work, int decoded, int conv)
        {
            if (A.Length < activations) { A = new float[activations]; B = new float[activations]; }
            if (Work.Length < work) Work = new float[work];
            if (Decoded.Length < decoded) Decoded = new float[decoded];
            if (Conv.Length < conv) Conv = new float[conv];
        }
    }
}
