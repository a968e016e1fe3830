namespace GenNet;

/// <summary>
/// A Keras optimizer over the model's flat parameter buffer. <see cref="Apply"/> follows Keras' step pipeline:
/// clip (clipnorm per variable, global_clipnorm, or clipvalue — at most one), decoupled weight decay, the
/// optimizer's update rule with <c>t = Iterations + 1</c>, then <c>Iterations += 1</c>.
/// </summary>
/// <remarks>
/// A "variable" is one weight tensor (a layer's kernel or bias): a contiguous range of the buffer. Hyper-parameters
/// take the <c>double</c> literals Keras code is written with (<c>new Adam(1e-2)</c>) and are kept as <c>float</c>, the
/// precision the update runs in.
/// </remarks>
public abstract partial class Optimizer
{
    private float _learningRate;
    private LearningRateSchedule? _schedule;
    private float? _clipNorm, _globalClipNorm, _clipValue, _weightDecay;

    /// <summary>Keras name, e.g. <c>"adam"</c>.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// The learning rate of the next step. With a <see cref="Schedule"/> it is the schedule's value at
    /// <see cref="Iterations"/> and cannot be set (as in Keras); otherwise callbacks such as ReduceLROnPlateau set it
    /// between steps.
    /// </summary>
    /// <exception cref="InvalidOperationException">Set while a <see cref="Schedule"/> drives the rate.</exception>
    public float LearningRate
    {
        get => _schedule is null ? _learningRate : (float)_schedule.LearningRateAt(Iterations);
        set
        {
            if (_schedule is not null)
                throw new InvalidOperationException(
                    $"Optimizer '{Name}' follows a learning-rate schedule ({_schedule.GetType().Name}), hence its learning rate is not settable. " +
                    "Create the optimizer with a fixed learning rate if it needs to be settable.");
            _learningRate = value;
        }
    }

    /// <summary>
    /// The schedule that gives each step's learning rate from <see cref="Iterations"/> (Keras: a
    /// <c>LearningRateSchedule</c> passed as <c>learning_rate</c>), or null for the fixed <see cref="LearningRate"/>.
    /// Every optimizer's constructor also takes one in place of the rate: <c>new Adam(new CosineDecay(1e-3, 1000))</c>.
    /// </summary>
    /// <exception cref="ArgumentNullException">Set to null (a schedule, once given, is not taken back, as in Keras).</exception>
    public LearningRateSchedule? Schedule
    {
        get => _schedule;
        set => _schedule = value ?? throw new ArgumentNullException(nameof(value), "Expected a learning-rate schedule. To use a fixed rate, create the optimizer with one.");
    }

    /// <summary>Per-variable gradient norm limit (Keras <c>clipnorm</c>), or null.</summary>
    public double? ClipNorm { get => _clipNorm; init => _clipNorm = (float?)value; }

    /// <summary>Limit on the norm of all gradients together (Keras <c>global_clipnorm</c>), or null.</summary>
    public double? GlobalClipNorm { get => _globalClipNorm; init => _globalClipNorm = (float?)value; }

    /// <summary>Element-wise gradient limit (Keras <c>clipvalue</c>), or null.</summary>
    public double? ClipValue { get => _clipValue; init => _clipValue = (float?)value; }

    /// <summary>Decoupled weight decay <c>v ← v − v·wd·lr</c> (Keras <c>weight_decay</c>), or null.</summary>
    public double? WeightDecay { get => _weightDecay; init => _weightDecay = (float?)value; }

    /// <summary>Steps applied so far (Keras <c>iterations</c>).</summary>
    public long Iterations { get; protected set; }

    /// <summary>Floats of state kept per parameter (Adam: 2), for buffer sizes and the summary's "Optimizer params".</summary>
    public abstract int SlotsPerParameter { get; }
}
