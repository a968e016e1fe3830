namespace GenNet;

/// <summary>
/// A learning rate that changes with the optimizer's step, as Keras' <c>LearningRateSchedule</c>: pass one where an
/// optimizer takes its learning rate (<c>new SGD(new ExponentialDecay(0.1, decaySteps: 1000, decayRate: 0.96))</c>) or
/// set <see cref="Optimizer.Schedule"/>. The step is the optimizer's <see cref="Optimizer.Iterations"/> before the step
/// is applied, so the first step uses <c>LearningRateAt(0)</c> (as Keras calls the schedule with <c>iterations</c>).
/// </summary>
/// <remarks>
/// Write your own by overriding <see cref="LearningRateAt"/>. It must be a pure function of the step: the optimizer calls
/// it whenever it reads <see cref="Optimizer.LearningRate"/>, possibly from several training threads within one step.
/// </remarks>
public abstract class LearningRateSchedule
{
    /// <summary>The learning rate for optimizer step <paramref name="step"/> (0 for the first step).</summary>
    public abstract double LearningRateAt(long step);

    /// <summary>Keras' <c>decay_steps &gt; 0</c> check (and finite), with its message.</summary>
    private protected static double PositiveSteps(double steps, string name) =>
        steps > 0 && double.IsFinite(steps)
            ? steps
            : throw new ArgumentOutOfRangeException(name, steps, $"Argument `{name}` must be > 0 (and finite). Received: {name}={steps}.");

    /// <summary>A hyper-parameter that must be a finite number.</summary>
    private protected static double Finite(double value, string name) =>
        double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, $"Expected a finite {name}. Received: {name}={value}.");
}
