namespace GenNet;

// What a training checkpoint keeps of an optimizer beyond its slots (Model.SaveCheckpoint): the step count, the
// learning rate, and scalars a rule carries from step to step.
public abstract partial class Optimizer
{
    /// <summary>
    /// Scalars of the rule's own that carry over from step to step (Nadam's momentum product), by name; none for most rules.
    /// Saved in checkpoints as text that round-trips the double exactly.
    /// </summary>
    internal virtual IEnumerable<(string Name, double Value)> ScalarState => [];

    /// <summary>Restores one of <see cref="ScalarState"/>; an unknown name throws <see cref="ArgumentException"/>.</summary>
    internal virtual void RestoreScalar(string name, double value) =>
        throw new ArgumentException($"Optimizer '{Name}' keeps no scalar state named '{name}'.", nameof(name));

    /// <summary>The slots' array itself (<see cref="Slots"/> as an array), for writing checkpoints without a copy.</summary>
    internal float[] SlotBuffer => _slots;

    /// <summary>Sets the step count a checkpoint recorded (Keras <c>iterations</c>).</summary>
    internal void RestoreIterations(long iterations)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(iterations);
        Iterations = iterations;
    }
}
