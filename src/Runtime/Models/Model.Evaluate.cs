namespace GenNet;

/// <summary>What <see cref="O:GenNet.Model.Evaluate"/> returns: the loss and each compiled metric.</summary>
public sealed class Evaluation(double loss, IReadOnlyDictionary<string, double> metrics)
{
    /// <summary>Mean loss over the samples (Keras' "sum_over_batch_size" per batch, weighted by batch size).</summary>
    public double Loss { get; } = loss;

    /// <summary>Each compiled metric's value by name, e.g. <c>["accuracy"]</c>.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; } = metrics;

    /// <summary><c>var (loss, accuracy) = model.Evaluate(x, y);</c> for a model compiled with one metric.</summary>
    public void Deconstruct(out double loss, out double firstMetric)
    {
        loss = Loss;
        firstMetric = Metrics.Count > 0 ? Metrics.First().Value : double.NaN;
    }
}

public abstract partial class Model
{
    /// <summary>
    /// Loss and metrics on <paramref name="x"/>/<paramref name="y"/> in inference mode, as Keras <c>evaluate</c>;
    /// <paramref name="steps"/> batches at most (null: all rows); <paramref name="callbacks"/> get the test hooks
    /// (<see cref="Callback.OnTestBegin"/>, per batch, at the end).
    /// </summary>
    public Evaluation Evaluate(Samples x, Samples y, int batchSize = 32, int verbose = 1, int? steps = null, IEnumerable<Callback>? callbacks = null)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Expected a positive batch size.");
        return Trainer.Evaluate(x, y, batchSize, verbose, steps, callbacks);
    }

    /// <summary>
    /// Loss and metrics on a <see cref="DataSource"/> in inference mode, as Keras <c>evaluate</c> on a dataset: a pass of
    /// its own from the first sample (not shuffled), in batches of <paramref name="batchSize"/>, <paramref name="steps"/>
    /// batches at most (null: the whole pass). Sample weights the source gives are not applied. <paramref name="callbacks"/>
    /// get the test hooks.
    /// </summary>
    /// <exception cref="ArgumentException">A source whose sizes do not fit the model, or that is empty; a NaN or infinity it wrote.</exception>
    public Evaluation Evaluate(DataSource data, int batchSize = 32, int verbose = 1, int? steps = null, IEnumerable<Callback>? callbacks = null)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Expected a positive batch size.");
        return Trainer.Evaluate(data, batchSize, verbose, steps, callbacks);
    }
}
