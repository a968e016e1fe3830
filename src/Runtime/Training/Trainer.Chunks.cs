namespace GenNet;

// Data-parallel training and evaluation: every batch is cut into row chunks whose boundaries depend only on the batch
// size (Model.ChunkCount, Model.ChunkRange), each chunk runs Forward/loss/Backward into its own buffers (on whichever
// thread), and the chunk gradients are summed in chunk order (Trainer.Step.cs). The threads only decide who computes a
// chunk, never what it computes, so results are the same bit for bit with 1, 2 or 64 threads.
//
// Labels and predictions travel as packed rows (each output's values side by side, in output order) through the
// DataSet, shuffling and Workspace; each chunk scores every head on its own columns. Total loss = Σ_k weight_k · loss_k;
// its gradient goes to each output's region of outputGradient.
internal sealed partial class Trainer
{
    private long _trainingSteps;
    private TrainChunkJob? _trainChunkJob;
    private EvaluateChunkJob? _evaluateChunkJob;

    private int TrainingChunkCount(int rows) => _model.TrainsWholeBatch ? 1 : _model.ChunkCount(rows);

    private Workspace TrainingWorkspace(int batch, int labelSize) =>
        _trainingWorkspace is { } cached && cached.Fits(batch, labelSize, TrainingChunkCount(batch))
            ? cached
            : _trainingWorkspace = new Workspace(_info, batch, labelSize, TrainingChunkCount(batch), training: true);

    private Workspace EvaluationWorkspace(int batch, int labelSize) =>
        _evaluationWorkspace is { } cached && cached.Fits(batch, labelSize, _model.ChunkCount(batch))
            ? cached
            : _evaluationWorkspace = new Workspace(_info, batch, labelSize, _model.ChunkCount(batch), training: false);

    /// <summary>
    /// Forward, loss and backward of the <paramref name="count"/> rows staged in <paramref name="ws"/>, chunk by chunk:
    /// each row's loss in <c>ws.PerSample</c>, the outputs in <c>ws.Output</c>, and dL/dθ in the model's
    /// <see cref="Model.Gradients"/> for one chunk or in <c>ws.Gradients[c]</c> per chunk for several (summed by the step).
    /// Never touches the optimizer. Returns the number of chunks.
    /// </summary>
    private int ComputeChunkGradients(Workspace ws, int count, int labelSize, bool weighted, BatchRows batch)
    {
        int chunks = TrainingChunkCount(count);
        SetMaskScale(ws, count);
        var job = _trainChunkJob ??= new TrainChunkJob(this);
        job.Set(ws, count, labelSize, weighted, chunks, _trainingSteps++, batch);
        // One chunk runs on this thread: its kernels may share their row passes with the workers (BatchNormalization's,
        // in fixed row blocks, so the results do not depend on the thread count).
        using var kernelThreads = Kernels.KernelThreads.Use(chunks == 1 ? _model.Threads : 1);
        WorkerPool.Run(job, chunks, _model.Threads);
        job.Batch = default; // the trainer must not keep the caller's data alive
        return chunks;
    }

    /// <summary>
    /// One chunk of a training step: forward, every head's loss and its weighted gradient into the output's region of the
    /// chunk's outputGradient, backward.
    /// </summary>
    private void TrainChunk(TrainChunkJob job, int chunk)
    {
        var (start, rows) = Model.ChunkRange(job.Count, job.Chunks, chunk);
        job.Batch.Gather(job.Workspace, start, rows);
        var ws = job.Workspace;
        int count = job.Count, labelSize = job.LabelSize, outputSize = _info.OutputSize;
        var input = ChunkInput(ws, start, rows);
        var weights = job.Weighted ? ws.SampleWeights.AsSpan(start, rows) : default;
        var activations = ws.Activations.AsSpan(start * _info.ActivationsPerSample, rows * _info.ActivationsPerSample);
        var scratch = ws.Scratch[chunk];

        var random = ChunkRandom(ws, job.Step, chunk);
        _model.RunForward(input, activations, scratch, rows, training: true, random);
        HeadLosses(ws, activations, start, rows, labelSize);

        var outputGradient = ws.OutputGradient.AsSpan(start * outputSize, rows * outputSize);
        bool fused = false;
        foreach (var head in _heads)
        {
            // The mean is over the whole batch: every chunk scales by 1/count (times the output's loss weight), so the
            // chunk gradients add up to the batch's.
            int size = head.Output.Size;
            var labels = HeadLabels(head, ws, start, rows, labelSize);
            var output = activations.Slice(head.Output.Offset * rows, rows * size);
            var gradient = outputGradient.Slice(head.Output.GradientOffset * rows, rows * size);
            if (head.IsStepwise)
            {
                fused = StepwiseGradient(head, ws, labels, output, weights, gradient, start, rows, count, mayFuse: _heads.Length == 1);
                continue;
            }
            float scale = head.Weight / count;
            // The generated Backward folds the output activation into the loss gradient only for a model with one output.
            fused = _heads.Length == 1 && head.Loss.TryLogitGradient(_info.OutputActivation, labels, output, weights, scale, gradient, rows, size);
            if (!fused) head.Loss.Gradient(labels, output, weights, scale, gradient, rows, size);
        }
        Span<float> gradients = job.Chunks == 1 ? _model.Gradients : ws.Gradients[chunk];
        _model.RunBackward(input, activations, outputGradient,
            ws.ActivationGradients.AsSpan(start * _info.ActivationGradientsPerSample, rows * _info.ActivationGradientsPerSample),
            gradients, scratch, rows, fused);
    }

