namespace GenNet;

// Several outputs (a Functional model declared with Outputs = …): a loss, a loss weight and metrics per output, Keras'
// compile(loss={…}, loss_weights={…}, metrics={…}). Labels and predictions travel as packed rows (each output's values
// side by side, in output order) through the same DataSet, shuffling and Workspace as a single output; each chunk unpacks
// its rows per output. Total loss = Σ_k weight_k · loss_k; its gradient goes to each output's region of outputGradient.
public abstract partial class Model
{
    // Null for a single-output model (the single-loss code path runs unchanged).
    private OutputHead[]? _heads;

    /// <summary>One compiled output: where it lives, its loss, weight and metrics, and where its labels sit in a packed label row.</summary>
    internal sealed record OutputHead(OutputInfo Output, Loss Loss, float Weight, Metric[] Metrics, int LabelOffset, int LabelSize);

    /// <summary>
    /// Configures training of a model with several outputs, as Keras <c>compile(loss={…}, loss_weights={…}, metrics={…})</c>:
    /// a loss per output name (every output needs one), optional loss weights (default 1) and optional metrics per output.
    /// The trained loss is <c>Σ weight · loss</c> of the outputs; <c>Fit</c>/<c>Evaluate</c> also report
    /// <c>"&lt;output&gt;_loss"</c> (unweighted) and <c>"&lt;output&gt;_&lt;metric&gt;"</c>.
    /// </summary>
    /// <exception cref="ArgumentException">A name that is no output, or an output without a loss.</exception>
    public void Compile(IReadOnlyDictionary<string, Loss> losses, Optimizer optimizer, IReadOnlyDictionary<string, float>? lossWeights = null,
        IReadOnlyDictionary<string, Metric[]>? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(losses);
        ArgumentNullException.ThrowIfNull(optimizer);
        var outputs = Info.Outputs;
        string names = string.Join(", ", outputs.Select(o => "\"" + o.Name + "\""));
        void CheckKeys<T>(IEnumerable<string> keys, string what)
        {
            foreach (string key in keys)
            {
                if (!outputs.Any(o => o.Name == key))
                    throw new ArgumentException($"Expected {what} keyed by output name ({names}), got \"{key}\".", what);
            }
        }
        CheckKeys<Loss>(losses.Keys, nameof(losses));
        if (lossWeights is not null) CheckKeys<float>(lossWeights.Keys, nameof(lossWeights));
        if (metrics is not null) CheckKeys<Metric[]>(metrics.Keys, nameof(metrics));
        var perOutputLoss = new Loss[outputs.Length];
        var weights = new float[outputs.Length];
        var perOutputMetrics = new Metric[outputs.Length][];
        for (int k = 0; k < outputs.Length; k++)
        {
            string name = outputs[k].Name;
            perOutputLoss[k] = losses.TryGetValue(name, out var loss) && loss is not null
                ? loss
                : throw new ArgumentException($"Expected a loss for every output ({names}), got none for \"{name}\".", nameof(losses));
            weights[k] = lossWeights is not null && lossWeights.TryGetValue(name, out float w) ? w : 1f;
            if (!float.IsFinite(weights[k]) || weights[k] < 0)
                throw new ArgumentOutOfRangeException(nameof(lossWeights), weights[k], $"Expected a finite, non-negative loss weight for \"{name}\".");
            perOutputMetrics[k] = metrics is not null && metrics.TryGetValue(name, out var m) ? m ?? [] : [];
        }
        if (outputs.Length == 1)
        {
            if (weights[0] != 1f)
                throw new NotSupportedException("A loss weight other than 1 is supported only for models with several outputs; scale the learning rate instead.");
            Compile(perOutputLoss[0], optimizer, perOutputMetrics[0]);
            return;
        }
        Compile(perOutputLoss[0], optimizer);
        _heads = Heads(perOutputLoss, weights, perOutputMetrics);
    }

    /// <summary>The heads for several outputs, or null for one (then the single-loss path runs).</summary>
    private OutputHead[]? Heads(Loss[] losses, float[] weights, Metric[][] metrics)
    {
        var outputs = Info.Outputs;
        if (outputs.Length == 1) return null;
        var heads = new OutputHead[outputs.Length];
        int labelOffset = 0;
        for (int k = 0; k < heads.Length; k++)
        {
            int labelSize = losses[k].LabelSize(outputs[k].Size);
            heads[k] = new OutputHead(outputs[k], losses[k], weights[k], metrics[k], labelOffset, labelSize);
            labelOffset += labelSize;
        }
        return heads;
    }

