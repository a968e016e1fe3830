using System.Numerics.Tensors;

namespace GenNet;

// Data-parallel training and evaluation: every batch is cut into row chunks whose boundaries depend only on the batch
// size, each chunk runs Forward/loss/Backward into its own buffers (on whichever thread), and the chunk gradients are
// summed in chunk order. The threads only decide who computes a chunk, never what it computes, so results are the
// same bit for bit with 1, 2 or 64 threads.
public abstract partial class Model
{
    // The chunking rule (independent of the thread count): rows / MinChunkRows chunks, at most MaxChunks, rounded down
    // to a power of two (so 2, 4, 8 threads share the work evenly), rows spread evenly. Small batches stay one chunk:
    // every chunk repeats per-call work (packing the weights for the GEMMs), which small chunks do not amortize.
    internal const int DefaultMinChunkRows = 32;
    internal const int DefaultMaxChunks = 8;

    /// <summary>Fewest rows that make a chunk (tests and benchmarks change it to compare chunkings).</summary>
    internal int MinChunkRows { get; set; } = DefaultMinChunkRows;

    /// <summary>Most chunks a batch is cut into (1 turns chunking off: tests compare against it).</summary>
    internal int MaxChunks { get; set; } = DefaultMaxChunks;

    private int _threads = Environment.ProcessorCount;
    private long _trainingSteps;
    private TrainChunkJob? _trainChunkJob;
    private ReduceJob? _reduceJob;
    private EvaluateChunkJob? _evaluateChunkJob;
    private bool? _trainsWholeBatch;

    /// <summary>
    /// Threads a training step (<see cref="O:GenNet.Model.Fit"/>, <see cref="TrainOnBatch"/>) and <see cref="O:GenNet.Model.Evaluate"/> may use: the
    /// calling thread plus <c>Threads − 1</c> shared background workers. Defaults to
    /// <see cref="Environment.ProcessorCount"/>; set 1 to stay on the calling thread. Results do not depend on it: the
    /// batch is cut into the same chunks and their gradients summed in the same order whatever the thread count.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than 1.</exception>
    public int Threads
    {
        get => _threads;
        set
        {
            if (value < 1) throw new ArgumentOutOfRangeException(nameof(value), value, "Expected at least 1 thread.");
            _threads = value;
        }
    }

    /// <summary>
    /// True when a layer needs the statistics of the whole batch (BatchNormalization in training): such a model trains
    /// each batch as one chunk, on one thread.
    /// </summary>
    internal bool TrainsWholeBatch =>
        _trainsWholeBatch ??= Info.Layers.Any(l => l.TypeName == "BatchNormalization");

    /// <summary>Chunks a batch of <paramref name="rows"/> rows is cut into; depends on nothing else.</summary>
    internal int ChunkCount(int rows) =>
        1 << System.Numerics.BitOperations.Log2((uint)Math.Clamp(rows / Math.Max(MinChunkRows, 1), 1, Math.Max(MaxChunks, 1)));

    /// <summary>Rows of chunk <paramref name="chunk"/> of <paramref name="chunks"/> over <paramref name="rows"/> rows: the first <c>rows % chunks</c> get one more.</summary>
    internal static (int Start, int Rows) ChunkRange(int rows, int chunks, int chunk)
    {
        int q = rows / chunks, r = rows % chunks;
        return (chunk * q + Math.Min(chunk, r), q + (chunk < r ? 1 : 0));
    }

    private int TrainingChunkCount(int rows) => TrainsWholeBatch ? 1 : ChunkCount(rows);

    private Workspace TrainingWorkspace(int batch, int labelSize) =>
        _trainingWorkspace is { } cached && cached.Fits(batch, labelSize, TrainingChunkCount(batch))
            ? cached
            : _trainingWorkspace = new Workspace(Info, batch, labelSize, TrainingChunkCount(batch), training: true);

    private Workspace EvaluationWorkspace(int batch, int labelSize) =>
        _evaluationWorkspace is { } cached && cached.Fits(batch, labelSize, ChunkCount(batch))
            ? cached
            : _evaluationWorkspace = new Workspace(Info, batch, labelSize, ChunkCount(batch), training: false);

