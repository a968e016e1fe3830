namespace GenNet;

/// <summary>
/// What <see cref="O:GenNet.Model.Compile"/> makes of a model: its output heads, optimizer and metrics, and everything
/// training and evaluation own (workspaces, parallel jobs, the shuffle and dropout streams). The model keeps its weights
/// and inference; <c>Fit</c>, <c>Evaluate</c> and <c>TrainOnBatch</c> delegate here. Single-owner, like training.
/// </summary>
/// <remarks>
/// Every model trains through heads, one per output (one head for one output): one loss, metric and chunk path serves
/// both. The files: Trainer.Fit.cs (the epoch loop and a step), Trainer.Evaluate.cs, Trainer.Chunks.cs (forward, loss and
/// backward per row chunk), Trainer.Step.cs (the gradient reduction and the one place the optimizer steps).
/// </remarks>
internal sealed partial class Trainer
{
    private readonly Model _model;
    private readonly ModelInfo _info;
    private readonly OutputHead[] _heads;
    private readonly Optimizer _optimizer;
    private readonly Metric[] _metrics;
    private readonly int _labelSize;
    private readonly WeightRuleSet? _rules; // the layers' regularizers and constraints; null when the model has none

    /// <param name="model">The model trained; it owns this trainer.</param>
    /// <param name="heads">One head per output of the model, in output order.</param>
    /// <param name="optimizer">Already built for the model's parameters.</param>
    /// <param name="metrics">The metrics as compiled (reported by <see cref="Model.CompiledMetrics"/>).</param>
    /// <param name="previous">The trainer of an earlier Compile, whose shuffle and dropout streams continue here.</param>
    public Trainer(Model model, OutputHead[] heads, Optimizer optimizer, Metric[] metrics, Trainer? previous)
    {
        _model = model;
        _info = model.Info;
        _heads = heads;
        _optimizer = optimizer;
        _metrics = metrics;
        _rules = WeightRuleSet.For(model);
        // Recompiling does not restart the draws: they depend on the seed and the steps taken, as if compiled once.
        _shuffleRng = previous?._shuffleRng;
        _trainingSteps = previous?._trainingSteps ?? 0;
        _randomSeed = previous?._randomSeed ?? model.Seed;
        Epoch = previous?.Epoch ?? 0;
        for (int i = 0; i < heads.Length; i++) _labelSize += heads[i].LabelSize;
    }

    /// <summary>The model's shapes and layout.</summary>
    public ModelInfo Info => _info;

    /// <summary>The threads the model's steps may use (<see cref="Model.Threads"/>).</summary>
    public int Threads => _model.Threads;

    /// <summary>The first output's loss (every output's, when compiled with one loss).</summary>
    public Loss Loss => _heads[0].Loss;

    public Optimizer Optimizer => _optimizer;

    public IReadOnlyList<Metric> Metrics => _metrics;

    /// <summary>Label floats per sample: every head's side by side.</summary>
    public int LabelSize => _labelSize;

    /// <summary>What the compiled loss is called in messages (one per output when there are several).</summary>
    public string LossDescription =>
        _heads.Length == 1 ? Loss.Name : string.Join(", ", _heads.Select(h => h.Output.Name + ": " + h.Loss.Name + " (" + h.LabelSize + ")"));

    /// <summary>Each output's name and label width, for packing one label array per output.</summary>
    public (string Name, int Size)[] LabelColumns() => _heads.Select(h => (h.Output.Name, h.LabelSize)).ToArray();

    /// <summary>The metrics compiled for output <paramref name="output"/>.</summary>
    public IReadOnlyList<Metric> MetricsFor(string output) => _heads.FirstOrDefault(h => h.Output.Name == output)?.Metrics ?? _metrics;

    /// <summary>
    /// The metrics Fit and Evaluate report, built (their state allocated and reset). One output: its metrics under their own
    /// names. Several (Keras): each output's loss, then its metrics, named "&lt;output&gt;_…"; an instance given to several
    /// outputs is copied so that each keeps its own state. A vector-valued metric becomes one logged metric per component.
    /// </summary>
    private Metric[] ResolveMetrics()
    {
        Metric[] resolved;
        if (_heads.Length == 1)
        {
            var head = _heads[0];
            // A stepwise head's metrics see one row per step (Keras reduces them over the last axis too).
            resolved = [.. head.Metrics.Select(m => m.Resolve(head.StepSize, head.StepLabelSize))];
        }
        else
        {
            var list = new List<Metric>();
            var seen = new HashSet<Metric>(ReferenceEqualityComparer.Instance);
            foreach (var head in _heads) list.Add(new HeadMetric(head, _info.OutputSize, head.Output.Name + "_loss", new Metrics.LossMetric(head.Loss)));
            foreach (var head in _heads)
            {
                foreach (var metric in head.Metrics)
                {
                    var inner = metric.Resolve(head.Output.Size, head.LabelSize);
                    if (!seen.Add(inner)) inner = inner.CopyForOutput();
                    list.Add(new HeadMetric(head, _info.OutputSize, head.Output.Name + "_" + inner.Name, inner));
                }
            }
            resolved = [.. list];
        }
        // A vector-valued metric (several thresholds, average None) is logged as one number per component: name_0, name_1, ….
        var logged = new List<Metric>(resolved.Length);
        foreach (var metric in resolved)
        {
            if (_heads.Length == 1) metric.Build(_heads[0].StepSize, _heads[0].StepLabelSize);
            else metric.Build(_info.OutputSize, _labelSize);
            if (metric.ResultCount == 1) logged.Add(metric);
            else logged.AddRange(GenNet.Metrics.ResultComponent.Of(metric));
        }
        return [.. logged];
    }

    /// <summary>Updates every metric with the batch staged in <paramref name="ws"/>, in order, on the calling thread.</summary>
    private void UpdateMetrics(Metric[] metrics, Workspace ws, int count, int labelSize, ReadOnlySpan<float> weights)
    {
        if (_heads.Length == 1 && _heads[0].IsStepwise)
        {
            UpdateStepwiseMetrics(_heads[0], metrics, ws, count, labelSize, weights);
            return;
        }
        int n = _info.OutputSize;
        var labels = ws.Labels.AsSpan(0, count * labelSize);
        var output = ws.Output.AsSpan(0, count * n);
        foreach (var metric in metrics) metric.UpdateState(labels, output, weights, count, n);
    }
}