    /// <summary>Inference forward and per-row loss of the <paramref name="count"/> rows staged in <paramref name="ws"/>, chunk by chunk.</summary>
    private void EvaluateChunks(Workspace ws, int count, int labelSize)
    {
        var job = _evaluateChunkJob ??= new EvaluateChunkJob(this);
        int chunks = _model.ChunkCount(count);
        SetMaskScale(ws, count);
        job.Set(ws, count, labelSize, chunks);
        WorkerPool.Run(job, chunks, _model.Threads);
    }

    private void EvaluateChunk(EvaluateChunkJob job, int chunk)
    {
        var ws = job.Workspace;
        var (start, rows) = Model.ChunkRange(job.Count, job.Chunks, chunk);
        var activations = ws.Activations.AsSpan(start * _info.ActivationsPerSample, rows * _info.ActivationsPerSample);
        _model.RunForward(ChunkInput(ws, start, rows), activations, ws.Scratch[chunk], rows, training: false, random: null);
        HeadLosses(ws, activations, start, rows, job.LabelSize);
    }

    /// <summary>
    /// For the chunk's rows: packs the outputs into <c>ws.Output</c> (for the metrics) and writes each row's loss into
    /// <c>ws.PerSample</c>: a sole head's loss as it is, else <c>Σ_k weight_k · loss_k</c>, each output's labels first
    /// unpacked into the chunk's region of <c>ws.LabelBlocks</c> (output k's at <c>LabelOffset_k · rows</c>).
    /// </summary>
    private void HeadLosses(Workspace ws, ReadOnlySpan<float> activations, int start, int rows, int labelSize)
    {
        int outputSize = _info.OutputSize;
        _model.PackOutputs(activations, ws.Output.AsSpan(start * outputSize, rows * outputSize), rows);
        var total = ws.PerSample.AsSpan(start, rows);
        if (_heads.Length == 1)
        {
            var head = _heads[0];
            var output = activations.Slice(head.Output.Offset * rows, rows * head.Output.Size);
            if (head.IsStepwise) StepwiseLosses(head, ws, HeadLabels(head, ws, start, rows, labelSize), output, total, start, rows);
            else head.Loss.PerSample(HeadLabels(head, ws, start, rows, labelSize), output, total, rows, head.Output.Size);
            return;
        }
        var packedLabels = ws.Labels.AsSpan(start * labelSize, rows * labelSize);
        var perHead = ws.HeadPerSample.AsSpan(start, rows);
        total.Clear();
        foreach (var head in _heads)
        {
            var labels = ws.LabelBlocks.AsSpan(start * labelSize + head.LabelOffset * rows, rows * head.LabelSize);
            for (int r = 0; r < rows; r++) packedLabels.Slice(r * labelSize + head.LabelOffset, head.LabelSize).CopyTo(labels.Slice(r * head.LabelSize));
            var output = activations.Slice(head.Output.Offset * rows, rows * head.Output.Size);
            head.Loss.PerSample(labels, output, perHead, rows, head.Output.Size);
            for (int r = 0; r < rows; r++) total[r] += head.Weight * perHead[r];
        }
    }

    /// <summary>
    /// A head's labels for the chunk's rows, row-major: a sole head's are the packed label rows themselves; with several,
    /// the block <see cref="HeadLosses"/> unpacked them into.
    /// </summary>
    private ReadOnlySpan<float> HeadLabels(OutputHead head, Workspace ws, int start, int rows, int labelSize) =>
        _heads.Length == 1
            ? ws.Labels.AsSpan(start * labelSize, rows * labelSize)
            : ws.LabelBlocks.AsSpan(start * labelSize + head.LabelOffset * rows, rows * head.LabelSize);

    /// <summary>The chunk's input as Forward reads it: its packed rows as they are for one input, else rearranged into <c>ws.InputBlocks</c>.</summary>
    private ReadOnlySpan<float> ChunkInput(Workspace ws, int start, int rows)
    {
        int inputSize = _info.InputSize;
        var packed = ws.Inputs.AsSpan(start * inputSize, rows * inputSize);
        if (_info.Inputs.Length == 1) return packed;
        var blocks = ws.InputBlocks.AsSpan(start * inputSize, rows * inputSize);
        _model.BlockInputs(packed, blocks, rows);
        return blocks;
    }

    /// <summary>
    /// The chunk's dropout stream, reseeded from (seed, step, chunk) so the masks do not depend on which thread runs it.
    /// </summary>
    private Rng ChunkRandom(Workspace ws, long step, int chunk)
    {
        var random = ws.Random[chunk];
        random.Reseed(Rng.Mix(Rng.Mix(((ulong)(uint)_randomSeed << 32) ^ 0x44524F504F5554UL) + (ulong)step) + (ulong)chunk);
        return random;
    }

    private sealed class TrainChunkJob(Trainer trainer) : ParallelJob
    {
        public Workspace Workspace = null!;
        public int Count, LabelSize, Chunks;
        public bool Weighted;
        public long Step;
        public BatchRows Batch;

        public void Set(Workspace ws, int count, int labelSize, bool weighted, int chunks, long step, BatchRows batch)
        {
            Batch = batch;
            Workspace = ws;
            Count = count;
            LabelSize = labelSize;
            Weighted = weighted;
            Chunks = chunks;
            Step = step;
        }

        public override void Execute(int index) => trainer.TrainChunk(this, index);
    }

    private sealed class EvaluateChunkJob(Trainer trainer) : ParallelJob
    {
        public Workspace Workspace = null!;
        public int Count, LabelSize, Chunks;

        public void Set(Workspace ws, int count, int labelSize, int chunks)
        {
            Workspace = ws;
            Count = count;
            LabelSize = labelSize;
            Chunks = chunks;
        }

        public override void Execute(int index) => trainer.EvaluateChunk(this, index);
    }
}