    /// <summary>
    /// Forward, loss and backward of the <paramref name="count"/> rows staged in <paramref name="ws"/>, chunk by chunk,
    /// leaving dL/dθ in <see cref="Gradients"/>, each row's loss in <c>ws.PerSample</c> and the outputs in <c>ws.Output</c>.
    /// </summary>
    /// <remarks>
    /// Returns true when it also applied <paramref name="optimizer"/>'s step: with several chunks and an optimizer that
    /// updates block by block, each block of parameters is stepped right after its gradients are summed, on the thread
    /// that summed them (one pass over memory, and no serial pass left for the other threads to wait through).
    /// </remarks>
    private bool ComputeGradients(Loss loss, Workspace ws, int count, int labelSize, bool weighted, BatchRows batch, Optimizer? optimizer)
    {
        int chunks = TrainingChunkCount(count);
        var job = _trainChunkJob ??= new TrainChunkJob(this);
        job.Set(loss, ws, count, labelSize, weighted, chunks, _trainingSteps++, batch);
        WorkerPool.Run(job, chunks, _threads);
        job.Batch = default; // the model must not keep the caller's data alive
        if (chunks == 1) return false;
        var stepping = optimizer is { AppliesInBlocks: true } && optimizer.ParameterCount == _parameters.Length ? optimizer : null;
        var reduce = _reduceJob ??= new ReduceJob(this);
        reduce.Set(ws, chunks, stepping);
        WorkerPool.Run(reduce, reduce.Blocks, _threads);
        reduce.Set(ws, chunks, null);
        stepping?.EndBlockStep();
        return stepping is not null;
    }

    private void TrainChunk(TrainChunkJob job, int chunk)
    {
        var (start, rows) = ChunkRange(job.Count, job.Chunks, chunk);
        job.Batch.Gather(job.Workspace, start, rows);
        if (_heads is { } heads)
        {
            TrainHeadsChunk(job, chunk, heads);
            return;
        }
        var ws = job.Workspace;
        int count = job.Count, labelSize = job.LabelSize, n = Info.OutputSize;
        var input = ChunkInput(ws, start, rows);
        var labels = ws.Labels.AsSpan(start * labelSize, rows * labelSize);
        var weights = job.Weighted ? ws.SampleWeights.AsSpan(start, rows) : default;
        var activations = ws.Activations.AsSpan(start * Info.ActivationsPerSample, rows * Info.ActivationsPerSample);
        var scratch = ws.Scratch[chunk];

        var random = ChunkRandom(ws, job.Step, chunk);
        Forward(_parameters, _state, input, activations, scratch, rows, training: true, random);
        var output = activations.Slice(Info.OutputOffset * rows, rows * n);
        output.CopyTo(ws.Output.AsSpan(start * n, rows * n));
        job.Loss.PerSample(labels, output, ws.PerSample.AsSpan(start, rows), rows, n);

        // The mean is over the whole batch: every chunk scales by 1/count, so the chunk gradients add up to the batch's.
        float scale = 1f / count;
        var outputGradient = ws.OutputGradient.AsSpan(start * n, rows * n);
        bool fused = job.Loss.TryLogitGradient(Info.OutputActivation, labels, output, weights, scale, outputGradient, rows, n);
        if (!fused) job.Loss.Gradient(labels, output, weights, scale, outputGradient, rows, n);
        var gradients = job.Chunks == 1 ? _gradients : ws.Gradients[chunk];
        Backward(_parameters, input, activations, outputGradient,
            ws.ActivationGradients.AsSpan(start * Info.ActivationGradientsPerSample, rows * Info.ActivationGradientsPerSample),
            gradients, scratch, rows, fused);
    }

    /// <summary>Inference forward and per-row loss of the <paramref name="count"/> rows staged in <paramref name="ws"/>, chunk by chunk.</summary>
    private void EvaluateChunks(Loss loss, Workspace ws, int count, int labelSize)
    {
        var job = _evaluateChunkJob ??= new EvaluateChunkJob(this);
        int chunks = ChunkCount(count);
        job.Set(loss, ws, count, labelSize, chunks);
        WorkerPool.Run(job, chunks, _threads);
    }

