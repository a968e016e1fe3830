using GenNet.Shared;

namespace GenNet;

/// <summary>
/// Keras <c>BatchNormalization(axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True)</c> over the last axis:
/// <c>y = (x − μ)/√(σ² + ε)·γ + β</c>. Training uses the batch mean and (biased) variance and updates the moving
/// statistics (<c>moving ← momentum·moving + (1 − momentum)·batch</c>); evaluation and prediction use the moving
/// statistics. γ (<c>gamma</c>, ones) and β (<c>beta</c>, zeros) are trainable; <c>moving_mean</c> (zeros) and
/// <c>moving_variance</c> (ones) live in <see cref="Model.State"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class BatchNormalizationAttribute : LayerAttribute
{
    /// <summary>Weight of the old value in the moving statistics, in [0, 1]. Default 0.99.</summary>
    public double Momentum { get; set; } = LayerArgumentDefaults.Momentum;

    /// <summary>Added to the variance before the square root; positive. Default 1e-3.</summary>
    public double Epsilon { get; set; } = LayerArgumentDefaults.Epsilon;

    /// <summary>Whether to add the trainable offset β. Default <c>true</c>.</summary>
    public bool Center { get; set; } = LayerArgumentDefaults.Center;

    /// <summary>Whether to multiply by the trainable scale γ. Default <c>true</c>.</summary>
    public bool Scale { get; set; } = LayerArgumentDefaults.Scale;

    /// <summary>Keras <c>beta_regularizer</c>, in the spelling of <see cref="KernelLayerAttribute.KernelRegularizer"/>. Default none.</summary>
    public string? BetaRegularizer { get; set; }

    /// <summary>Keras <c>beta_constraint</c>, in the spelling of <see cref="KernelLayerAttribute.KernelConstraint"/>. Default none.</summary>
    public string? BetaConstraint { get; set; }

    /// <summary>Keras <c>gamma_regularizer</c>, in the spelling of <see cref="KernelLayerAttribute.KernelRegularizer"/>. Default none.</summary>
    public string? GammaRegularizer { get; set; }

    /// <summary>Keras <c>gamma_constraint</c>, in the spelling of <see cref="KernelLayerAttribute.KernelConstraint"/>. Default none.</summary>
    public string? GammaConstraint { get; set; }

    /// <summary>Layer name; Keras' default is <c>batch_normalization</c>, <c>batch_normalization_1</c>, ….</summary>
    public string? Name { get; set; }
}
