using GenNet.Shared;

namespace GenNet;

/// <summary>
/// Keras <c>LayerNormalization(axis=-1, epsilon=1e-3, center=True, scale=True)</c>: each sample's last axis is normalised
/// on its own, <c>y = (x − μ)/√(σ² + ε)·γ + β</c> with the mean μ and biased variance σ² over that axis (per step of a
/// sequence, per pixel of an image). No batch statistics and no moving statistics: training and inference compute the
/// same thing. γ (<c>gamma</c>, ones) and β (<c>beta</c>, zeros) are trainable, one per feature of the last axis.
/// </summary>
/// <example><code>
/// [Sequential(20, 16)]
/// [Conv1D(16, 3, Padding = "causal")]
/// [LayerNormalization]
/// </code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class LayerNormalizationAttribute : LayerAttribute
{
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

    /// <summary>Layer name; Keras' default is <c>layer_normalization</c>, <c>layer_normalization_1</c>, ….</summary>
    public string? Name { get; set; }
}
