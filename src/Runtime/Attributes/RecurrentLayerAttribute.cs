namespace GenNet;

/// <summary>
/// The base of the recurrent layer attributes (SimpleRNN, LSTM, GRU): a <c>kernel</c>, a <c>recurrent_kernel</c> and a
/// <c>bias</c>, with Keras' <c>recurrent_regularizer</c> and <c>recurrent_constraint</c> besides the kernel's and the bias'.
/// </summary>
public abstract class RecurrentLayerAttribute : KernelLayerAttribute
{
    /// <summary>Keras <c>recurrent_regularizer</c>, in the spelling of <see cref="KernelLayerAttribute.KernelRegularizer"/>. Default none.</summary>
    public string? RecurrentRegularizer { get; set; }

    /// <summary>Keras <c>recurrent_constraint</c>, in the spelling of <see cref="KernelLayerAttribute.KernelConstraint"/>. Default none.</summary>
    public string? RecurrentConstraint { get; set; }
}
