namespace GenNet;

public abstract partial class Model
{
    // What Compile made: heads, optimizer, metrics, and the training and evaluation machinery. Null until compiled.
    private Trainer? _trainer;

    /// <summary>
    /// Configures training, as Keras <c>compile(optimizer, loss, metrics)</c>. Strings work too:
    /// <c>Compile("binary_crossentropy", "sgd", "accuracy")</c>. The optimizer's state is sized here.
    /// </summary>
    public void Compile(Loss loss, Optimizer optimizer, params Metric[] metrics)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(metrics);
        // Several outputs: the same loss and metrics for each, weight 1 (Keras, given one loss for a multi-output model).
        var outputs = Info.Outputs;
        var heads = OutputHead.For(Info, [.. outputs.Select(_ => loss)], [.. outputs.Select(_ => 1f)], [.. outputs.Select(_ => metrics)]);
        Compile(heads, optimizer, metrics);
    }

    /// <summary>
    /// <see cref="Compile(Loss, Optimizer, Metric[])"/> with metrics by Keras name, the literal port of
    /// <c>compile(..., metrics=["accuracy", "mae"])</c>: <c>Compile(loss, optimizer, metrics: new[] { "accuracy" })</c>.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown metric name (<see cref="Metric.FromName"/>).</exception>
    public void Compile(Loss loss, Optimizer optimizer, IEnumerable<string> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        Compile(loss, optimizer, [.. metrics.Select(Metric.FromName)]);
    }

    /// <summary>Builds <paramref name="optimizer"/> for the trainable weights and makes the trainer for <paramref name="heads"/>.</summary>
    private void Compile(OutputHead[] heads, Optimizer optimizer, Metric[] metrics)
    {
        var variables = Info.Weights.Where(w => w.Trainable).Select(w => (w.Offset, w.Length)).ToArray();
        optimizer.Build(Info.ParameterCount, variables);
        _trainer = new Trainer(this, heads, optimizer, metrics, _trainer);
        if (heads.Length == 1)
        {
            foreach (string warning in LossActivationFit.Warnings(heads[0].Loss, Info.OutputActivation, heads[0].StepSize))
                Output.WriteLine("WARNING: " + warning);
        }
    }

    /// <summary>Whether <see cref="O:GenNet.Model.Compile"/> has been called.</summary>
    public bool IsCompiled => _trainer is not null;

    /// <summary>The compiled loss.</summary>
    public Loss Loss => Trainer.Loss;

    /// <summary>The compiled optimizer.</summary>
    public Optimizer Optimizer => Trainer.Optimizer;

    /// <summary>The compiled metrics as given (<c>"accuracy"</c> resolves against the labels at <c>Fit</c>).</summary>
    public IReadOnlyList<Metric> CompiledMetrics => _trainer?.Metrics ?? [];

    /// <summary>Set by callbacks to end <see cref="O:GenNet.Model.Fit"/> after the current batch.</summary>
    public bool StopTraining { get; set; }

    /// <summary>Where progress, summaries and callback messages go; <see cref="Console.Out"/> unless replaced.</summary>
    public TextWriter Output { get; set; } = Console.Out;

    /// <summary>The trainer Compile made; Fit, Evaluate and TrainOnBatch run there.</summary>
    internal Trainer Trainer => _trainer ?? throw NotCompiled();

    /// <summary>The metrics compiled for output <paramref name="output"/> (all compiled metrics for a single output).</summary>
    internal IReadOnlyList<Metric> MetricsFor(string output) => _trainer?.MetricsFor(output) ?? [];

    private static InvalidOperationException NotCompiled() =>
        new("The model is not compiled: call Compile(loss, optimizer, metrics) before training or evaluating.");
}
