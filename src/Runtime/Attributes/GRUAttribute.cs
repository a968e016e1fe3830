using GenNet.Shared;

namespace GenNet;

/// <summary>
/// Keras <c>GRU(units, activation="tanh", recurrent_activation="sigmoid", use_bias=True, return_sequences=False,
/// go_backwards=False, reset_after=True)</c> on <c>(steps, features)</c> sequences, from <c>h = 0</c>, gates z, r, h:
/// <c>h = z·h_prev + (1 − z)·ĥ</c>. Weights <c>kernel[features, 3·units]</c> (glorot_uniform),
/// <c>recurrent_kernel[units, 3·units]</c> (orthogonal), and <c>bias[2, 3·units]</c> (input and recurrent bias) with
/// <c>reset_after</c>, else <c>bias[3·units]</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class GRUAttribute : RecurrentLayerAttribute
{
    /// <summary>A gated recurrent unit layer with <paramref name="units"/> hidden units.</summary>
    public GRUAttribute(int units) => Units = units;

    /// <summary>Hidden units (the state's and output's length); must be positive.</summary>
    public int Units { get; }

    /// <summary>Activation of the candidate state: <c>"tanh"</c> (default), <c>"relu"</c>, <c>"sigmoid"</c> or <c>"linear"</c>.</summary>
    public string? Activation { get; set; } = ActivationNames.Tanh;

    /// <summary>Activation of the gates z and r: <c>"sigmoid"</c> (default), <c>"tanh"</c>, <c>"relu"</c> or <c>"linear"</c>.</summary>
    public string? RecurrentActivation { get; set; } = ActivationNames.Sigmoid;

    /// <summary>Whether the layer adds bias vectors. Default <c>true</c>.</summary>
    public bool UseBias { get; set; } = LayerArgumentDefaults.UseBias;

    /// <summary>
    /// Keras <c>dropout</c>: in training, the fraction of input features dropped (one mask per sample for all steps, the
    /// kept ones scaled by <c>1/(1 − rate)</c>; with <see cref="RecurrentDropout"/> too, one mask per gate z, r, h, as
    /// Keras' "implementation 1" draws them); nothing in inference. In [0, 1); default 0.
    /// </summary>
    public double Dropout { get; set; }

    /// <summary>
    /// Keras <c>recurrent_dropout</c>: in training, the fraction of the previous state's units dropped where it enters the
    /// recurrent products, with one mask per gate (z, r, h) per sample, drawn once per sequence (the kept ones scaled by
    /// <c>1/(1 − rate)</c>); the update <c>h = z·h_prev + (1 − z)·ĥ</c> keeps the unmasked state. Nothing in inference.
    /// In [0, 1); default 0.
    /// </summary>
    public double RecurrentDropout { get; set; }

    /// <summary>Return every step's state <c>(steps, units)</c> instead of the last one <c>(units)</c>. Default <c>false</c>.</summary>
    public bool ReturnSequences { get; set; } = LayerArgumentDefaults.ReturnSequences;

    /// <summary>
    /// Keras <c>return_state</c> (Functional models): the layer also outputs its final state, h: <c>"gru:1"</c>
    /// (the layer's name alone is its output, as <c>"name:0"</c>). Read it with <c>From</c>, a merge's inputs or the model's
    /// <c>Outputs</c>. Default <c>false</c>.
    /// </summary>
    public bool ReturnState { get; set; } = LayerArgumentDefaults.ReturnState;

    /// <summary>Read the steps last to first; the returned sequence is in processing order. Default <c>false</c>.</summary>
    public bool GoBackwards { get; set; } = LayerArgumentDefaults.GoBackwards;

    /// <summary>
    /// Apply the reset gate after the recurrent kernel (<c>r·(h·R_h + b)</c>, Keras' and cuDNN's default, <c>true</c>) or
    /// before it (<c>(r·h)·R_h</c>, <c>false</c>).
    /// </summary>
    public bool ResetAfter { get; set; } = LayerArgumentDefaults.ResetAfter;

    /// <summary>Layer name; Keras' default is <c>gru</c>, <c>gru_1</c>, ….</summary>
    public string? Name { get; set; }
}
