namespace GenNet;

/// <summary>
/// Keras <c>TerminateOnNaN(raise_error=False)</c>: after a batch whose loss is NaN or infinite, prints
/// "Batch k: Invalid loss, terminating training" and stops (or throws when <paramref name="raiseError"/>).
/// </summary>
public sealed class TerminateOnNaN(bool raiseError = false) : Callback
{
    /// <inheritdoc/>
    public override void OnBatchEnd(int batch, IReadOnlyDictionary<string, double> logs)
    {
        if (!logs.TryGetValue("loss", out double loss) || double.IsFinite(loss)) return;
        if (raiseError)
            throw new InvalidOperationException($"Batch {batch}: Invalid loss ({loss}), terminating training.");
        Model.Output.WriteLine($"Batch {batch}: Invalid loss, terminating training");
        Model.StopTraining = true;
    }
}
