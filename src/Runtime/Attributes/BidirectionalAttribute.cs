using GenNet.Shared;

namespace GenNet;

/// <summary>
/// Keras <c>Bidirectional(layer, merge_mode="concat")</c>: written immediately before a <see cref="SimpleRNNAttribute"/>,
/// <see cref="LSTMAttribute"/> or <see cref="GRUAttribute"/>, the pair is one layer (<c>bidirectional</c>,
/// <c>bidirectional_1</c>, …), as <c>Bidirectional(LSTM(64))</c> reads in Keras:
/// <code>
/// [Bidirectional(MergeMode = "concat")]
/// [LSTM(64, ReturnSequences = true)]
/// </code>
/// It runs a forward copy of the recurrent layer and a copy that reads the steps last to first (<c>go_backwards</c>), each
/// with its own weights (<c>bidirectional.forward_lstm.kernel</c>, …, then <c>bidirectional.backward_lstm.kernel</c>, …);
/// with <c>ReturnSequences</c> the backward copy's sequence is flipped back so that step t of both describes input step t.
/// The halves are then merged: <c>"concat"</c> (forward then backward on the last axis), <c>"sum"</c>, <c>"mul"</c> or
/// <c>"ave"</c>. The wrapped layer's <c>GoBackwards</c> must stay <c>false</c> (Keras requires the halves to differ).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class BidirectionalAttribute : LayerAttribute
{
    /// <summary>How the forward and backward outputs are combined: <c>"concat"</c> (default), <c>"sum"</c>, <c>"mul"</c> or <c>"ave"</c>.</summary>
    public string MergeMode { get; set; } = LayerArgumentDefaults.MergeMode;

    /// <summary>Layer name; Keras' default is <c>bidirectional</c>, <c>bidirectional_1</c>, ….</summary>
    public string? Name { get; set; }
}
