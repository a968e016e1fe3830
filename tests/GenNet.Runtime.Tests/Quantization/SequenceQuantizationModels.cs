namespace GenNet.Tests.Quantization;

// The spam sample's shape, small: masked ids → Bidirectional(LSTM) (concat, last states) → sigmoid.
[Sequential(7)]
[Embedding(30, 6, MaskZero = true)]
[Bidirectional]
[LSTM(5)]
[Dense(1, Activation = Act.Sigmoid)]
public partial class SeqQuantSpam { }

// The same layers without the mask, for the ONNX export (the masked float model refuses it).
[Sequential(7)]
[Embedding(30, 6)]
[Bidirectional]
[LSTM(5)]
[Dense(1, Activation = Act.Sigmoid)]
public partial class SeqQuantSpamUnmasked { }

// The mask through sequences: Bidirectional GRU (sum, zero outputs at masked steps), a Dense on every step, Bidirectional
// SimpleRNN (mul), softmax.
[Sequential(8)]
[Embedding(25, 4, MaskZero = true)]
[Bidirectional(MergeMode = "sum")]
[GRU(4, ReturnSequences = true)]
[Dense(3, Activation = Act.Tanh)]
[Bidirectional(MergeMode = "mul")]
[SimpleRNN(3)]
[Dense(2, Activation = Act.Softmax)]
public partial class SeqQuantMaskedStack { }

// The weather sample's shape: causal Conv1D (relu) → GRU → linear Dense.
[Sequential(9, 3)]
[Conv1D(5, 3, Padding = "causal", Activation = Act.Relu)]
[GRU(4)]
[Dense(1)]
public partial class SeqQuantWeather { }

// 'same' strided Conv1D, Bidirectional LSTM (ave) with sequences, GRU without reset_after, Flatten, Dropout.
[Sequential(9, 3)]
[Conv1D(4, 2, Padding = "same", Strides = 2)]
[Bidirectional(MergeMode = "ave")]
[LSTM(3, ReturnSequences = true)]
[GRU(3, ReturnSequences = true, ResetAfter = false)]
[Flatten]
[Dropout(0.2)]
[Dense(3)]
public partial class SeqQuantMixed { }

// Bidirectional GRU with reset_after = false (concat) and a SimpleRNN going backwards, unmasked.
[Sequential(6, 2)]
[Bidirectional]
[GRU(3, ReturnSequences = true, ResetAfter = false)]
[SimpleRNN(4, GoBackwards = true, Activation = Act.Relu)]
[Dense(2)]
public partial class SeqQuantRecurrentKinds { }

// A layer the sequence plan does not run (global pooling), for the error message.
[Sequential(6, 2)]
[Conv1D(3, 2)]
[GlobalMaxPooling1D]
[Dense(1)]
public partial class SeqQuantPooled { }
