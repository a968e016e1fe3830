namespace GenNet;

/// <summary>
/// Hooks into <see cref="O:GenNet.Model.Fit"/>, <see cref="O:GenNet.Model.Evaluate"/> and
/// <see cref="O:GenNet.Model.Predict"/>, as Keras callbacks. Logs are the running values shown in the progress output
/// (<c>loss</c>, metrics, and at epoch end <c>val_</c> ones); the dictionary is reused between calls, so copy what you
/// keep. Fit's validation runs the test hooks (Keras: <c>fit</c> calls <c>evaluate</c> with the same callbacks).
/// </summary>
public abstract class Callback
{
    /// <summary>The model being trained, evaluated or run; set when the call begins.</summary>
    public Model Model { get; internal set; } = null!;

    /// <summary>Before the first epoch.</summary>
    public virtual void OnTrainBegin() { }

    /// <summary>After the last epoch (also after an early stop or a cancellation).</summary>
    public virtual void OnTrainEnd() { }

    /// <summary>Before epoch <paramref name="epoch"/> (0-based).</summary>
    public virtual void OnEpochBegin(int epoch) { }

    /// <summary>After epoch <paramref name="epoch"/> (0-based) and its validation.</summary>
    public virtual void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) { }

    /// <summary>Before training batch <paramref name="batch"/> (0-based within the epoch; Keras <c>on_train_batch_begin</c>).</summary>
    public virtual void OnBatchBegin(int batch) { }

    /// <summary>After training batch <paramref name="batch"/> (0-based within the epoch); logs hold the epoch's running means.</summary>
    public virtual void OnBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) { }

    /// <summary>Before an evaluation: <c>Evaluate</c>, or Fit's validation at the end of an epoch.</summary>
    public virtual void OnTestBegin() { }

    /// <summary>After an evaluation; logs hold its <c>loss</c> and metrics (without the <c>val_</c> prefix Fit adds).</summary>
    public virtual void OnTestEnd(IReadOnlyDictionary<string, double> logs) { }

    /// <summary>Before evaluation batch <paramref name="batch"/> (0-based).</summary>
    public virtual void OnTestBatchBegin(int batch) { }

    /// <summary>After evaluation batch <paramref name="batch"/> (0-based); logs hold the evaluation's running means.</summary>
    public virtual void OnTestBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) { }

    /// <summary>Before <c>Predict</c> runs its first batch.</summary>
    public virtual void OnPredictBegin() { }

    /// <summary>After <c>Predict</c>'s last batch.</summary>
    public virtual void OnPredictEnd() { }

    /// <summary>Before prediction batch <paramref name="batch"/> (0-based).</summary>
    public virtual void OnPredictBatchBegin(int batch) { }

    /// <summary>
    /// After prediction batch <paramref name="batch"/> (0-based), with its <paramref name="outputs"/>: the batch's rows of
    /// the result (<c>rows × OutputSize</c>; valid during the call only). Keras passes them as <c>logs["outputs"]</c>.
    /// </summary>
    public virtual void OnPredictBatchEnd(int batch, ReadOnlySpan<float> outputs) { }
}
