namespace GenNet;

/// <summary>
/// Keras <c>AdamW</c> (Loshchilov and Hutter 2017): <see cref="Adam"/> after the decoupled weight decay
/// <c>v ← v − v·wd·lr</c> that every optimizer applies when <see cref="Optimizer.WeightDecay"/> is set; here it is
/// required (Keras raises on None). Slots as Adam.
/// </summary>
public sealed class AdamW : Adam
{
    /// <summary>Creates the optimizer; defaults are Keras 3's (weight decay 0.004, unlike torch's 0.01).</summary>
    public AdamW(double learningRate = 0.001, double weightDecay = 0.004, double beta1 = 0.9, double beta2 = 0.999,
        double epsilon = 1e-7, bool amsgrad = false)
        : base(learningRate, beta1, beta2, epsilon, amsgrad)
    {
        WeightDecay = weightDecay;
    }

    /// <summary>Creates the optimizer with a learning-rate schedule in place of the fixed rate (see <see cref="Optimizer.Schedule"/>).</summary>
    public AdamW(LearningRateSchedule learningRate, double weightDecay = 0.004, double beta1 = 0.9, double beta2 = 0.999,
        double epsilon = 1e-7, bool amsgrad = false)
        : this(0.001, weightDecay, beta1, beta2, epsilon, amsgrad) => Schedule = learningRate;

    /// <inheritdoc/>
    public override string Name => "adamw";

    /// <inheritdoc/>
    protected override void Validate()
    {
        if (WeightDecay is null)
            throw new InvalidOperationException("AdamW requires a weight decay (Keras: 'weight_decay' cannot be None). Received: WeightDecay=null.");
    }
}
