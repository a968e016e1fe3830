namespace GenNet;

// Training runs in the trainer Compile made (Training/Trainer.*.cs); these are the public entry points.
public abstract partial class Model
{
    /// <summary>
    /// Trains the model, as Keras <c>fit</c>: <paramref name="epochs"/> passes over <paramref name="x"/> in batches of
    /// <paramref name="batchSize"/> (the last batch may be smaller), shuffled afresh each epoch from the model's seed,
    /// with the validation rows taken from the end of the data before any shuffling when
    /// <paramref name="validationSplit"/> is set (or given as <paramref name="validationData"/>).
    /// </summary>
    /// <param name="x">Inputs, <c>samples × InputSize</c>.</param>
    /// <param name="y">Targets, <c>samples × OutputSize</c> (or one class id per sample for sparse losses).</param>
    /// <param name="epochs">Final epoch number (Keras counts from <paramref name="initialEpoch"/>); 0, or any number up to
    /// <paramref name="initialEpoch"/>, trains nothing and returns an empty History, as Keras.</param>
    /// <param name="batchSize">Samples per step.</param>
    /// <param name="verbose">0 silent, 1 progress bar (one line per epoch when output is redirected), 2 one line per epoch.</param>
    /// <param name="callbacks">Called in the given order, before the History.</param>
    /// <param name="validationSplit">Fraction in [0, 1) of the last rows held out for validation.</param>
    /// <param name="validationData">Validation inputs and targets; overrides <paramref name="validationSplit"/>.</param>
    /// <param name="shuffle">Shuffle the training rows before each epoch.</param>
    /// <param name="initialEpoch">Epoch to start from (for resuming: the value <see cref="LoadCheckpoint(string)"/> returns).</param>
    /// <param name="sampleWeight">One weight per training sample, scaling its loss and metrics.</param>
    /// <param name="classWeight">Weight per class id, turned into sample weights (not with <paramref name="sampleWeight"/>).</param>
    /// <param name="stepsPerEpoch">Batches per epoch; null: one whole pass. When set, the pass goes on across epochs (Keras).</param>
    /// <param name="validationSteps">Validation batches per validation; null: all of the validation data.</param>
    /// <param name="validationBatchSize">Rows per validation batch; null: <paramref name="batchSize"/>.</param>
    /// <param name="validationFreq">Validate every N epochs, or after the listed 1-based epochs; default every epoch.</param>
    /// <param name="cancellationToken">Checked between batches; cancellation leaves the weights of the last full step.</param>
    public History Fit(Samples x, Samples y, int epochs = 1, int batchSize = 32, int verbose = 1,
        IEnumerable<Callback>? callbacks = null, double validationSplit = 0, (Samples X, Samples Y)? validationData = null,
        bool shuffle = true, int initialEpoch = 0, float[]? sampleWeight = null, IReadOnlyDictionary<int, float>? classWeight = null,
        int? stepsPerEpoch = null, int? validationSteps = null, int? validationBatchSize = null, ValidationFrequency validationFreq = default,
        CancellationToken cancellationToken = default)
        => Trainer.Fit(x, y, epochs, batchSize, verbose, callbacks, validationSplit, validationData, shuffle, initialEpoch, sampleWeight, classWeight,
            new FitSteps(stepsPerEpoch, validationSteps, validationBatchSize, validationFreq), cancellationToken);

    /// <summary>
    /// Trains the model on a <see cref="DataSource"/>, as Keras <c>fit</c> on a dataset: <paramref name="epochs"/> epochs of
    /// batches of <paramref name="batchSize"/> rows read on demand from <paramref name="data"/> (so the data need not fit
    /// in memory), each epoch one whole pass unless <paramref name="stepsPerEpoch"/> is set. With <paramref name="shuffle"/>
    /// each pass begins with <see cref="DataSource.BeginPass"/> given the model's shuffle stream.
    /// </summary>
    /// <param name="data">Training samples; sizes must match the model's input and the compiled loss's labels.</param>
    /// <param name="epochs">Final epoch number (Keras counts from <paramref name="initialEpoch"/>).</param>
    /// <param name="batchSize">Rows per step (the last batch of a pass may be smaller).</param>
    /// <param name="verbose">0 silent, 1 progress bar, 2 one line per epoch.</param>
    /// <param name="callbacks">Called in the given order, before the History.</param>
    /// <param name="validationData">Validation samples, read in order without shuffling.</param>
    /// <param name="shuffle">Pass the shuffle stream to <see cref="DataSource.BeginPass"/> (else null).</param>
    /// <param name="initialEpoch">Epoch to start from (for resuming).</param>
    /// <param name="stepsPerEpoch">Batches per epoch; null: one whole pass. When set, the pass goes on across epochs and the
    /// next pass begins after the epoch in which it ran out (an epoch that runs out ends early, with a warning when verbose).</param>
    /// <param name="validationSteps">Validation batches per validation (continuing across validations, as Keras); null: a whole pass.</param>
    /// <param name="validationBatchSize">Rows per validation batch; null: <paramref name="batchSize"/>.</param>
    /// <param name="validationFreq">Validate every N epochs, or after the listed 1-based epochs; default every epoch.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <exception cref="ArgumentException">A source whose sizes do not fit the model, or that is empty; a NaN or infinity it wrote.</exception>
    public History Fit(DataSource data, int epochs = 1, int batchSize = 32, int verbose = 1, IEnumerable<Callback>? callbacks = null,
        DataSource? validationData = null, bool shuffle = true, int initialEpoch = 0, int? stepsPerEpoch = null, int? validationSteps = null,
        int? validationBatchSize = null, ValidationFrequency validationFreq = default, CancellationToken cancellationToken = default)
        => Trainer.Fit(data, validationData, epochs, batchSize, verbose, callbacks, shuffle, initialEpoch,
            new FitSteps(stepsPerEpoch, validationSteps, validationBatchSize, validationFreq), cancellationToken);

    /// <summary>
    /// One optimizer step on one batch, as Keras <c>train_on_batch</c>; returns the batch loss. After the first call
    /// for a batch size it allocates nothing.
    /// </summary>
    public double TrainOnBatch(ReadOnlySpan<float> x, ReadOnlySpan<float> y) => Trainer.TrainOnBatch(x, y);
}
