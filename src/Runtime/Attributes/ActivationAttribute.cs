using GenNet.Shared;

namespace GenNet;

/// <summary>
/// Keras <c>Activation(name)</c> as a layer of its own. The optional properties configure the activations that
/// take arguments: relu (<see cref="NegativeSlope"/>, <see cref="MaxValue"/>, <see cref="Threshold"/>),
/// leaky_relu and elu (<see cref="Alpha"/>), gelu (<see cref="Approximate"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ActivationAttribute : LayerAttribute
{
    /// <summary>An activation layer applying <paramref name="activation"/> (see <see cref="Act"/>).</summary>
    public ActivationAttribute(string activation) => Activation = activation;

    /// <summary>Activation name, e.g. <c>"sigmoid"</c>.</summary>
    public string Activation { get; }

    /// <summary>relu: slope below the threshold. Default 0.</summary>
    public double NegativeSlope { get; set; }

    /// <summary>relu: saturation value; default none (positive infinity).</summary>
    public double MaxValue { get; set; } = LayerArgumentDefaults.MaxValue;

    /// <summary>relu: values at or below it are damped. Default 0.</summary>
    public double Threshold { get; set; }

    /// <summary>leaky_relu slope (Keras' function default 0.2) or elu α (default 1.0). NaN means the activation's default.</summary>
    public double Alpha { get; set; } = LayerArgumentDefaults.Alpha;

    /// <summary>gelu: use the tanh approximation. Default <c>false</c> (exact erf form, as Keras' activation).</summary>
    public bool Approximate { get; set; }

    /// <summary>Layer name; Keras' default is <c>activation</c>, <c>activation_1</c>, ….</summary>
    public string? Name { get; set; }
}
