namespace GenNet.Benchmarks;

// The inference workloads, declared here and built by the generator as a user's project builds them.

/// <summary>The seed MLP, as samples/MnistMlp/MnistMlpSample.cs declares it: 784-100-50-10.</summary>
[Sequential(784)]
[Dense(100, Activation = Act.Relu, KernelInitializer = "random_uniform(-0.1, 0.1)")]
[Dense(50, Activation = Act.Relu, KernelInitializer = "random_uniform(-0.1, 0.1)")]
[Dense(10, Activation = Act.Softmax, KernelInitializer = "random_uniform(-0.1, 0.1)")]
public partial class BenchMlp { }

/// <summary>The seed CNN, as samples/MnistModels/MnistCnnModel.cs declares it.</summary>
[Sequential(28, 28, 1)]
[Conv2D(16, 3, Activation = Act.Relu)]
[MaxPooling2D(2)]
[Conv2D(32, 3, Activation = Act.Relu)]
[MaxPooling2D(2)]
[Flatten]
[Dense(64, Activation = Act.Relu)]
[Dropout(0.2)]
[Dense(10, Activation = Act.Softmax)]
public partial class BenchCnn { }

/// <summary>Logistic regression 3 → 1 (samples/LogisticRegression).</summary>
[Sequential(3)]
[Dense(1, Activation = Act.Sigmoid)]
public partial class BenchLogisticRegression { }
