namespace GenNet.Tests.Models;

// Models declared in the test project and built by the real generator, as a user's project builds them.

[Sequential(5)]
[Dense(8, Activation = Act.Tanh)]
[Dense(3, Activation = Act.Softmax)]
public partial class TanhSoftmaxModel { }

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
