namespace GenNet;

/// <summary>
/// The base of layer attributes with a <c>kernel</c> and a <c>bias</c> (Dense, Conv1D, Conv2D, the recurrent layers): Keras'
/// <c>kernel_regularizer</c>, <c>bias_regularizer</c>, <c>kernel_constraint</c> and <c>bias_constraint</c>, written as Keras
/// spells them (see docs/REGULARIZATION.md).
/// </summary>
public abstract class KernelLayerAttribute : LayerAttribute
{
    /// <summary>
    /// Keras <c>kernel_regularizer</c>: <c>"l2(0.01)"</c>, <c>"l1(1e-5)"</c>, <c>"l1_l2(l1=1e-5, l2=1e-4)"</c>, or <c>"l1"</c>,
    /// <c>"l2"</c>, <c>"l1_l2"</c> (0.01 each). Its penalty (<c>l1·Σ|w| + l2·Σw²</c>) is added to the loss Fit and Evaluate
    /// report and its gradient to the kernel's, as in Keras. Default none.
    /// </summary>
    public string? KernelRegularizer { get; set; }

    /// <summary>Keras <c>bias_regularizer</c>, in the same spelling as <see cref="KernelRegularizer"/>. Default none.</summary>
    public string? BiasRegularizer { get; set; }

    /// <summary>
    /// Keras <c>kernel_constraint</c>, applied after every optimizer step: <c>"max_norm(2)"</c> (optionally
    /// <c>axis=[0, 1, 2]</c>; default axis 0), <c>"min_max_norm(0, 1, rate=1)"</c>, <c>"unit_norm"</c>, <c>"non_neg"</c>.
    /// Default none.
    /// </summary>
    public string? KernelConstraint { get; set; }

    /// <summary>Keras <c>bias_constraint</c>, in the same spelling as <see cref="KernelConstraint"/>. Default none.</summary>
    public string? BiasConstraint { get; set; }
}