    /// <summary>
    /// The chunk's dropout stream, reseeded from (seed, step, chunk) so the masks do not depend on which thread runs it.
    /// </summary>
    private Rng ChunkRandom(Workspace ws, long step, int chunk)
    {
        var random = ws.Random[chunk];
        random.Reseed(Rng.Mix(Rng.Mix(((ulong)(uint)Seed << 32) ^ 0x44524F504F5554UL) + (ulong)step) + (ulong)chunk);
        return random;
    }

    private void EvaluateChunk(EvaluateChunkJob job, int chunk)
    {
        if (_heads is { } heads)
        {
            EvaluateHeadsChunk(job, chunk, heads);
            return;
        }
        var ws = job.Workspace;
        int n = Info.OutputSize, labelSize = job.LabelSize;
        var (start, rows) = ChunkRange(job.Count, job.Chunks, chunk);
        var activations = ws.Activations.AsSpan(start * Info.ActivationsPerSample, rows * Info.ActivationsPerSample);
        Forward(_parameters, _state, ChunkInput(ws, start, rows), activations, ws.Scratch[chunk], rows, training: false, random: null);
        var output = activations.Slice(Info.OutputOffset * rows, rows * n);
        output.CopyTo(ws.Output.AsSpan(start * n, rows * n));
        job.Loss.PerSample(ws.Labels.AsSpan(start * labelSize, rows * labelSize), output, ws.PerSample.AsSpan(start, rows), rows, n);
    }

    private sealed class TrainChunkJob(Model model) : ParallelJob
    {
        public Loss Loss = null!;
        public Workspace Workspace = null!;
        public int Count, LabelSize, Chunks;
        public bool Weighted;
        public long Step;
        public BatchRows Batch;

        public void Set(Loss loss, Workspace ws, int count, int labelSize, bool weighted, int chunks, long step, BatchRows batch)
        {
            Batch = batch;
            Loss = loss;
            Workspace = ws;
            Count = count;
            LabelSize = labelSize;
            Weighted = weighted;
            Chunks = chunks;
            Step = step;
        }

        public override void Execute(int index) => model.TrainChunk(this, index);
    }

    private sealed class EvaluateChunkJob(Model model) : ParallelJob
    {
        public Loss Loss = null!;
        public Workspace Workspace = null!;
        public int Count, LabelSize, Chunks;

        public void Set(Loss loss, Workspace ws, int count, int labelSize, int chunks)
        {
            Loss = loss;
            Workspace = ws;
            Count = count;
            LabelSize = labelSize;
            Chunks = chunks;
        }

        public override void Execute(int index) => model.EvaluateChunk(this, index);
    }

    /// <summary>
    /// <c>Gradients = g₀ + g₁ + … + g_{C−1}</c> over blocks of the parameter buffer: each element is summed in chunk
    /// order whichever thread does its block, so the sum is the same bit for bit. With an optimizer set, each block's
    /// parameters are then stepped while the block is in cache (blocks, not threads, decide what is computed).
    /// </summary>
    private sealed class ReduceJob(Model model) : ParallelJob
    {
        // Small enough that a block's gradients and parameters stay in L1/L2 between the sum and the step, large enough to
        // amortize a claim; the block boundaries are fixed, so the results do not depend on the thread count.
        private const int BlockSize = 4096;
        private Workspace _workspace = null!;
        private int _chunks;
        private Optimizer? _optimizer;

        public int Blocks => (model._gradients.Length + BlockSize - 1) / BlockSize;

        public void Set(Workspace ws, int chunks, Optimizer? optimizer)
        {
            _workspace = ws;
            _chunks = chunks;
            _optimizer = optimizer;
        }

        public override void Execute(int index)
        {
            int start = index * BlockSize, length = Math.Min(BlockSize, model._gradients.Length - start);
            var sum = model._gradients.AsSpan(start, length);
            var chunkGradients = _workspace.Gradients;
            TensorPrimitives.Add(chunkGradients[0].AsSpan(start, length), chunkGradients[1].AsSpan(start, length), sum);
            for (int c = 2; c < _chunks; c++) TensorPrimitives.Add(sum, chunkGradients[c].AsSpan(start, length), sum);
            _optimizer?.ApplyBlock(model._parameters, model._gradients, start, length);
        }
    }
}
