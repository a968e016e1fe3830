namespace GenNet;

public abstract partial class Model
{
    private Loss? _loss;
    private Optimizer? _optimizer;
    private Metric[] _metrics = [];

    /// <summary>
    /// Configures training, as Keras <c>compile(optimizer, loss, metrics)</c>. Strings work too:
    /// <c>Compile("binary_crossentropy", "sgd", "accuracy")</c>. The optimizer's state is sized here.
    /// </summary>
    public void Compile(Loss loss, Optimizer optimizer, params Metric[] metrics)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(metrics);
        var variables = Info.Weights.Where(w => w.Trainable).Select(w => (w.Offset, w.Length)).ToArray();
        optimizer.Build(Info.ParameterCount, variables);
        _loss = loss;
        _optimizer = optimizer;
        _metrics = metrics;
        // Several outputs: the same loss and metrics for each, weight 1 (Keras, given one loss for a multi-output model).
        _heads = Heads([.. Info.Outputs.Select(_ => loss)], [.. Info.Outputs.Select(_ => 1f)], [.. Info.Outputs.Select(_ => metrics)]);
        _trainingWorkspace = null;
    }

    /// <summary>Whether <see cref="O:GenNet.Model.Compile"/> has been called.</summary>
    public bool IsCompiled => _loss is not null;

    /// <summary>The compiled loss.</summary>
    public Loss Loss => _loss ?? throw NotCompiled();

    /// <summary>The compiled optimizer.</summary>
    public Optimizer Optimizer => _optimizer ?? throw NotCompiled();

    /// <summary>The compiled metrics as given (<c>"accuracy"</c> resolves against the labels at <c>Fit</c>).</summary>
    public IReadOnlyList<Metric> CompiledMetrics => _metrics;

    /// <summary>Set by callbacks to end <see cref="O:GenNet.Model.Fit"/> after the current batch.</summary>
    public bool StopTraining { get; set; }

    /// <summary>Where progress, summaries and callback messages go; <see cref="Console.Out"/> unless replaced.</summary>
    public TextWriter Output { get; set; } = Console.Out;

    private static InvalidOperationException NotCompiled() =>
        new("The model is not compiled: call Compile(loss, optimizer, metrics) before training or evaluating.");
}