    /// <summary>The metrics compiled for output <paramref name="output"/> (all compiled metrics for a single output).</summary>
    internal IReadOnlyList<Metric> MetricsFor(string output) => _heads?.FirstOrDefault(h => h.Output.Name == output)?.Metrics ?? _metrics;

    /// <summary>Label floats per sample: the compiled loss's, or every output's side by side.</summary>
    internal int LabelSize()
    {
        if (_heads is null) return Loss.LabelSize(Info.OutputSize);
        int size = 0;
        foreach (var head in _heads) size += head.LabelSize; // a loop: TrainOnBatch calls this every step and must not allocate
        return size;
    }

    /// <summary>What the compiled loss is called in messages (one per output when there are several).</summary>
    internal string LossDescription() =>
        _heads is null ? Loss.Name : string.Join(", ", _heads.Select(h => h.Output.Name + ": " + h.Loss.Name + " (" + h.LabelSize + ")"));

    /// <summary>Keras' metrics for several outputs: each output's loss, then its metrics, named "&lt;output&gt;_…".</summary>
    private Metric[] ResolveHeadMetrics(OutputHead[] heads)
    {
        var resolved = new List<Metric>();
        foreach (var head in heads) resolved.Add(new HeadMetric(head, Info.OutputSize, head.Output.Name + "_loss", null));
        foreach (var head in heads)
        {
            foreach (var metric in head.Metrics)
            {
                var inner = metric.Resolve(head.Output.Size, head.LabelSize);
                resolved.Add(new HeadMetric(head, Info.OutputSize, head.Output.Name + "_" + inner.Name, inner));
            }
        }
        return resolved.ToArray();
    }

    /// <summary>
    /// One chunk of a training step with several outputs: forward, each output's loss and its weighted gradient into the
    /// output's region of the chunk's outputGradient (never fused with the output activation), backward.
    /// </summary>
    private void TrainHeadsChunk(TrainChunkJob job, int chunk, OutputHead[] heads)
    {
        var ws = job.Workspace;
        int count = job.Count, labelSize = job.LabelSize, outputSize = Info.OutputSize;
        var (start, rows) = ChunkRange(count, job.Chunks, chunk);
        var input = ChunkInput(ws, start, rows);
        var weights = job.Weighted ? ws.SampleWeights.AsSpan(start, rows) : default;
        var activations = ws.Activations.AsSpan(start * Info.ActivationsPerSample, rows * Info.ActivationsPerSample);
        var scratch = ws.Scratch[chunk];
        var random = ChunkRandom(ws, job.Step, chunk);
        Forward(_parameters, _state, input, activations, scratch, rows, training: true, random);

        var outputGradient = ws.OutputGradient.AsSpan(start * outputSize, rows * outputSize);
        HeadLosses(heads, ws, activations, start, rows, labelSize);
        var labelBlocks = ws.LabelBlocks.AsSpan(start * labelSize, rows * labelSize);
        foreach (var head in heads)
        {
            // The mean is over the whole batch (1/count), times the output's loss weight.
            int size = head.Output.Size;
            head.Loss.Gradient(labelBlocks.Slice(head.LabelOffset * rows, rows * head.LabelSize), activations.Slice(head.Output.Offset * rows, rows * size),
                weights, head.Weight / count, outputGradient.Slice(head.Output.GradientOffset * rows, rows * size), rows, size);
        }
        var gradients = job.Chunks == 1 ? _gradients : ws.Gradients[chunk];
        Backward(_parameters, input, activations, outputGradient,
            ws.ActivationGradients.AsSpan(start * Info.ActivationGradientsPerSample, rows * Info.ActivationGradientsPerSample),
            gradients, scratch, rows, outputGradientIsLogits: false);
    }

