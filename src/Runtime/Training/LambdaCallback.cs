namespace GenNet;

/// <summary>
/// Keras <c>LambdaCallback</c>: a callback made of delegates, one per hook, each optional:
/// <c>new LambdaCallback(onEpochEnd: (epoch, logs) =&gt; Console.WriteLine(logs["loss"]))</c>. Parameter names follow
/// Keras' (<c>on_train_batch_begin</c> → <c>onTrainBatchBegin</c>, which runs as <see cref="Callback.OnBatchBegin"/>).
/// </summary>
public sealed class LambdaCallback(
    Action<int>? onEpochBegin = null,
    Action<int, IReadOnlyDictionary<string, double>>? onEpochEnd = null,
    Action? onTrainBegin = null,
    Action? onTrainEnd = null,
    Action<int>? onTrainBatchBegin = null,
    Action<int, IReadOnlyDictionary<string, double>>? onTrainBatchEnd = null,
    Action? onTestBegin = null,
    Action<IReadOnlyDictionary<string, double>>? onTestEnd = null,
    Action<int>? onTestBatchBegin = null,
    Action<int, IReadOnlyDictionary<string, double>>? onTestBatchEnd = null,
    Action? onPredictBegin = null,
    Action? onPredictEnd = null,
    Action<int>? onPredictBatchBegin = null,
    Action<int, ReadOnlySpan<float>>? onPredictBatchEnd = null) : Callback
{
    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch) => onEpochBegin?.Invoke(epoch);

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) => onEpochEnd?.Invoke(epoch, logs);

    /// <inheritdoc/>
    public override void OnTrainBegin() => onTrainBegin?.Invoke();

    /// <inheritdoc/>
    public override void OnTrainEnd() => onTrainEnd?.Invoke();

    /// <inheritdoc/>
    public override void OnBatchBegin(int batch) => onTrainBatchBegin?.Invoke(batch);

    /// <inheritdoc/>
    public override void OnBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) => onTrainBatchEnd?.Invoke(batch, logs);

    /// <inheritdoc/>
    public override void OnTestBegin() => onTestBegin?.Invoke();

    /// <inheritdoc/>
    public override void OnTestEnd(IReadOnlyDictionary<string, double> logs) => onTestEnd?.Invoke(logs);

    /// <inheritdoc/>
    public override void OnTestBatchBegin(int batch) => onTestBatchBegin?.Invoke(batch);

    /// <inheritdoc/>
    public override void OnTestBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) => onTestBatchEnd?.Invoke(batch, logs);

    /// <inheritdoc/>
    public override void OnPredictBegin() => onPredictBegin?.Invoke();

    /// <inheritdoc/>
    public override void OnPredictEnd() => onPredictEnd?.Invoke();

    /// <inheritdoc/>
    public override void OnPredictBatchBegin(int batch) => onPredictBatchBegin?.Invoke(batch);

    /// <inheritdoc/>
    public override void OnPredictBatchEnd(int batch, ReadOnlySpan<float> outputs) => onPredictBatchEnd?.Invoke(batch, outputs);
}
