namespace GenNet;

/// <summary>
/// Hooks into <see cref="O:GenNet.Model.Fit"/>, as Keras callbacks. Logs are the running values shown in the progress
/// output (<c>loss</c>, metrics, and at epoch end <c>val_</c> ones); the dictionary is reused between calls, so copy
/// what you keep.
/// </summary>
public abstract class Callback
{
    /// <summary>The model being trained; set when training begins.</summary>
    public Model Model { get; internal set; } = null!;

    /// <summary>Before the first epoch.</summary>
    public virtual void OnTrainBegin() { }

    /// <summary>After the last epoch (also after an early stop or a cancellation).</summary>
    public virtual void OnTrainEnd() { }

    /// <summary>Before epoch <paramref name="epoch"/> (0-based).</summary>
    public virtual void OnEpochBegin(int epoch) { }

    /// <summary>After epoch <paramref name="epoch"/> (0-based) and its validation.</summary>
    public virtual void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) { }

    /// <summary>After training batch <paramref name="batch"/> (0-based within the epoch); logs hold the epoch's running means.</summary>
    public virtual void OnBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) { }
}
