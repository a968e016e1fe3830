using GenNet.Shared;

namespace GenNet;

/// <summary>
/// Keras <c>LSTM(units, activation="tanh", recurrent_activation="sigmoid", use_bias=True, unit_forget_bias=True,
/// return_sequences=False, go_backwards=False)</c> on <c>(steps, features)</c> sequences, from <c>h = c = 0</c>:
/// <c>z = x_t·kernel + h·recurrent_kernel + bias</c> split into gates i, f, c, o; <c>c = σ(z_f)·c + σ(z_i)·tanh(z_c)</c>,
/// <c>h = σ(z_o)·tanh(c)</c>. Weights <c>kernel[features, 4·units]</c> (glorot_uniform),
/// <c>recurrent_kernel[units, 4·units]</c> (orthogonal), <c>bias[4·units]</c> (zeros, the forget slice ones).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class LSTMAttribute : RecurrentLayerAttribute
{
    /// <summary>A long short-term memory layer with <paramref name="units"/> hidden units.</summary>
    public LSTMAttribute(int units) => Units = units;

    /// <summary>Hidden units (the state's and output's length); must be positive.</summary>
    public int Units { get; }

    /// <summary>Activation of the cell input and output: <c>"tanh"</c> (default), <c>"relu"</c>, <c>"sigmoid"</c> or <c>"linear"</c>.</summary>
    public string? Activation { get; set; } = ActivationNames.Tanh;

    /// <summary>Activation of the gates i, f, o: <c>"sigmoid"</c> (default), <c>"tanh"</c>, <c>"relu"</c> or <c>"linear"</c>.</summary>
    public string? RecurrentActivation { get; set; } = ActivationNames.Sigmoid;

    /// <summary>Whether the layer adds a bias vector. Default <c>true</c>.</summary>
    public bool UseBias { get; set; } = LayerArgumentDefaults.UseBias;

    /// <summary>Initialize the forget gate's bias to 1 (the rest of the bias to 0). Default <c>true</c>.</summary>
    public bool UnitForgetBias { get; set; } = LayerArgumentDefaults.UnitForgetBias;

    /// <summary>
    /// Keras <c>dropout</c>: in training, the fraction of input features dropped (one mask per sample for all steps, the
    /// kept ones scaled by <c>1/(1 − rate)</c>; with <see cref="RecurrentDropout"/> too, one mask per gate i, f, c, o, as
    /// Keras' "implementation 1" draws them); nothing in inference. In [0, 1); default 0.
    /// </summary>
    public double Dropout { get; set; }

    /// <summary>
    /// Keras <c>recurrent_dropout</c>: in training, the fraction of the previous state's units dropped where it enters
    /// <c>h·recurrent_kernel</c> (one mask per sample, drawn once per sequence and used at every step, the kept units scaled
    /// by <c>1/(1 − rate)</c>); nothing in inference. In [0, 1); default 0.
    /// </summary>
    public double RecurrentDropout { get; set; }

    /// <summary>Return every step's state <c>(steps, units)</c> instead of the last one <c>(units)</c>. Default <c>false</c>.</summary>
    public bool ReturnSequences { get; set; } = LayerArgumentDefaults.ReturnSequences;

    /// <summary>
    /// Keras <c>return_state</c> (Functional models): the layer also outputs its final state, h and the cell state c: <c>"lstm:1"</c> is h, <c>"lstm:2"</c> is c
    /// (the layer's name alone is its output, as <c>"name:0"</c>). Read it with <c>From</c>, a merge's inputs or the model's
    /// <c>Outputs</c>. Default <c>false</c>.
    /// </summary>
    public bool ReturnState { get; set; } = LayerArgumentDefaults.ReturnState;

    /// <summary>Read the steps last to first; the returned sequence is in processing order. Default <c>false</c>.</summary>
    public bool GoBackwards { get; set; } = LayerArgumentDefaults.GoBackwards;

    /// <summary>Layer name; Keras' default is <c>lstm</c>, <c>lstm_1</c>, ….</summary>
    public string? Name { get; set; }
}
