namespace GenNet;

/// <summary>
/// Keras <c>ExponentialDecay</c>: <c>initial · rate^(step / decaySteps)</c>; with <c>staircase</c> the exponent is
/// <c>⌊step / decaySteps⌋</c>, so the rate drops at every multiple of <c>decaySteps</c>.
/// </summary>
/// <exception cref="ArgumentOutOfRangeException"><paramref name="decaySteps"/> not positive, or a value not finite.</exception>
public sealed class ExponentialDecay(double initialLearningRate, double decaySteps, double decayRate, bool staircase = false)
    : PeriodicDecay(initialLearningRate, decaySteps, decayRate, staircase)
{
    private protected override double Decay(double periods) => InitialLearningRate * Math.Pow(DecayRate, periods);
}
