namespace GenNet;

/// <summary>
/// Keras <c>InverseTimeDecay</c>: <c>initial / (1 + rate · step / decaySteps)</c>; with <c>staircase</c>,
/// <c>initial / (1 + rate · ⌊step / decaySteps⌋)</c>.
/// </summary>
/// <exception cref="ArgumentOutOfRangeException"><paramref name="decaySteps"/> not positive, or a value not finite.</exception>
public sealed class InverseTimeDecay(double initialLearningRate, double decaySteps, double decayRate, bool staircase = false)
    : PeriodicDecay(initialLearningRate, decaySteps, decayRate, staircase)
{
    private protected override double Decay(double periods) => InitialLearningRate / (1 + DecayRate * periods);
}