    /// <summary>Inference forward and per-row total loss of one chunk with several outputs.</summary>
    private void EvaluateHeadsChunk(EvaluateChunkJob job, int chunk, OutputHead[] heads)
    {
        var ws = job.Workspace;
        var (start, rows) = ChunkRange(job.Count, job.Chunks, chunk);
        var activations = ws.Activations.AsSpan(start * Info.ActivationsPerSample, rows * Info.ActivationsPerSample);
        Forward(_parameters, _state, ChunkInput(ws, start, rows), activations, ws.Scratch[chunk], rows, training: false, random: null);
        HeadLosses(heads, ws, activations, start, rows, job.LabelSize);
    }

    /// <summary>
    /// For the chunk's rows: packs the outputs into <c>ws.Output</c> (for the metrics), unpacks each output's labels into
    /// the chunk's region of <c>ws.LabelBlocks</c> (output k's at <c>LabelOffset_k · rows</c>), and sums
    /// <c>weight_k · loss_k</c> per row into <c>ws.PerSample</c>.
    /// </summary>
    private void HeadLosses(OutputHead[] heads, Workspace ws, ReadOnlySpan<float> activations, int start, int rows, int labelSize)
    {
        int outputSize = Info.OutputSize;
        PackOutputs(activations, ws.Output.AsSpan(start * outputSize, rows * outputSize), rows);
        var packedLabels = ws.Labels.AsSpan(start * labelSize, rows * labelSize);
        var labelBlocks = ws.LabelBlocks.AsSpan(start * labelSize, rows * labelSize);
        var total = ws.PerSample.AsSpan(start, rows);
        var perHead = ws.HeadPerSample.AsSpan(start, rows);
        total.Clear();
        foreach (var head in heads)
        {
            var labels = labelBlocks.Slice(head.LabelOffset * rows, rows * head.LabelSize);
            for (int r = 0; r < rows; r++) packedLabels.Slice(r * labelSize + head.LabelOffset, head.LabelSize).CopyTo(labels.Slice(r * head.LabelSize));
            var output = activations.Slice(head.Output.Offset * rows, rows * head.Output.Size);
            head.Loss.PerSample(labels, output, perHead, rows, head.Output.Size);
            for (int r = 0; r < rows; r++) total[r] += head.Weight * perHead[r];
        }
    }

    /// <summary>Each output's rows of <paramref name="activations"/> (a batch of <paramref name="rows"/>) into packed output rows.</summary>
    private void PackOutputs(ReadOnlySpan<float> activations, Span<float> packed, int rows)
    {
        int outputSize = Info.OutputSize;
        foreach (var output in Info.Outputs)
        {
            var region = activations.Slice(output.Offset * rows, rows * output.Size);
            for (int r = 0; r < rows; r++) region.Slice(r * output.Size, output.Size).CopyTo(packed.Slice(r * outputSize + output.GradientOffset));
        }
    }

    /// <summary>
    /// A metric (or, with no inner metric, an output's loss) scored on one output's columns of the packed labels and
    /// predictions. Its column buffers grow once to the largest batch, so steady-state steps allocate nothing.
    /// </summary>
    private sealed class HeadMetric(OutputHead head, int outputSize, string name, Metric? inner) : Metric
    {
        private float[] _labels = [], _predictions = [];

        public override string Name => name;

        public override bool HigherIsBetter => inner?.HigherIsBetter ?? false;

        public override void PerSample(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, Span<float> values, int batch, int n)
        {
            int labelSize = yTrue.Length / Math.Max(batch, 1), size = head.Output.Size;
            if (_labels.Length < batch * head.LabelSize) _labels = new float[batch * head.LabelSize];
            if (_predictions.Length < batch * size) _predictions = new float[batch * size];
            for (int r = 0; r < batch; r++)
            {
                yTrue.Slice(r * labelSize + head.LabelOffset, head.LabelSize).CopyTo(_labels.AsSpan(r * head.LabelSize));
                yPred.Slice(r * outputSize + head.Output.GradientOffset, size).CopyTo(_predictions.AsSpan(r * size));
            }
            var labels = _labels.AsSpan(0, batch * head.LabelSize);
            var predictions = _predictions.AsSpan(0, batch * size);
            if (inner is null) head.Loss.PerSample(labels, predictions, values, batch, size);
            else inner.PerSample(labels, predictions, values, batch, size);
        }
    }
}
