namespace GenNet.Tests.Support;

/// <summary>
/// A callback that reads the calling thread's allocation counter after every training step, so a test can assert that
/// the steps of an epoch after its first allocate nothing (the loop, the source's reads, the step itself).
/// </summary>
public sealed class StepAllocations(int epochs, int steps) : Callback
{
    private readonly long[,] _after = new long[epochs, steps];
    private int _epoch;

    public override void OnEpochBegin(int epoch) => _epoch = epoch;

    public override void OnBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) => _after[_epoch, batch] = GC.GetAllocatedBytesForCurrentThread();

    /// <summary>Bytes allocated between the end of step 1 and the end of the last step of <paramref name="epoch"/>.</summary>
    public long AfterFirstStep(int epoch) => _after[epoch, steps - 1] - _after[epoch, 0];
}
