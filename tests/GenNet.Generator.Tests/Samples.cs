namespace GenNet.Generator.Tests;

/// <summary>The sample models of the seed tutorials, as a user writes them. Snapshot and compile tests share them.</summary>
internal static class Samples
{
    public const string LogisticRegression = """
        using GenNet;

        namespace Samples;

        /// <summary>Logistic regression on three features.</summary>
        [Sequential(3)]
        [Dense(1, Activation = Act.Sigmoid)]
        public partial class LogisticRegression { }
        """;

    public const string OrGate = """
        using GenNet;

        namespace Samples;

        /// <summary>The OR gate: one neuron, then a separate sigmoid layer.</summary>
        [Sequential(2)]
        [Dense(1)]
        [Activation(Act.Sigmoid)]
        public partial class OrGate { }
        """;

    public const string SumClassifier = """
        using GenNet;

        namespace Samples;

        /// <summary>Is the sum of five numbers positive? Two-class softmax.</summary>
        [Sequential(5)]
        [Dense(20, Activation = Act.Relu)]
        [Dense(2, Activation = Act.Softmax)]
        public partial class SumClassifier { }
        """;

    public const string SumHingeClassifier = """
        using GenNet;

        namespace Samples;

        /// <summary>The same task with a tanh output for the hinge loss.</summary>
        [Sequential(5)]
        [Dense(20, Activation = Act.Tanh)]
        [Dense(1, Activation = Act.Tanh)]
        public partial class SumHingeClassifier { }
        """;

    public const string MnistMlp = """
        using GenNet;

        namespace Samples;

        /// <summary>The classic 784-100-50-10 MNIST perceptron.</summary>
        [Sequential(784)]
        [Dense(100, Activation = Act.Relu, KernelInitializer = "random_uniform(-0.1, 0.1)")]
        [Dense(50, Activation = Act.Relu, KernelInitializer = "random_uniform(-0.1, 0.1)")]
        [Dense(10, Activation = Act.Softmax, KernelInitializer = "random_uniform(-0.1, 0.1)")]
        public partial class MnistMlp { }
        """;

    public static readonly TheoryData<string> Names = new()
    {
        nameof(LogisticRegression), nameof(OrGate), nameof(SumClassifier), nameof(SumHingeClassifier), nameof(MnistMlp),
    };

    public static string Source(string name) =>
        (string)typeof(Samples).GetField(name, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)!.GetValue(null)!;
}
