namespace GenNet.Tests.Quantization;

// A small MLP: relu, a linear hidden layer (asymmetric bytes, a zero point inside the range), softmax.
[Sequential(12)]
[Dense(9, Activation = Act.Relu)]
[Dense(5)]
[Dense(3, Activation = Act.Softmax)]
public partial class QuantMlp { }

// The same with a linear head, so the quantized logits can be compared exactly.
[Sequential(12)]
[Dense(9, Activation = Act.Relu)]
[Dense(5)]
[Dense(3)]
public partial class QuantMlpLogits { }

// Convolutions with "same" padding (padding bytes are the zero point), a stride, a separate Activation layer,
// an odd pool, Flatten, Dropout and a linear head.
[Sequential(9, 9, 2)]
[Conv2D(6, 3, Padding = "same")]
[MaxPooling2D(2)]
[Conv2D(5, 2, Strides = 2)]
[Activation("relu")]
[Flatten]
[Dense(7, Activation = Act.Relu)]
[Dropout(0.1)]
[Dense(4)]
public partial class QuantConv { }

// Valid convolutions each followed by a max pooling, the pairs QuantizedModel fuses: a relu one with 20 filters (a
// partial 16-column block) into a 2×2 pool that drops the last column, a linear one (a zero point inside the range)
// into an overlapping 3×3 pool of stride 2, then a linear head.
[Sequential(14, 13, 3)]
[Conv2D(20, 3, Activation = Act.Relu)]
[MaxPooling2D(2)]
[Conv2D(33, 2)]
[MaxPooling2D(3, Strides = 2)]
[Flatten]
[Dense(4)]
public partial class QuantConvPool { }

// The sample CNN's shape (tests/../samples/MnistModels), for the MNIST accuracy test.
[Sequential(28, 28, 1)]
[Conv2D(16, 3, Activation = Act.Relu)]
[MaxPooling2D(2)]
[Conv2D(32, 3, Activation = Act.Relu)]
[MaxPooling2D(2)]
[Flatten]
[Dense(64, Activation = Act.Relu)]
[Dropout(0.2)]
[Dense(10, Activation = Act.Softmax)]
public partial class QuantSampleCnn { }

// The tutorial MLP (samples/MnistMlp).
[Sequential(784)]
[Dense(100, Activation = Act.Relu, KernelInitializer = "random_uniform(-0.1, 0.1)")]
[Dense(50, Activation = Act.Relu, KernelInitializer = "random_uniform(-0.1, 0.1)")]
[Dense(10, Activation = Act.Softmax, KernelInitializer = "random_uniform(-0.1, 0.1)")]
public partial class QuantSampleMlp { }

// Not quantizable: tanh on a hidden layer.
[Sequential(4)]
[Dense(3, Activation = Act.Tanh)]
[Dense(2)]
public partial class QuantTanh { }

// Not quantizable: BatchNormalization.
[Sequential(4)]
[Dense(3)]
[BatchNormalization]
[Dense(2)]
public partial class QuantBatchNorm { }

// Not quantizable: a softmax over a flattened convolution output (Keras normalizes the whole flat row).
[Sequential(4, 4, 1)]
[Conv2D(2, 3)]
[Flatten]
[Activation("softmax")]
public partial class QuantFlatSoftmax { }
