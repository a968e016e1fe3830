using GenNet.Shared;

namespace GenNet;

/// <summary>
/// Keras <c>SimpleRNN(units, activation="tanh", use_bias=True, return_sequences=False, go_backwards=False)</c> on
/// <c>(steps, features)</c> sequences: <c>h_t = activation(x_t · kernel + h_{t−1} · recurrent_kernel + bias)</c> from
/// <c>h = 0</c>, with <c>kernel[features, units]</c>, <c>recurrent_kernel[units, units]</c>, <c>bias[units]</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class SimpleRNNAttribute : RecurrentLayerAttribute
{
    /// <summary>A fully connected recurrent layer with <paramref name="units"/> hidden units.</summary>
    public SimpleRNNAttribute(int units) => Units = units;

    /// <summary>Hidden units (the state's and output's length); must be positive.</summary>
    public int Units { get; }

    /// <summary>Activation name: <c>"tanh"</c> (default), <c>"relu"</c>, <c>"sigmoid"</c> or <c>"linear"</c> (<c>null</c> is linear).</summary>
    public string? Activation { get; set; } = ActivationNames.Tanh;

    /// <summary>Whether the layer adds a bias vector. Default <c>true</c>.</summary>
    public bool UseBias { get; set; } = LayerArgumentDefaults.UseBias;

    /// <summary>
    /// Keras <c>dropout</c>: in training, the fraction of input features dropped (one mask per sample for all steps, the
    /// kept ones scaled by <c>1/(1 − rate)</c>); nothing in inference. In [0, 1); default 0.
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
    /// Keras <c>return_state</c> (Functional models): the layer also outputs its final state, h: <c>"simple_rnn:1"</c>
    /// (the layer's name alone is its output, as <c>"name:0"</c>). Read it with <c>From</c>, a merge's inputs or the model's
    /// <c>Outputs</c>. Default <c>false</c>.
    /// </summary>
    public bool ReturnState { get; set; } = LayerArgumentDefaults.ReturnState;

    /// <summary>Read the steps last to first; the returned sequence is in processing order. Default <c>false</c>.</summary>
    public bool GoBackwards { get; set; } = LayerArgumentDefaults.GoBackwards;

    /// <summary>Layer name; Keras' default is <c>simple_rnn</c>, <c>simple_rnn_1</c>, ….</summary>
    public string? Name { get; set; }
}
