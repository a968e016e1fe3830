namespace GenNet;

// Several outputs (a Functional model declared with Outputs = …): a loss, a loss weight and metrics per output, Keras'
// compile(loss={…}, loss_weights={…}, metrics={…}). Each output becomes a head of the trainer (Training/OutputHead.cs).
public abstract partial class Model
{
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
        if (outputs.Length == 1 && weights[0] != 1f)
            throw new NotSupportedException("A loss weight other than 1 is supported only for models with several outputs; scale the learning rate instead.");
        // One output: its metrics are the compiled metrics; several: each output keeps its own, none are model-wide.
        Compile(OutputHead.For(Info, perOutputLoss, weights, perOutputMetrics), optimizer, outputs.Length == 1 ? perOutputMetrics[0] : []);
    }
}
