namespace GenNet.Tests.Models;

// Models declared in the test project and built by the real generator, as a user's project builds them.

[Sequential(5)]
[Dense(8, Activation = Act.Tanh)]
[Dense(3, Activation = Act.Softmax)]
public partial class TanhSoftmaxModel { }

// The seed MLP's shape in miniature: each relu is read by one Dense, so both are fused (ForwardRelu, BackwardReluInput).
[Sequential(5)]
[Dense(7, Activation = Act.Relu)]
[Dense(6, Activation = Act.Relu)]
[Dense(3, Activation = Act.Softmax)]
public partial class ReluChainModel { }

[Sequential(4)]
[Dense(6, Activation = Act.Relu)]
[Dense(5, Activation = Act.Sigmoid)]
[Dense(1)]
[Activation(Act.Sigmoid)]
public partial class SigmoidStackModel { }

[Sequential(3)]
[Dense(4, Activation = Act.Gelu, KernelInitializer = "he_normal", BiasInitializer = "random_uniform(-0.1, 0.1)")]
[Dense(2, UseBias = false)]
public partial class RegressionModel { }

[Sequential(2, 3)]
[Dense(4, Activation = Act.Swish)]
[Dense(2)]
public partial class RankTwoInputModel { }

// The two whole-model fixtures in tests/fixtures (model_cnn.json, model_mlp.json), layer for layer.

[Sequential(28, 28, 1)]
[Conv2D(16, 3, Activation = Act.Relu)]
[MaxPooling2D(2)]
[Conv2D(32, 3, Activation = Act.Relu)]
[MaxPooling2D(2)]
[Flatten]
[Dense(64, Activation = Act.Relu)]
[Dense(10, Activation = Act.Softmax)]
public partial class FixtureCnnModel { }

[Sequential(784)]
[Dense(100, Activation = Act.Relu)]
[Dense(50, Activation = Act.Relu)]
[Dense(10, Activation = Act.Softmax)]
public partial class FixtureMlpModel { }

// Small convolutional models: every new layer kind, shapes small enough for central differences.

[Sequential(6, 6, 2)]
[Conv2D(3, 3, Padding = "same")]
[BatchNormalization]
[Activation(Act.Tanh)]
[MaxPooling2D(2)]
[Flatten]
[Dense(3, Activation = Act.Softmax)]
public partial class SmallConvBatchNormModel { }

[Sequential(36)]
[Reshape(6, 6, 1)]
[Conv2D(4, 3, 3, Strides = 1, Activation = Act.Relu)]
[BatchNormalization(Momentum = 0.9)]
[AveragePooling2D(2, Padding = "same")]
[Conv2D(4, 2, DilationRate = 1, UseBias = false)]
[GlobalAveragePooling2D]
[Dense(8, Activation = Act.Relu)]
[Dropout(0.5)]
[Dense(3, Activation = Act.Softmax)]
public partial class SmallConvDropoutModel { }

// The fixture CNN with BatchNormalization and Dropout after the first Dense: KERAS-SEMANTICS.md §8 prints its summary.
[Sequential(28, 28, 1)]
[Conv2D(16, 3, Activation = Act.Relu)]
[MaxPooling2D(2)]
[Conv2D(32, 3, Activation = Act.Relu)]
[MaxPooling2D(2)]
[Flatten]
[Dense(64, Activation = Act.Relu)]
[BatchNormalization]
[Dropout(0.2)]
[Dense(10, Activation = Act.Softmax)]
public partial class SummaryCnnModel { }
