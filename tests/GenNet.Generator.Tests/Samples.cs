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

    public const string MnistCnn = """
        using GenNet;

        namespace Samples;

        /// <summary>The Keras MNIST convnet tutorial: two conv/pool blocks, then a small dense head with dropout.</summary>
        [Sequential(28, 28, 1)]
        [Conv2D(16, 3, Activation = Act.Relu)]
        [MaxPooling2D(2)]
        [Conv2D(32, 3, Activation = Act.Relu)]
        [MaxPooling2D(2)]
        [Flatten]
        [Dense(64, Activation = Act.Relu)]
        [Dropout(0.2)]
        [Dense(10, Activation = Act.Softmax)]
        public partial class MnistCnn { }
        """;

    public const string ConvBlocks = """
        using GenNet;

        namespace Samples;

        /// <summary>Flat pixels reshaped to an image, conv + batch norm, average pooling with same padding, global pooling.</summary>
        [Sequential(64)]
        [Reshape(8, 8, 1)]
        [Conv2D(4, 3, Padding = "same", UseBias = false)]
        [BatchNormalization]
        [Activation(Act.Relu)]
        [AveragePooling2D(3, Strides = 2, Padding = "same")]
        [Conv2D(8, 3, Activation = Act.Relu)]
        [GlobalAveragePooling2D]
        [Dense(3, Activation = Act.Softmax)]
        public partial class ConvBlocks { }
        """;

    public const string TwoBranch = """
        using GenNet;

        namespace Samples;

        /// <summary>Functional: a convolutional branch and a dense branch on the same image, concatenated.</summary>
        [Functional(8, 8, 1)]
        [Conv2D(4, 3, Activation = Act.Relu)]
        [MaxPooling2D(2)]
        [Flatten(Name = "conv_features")]
        [Flatten(From = "input_layer")]
        [Dense(16, Activation = Act.Relu, Name = "pixels")]
        [Concatenate("conv_features", "pixels")]
        [Dense(10, Activation = Act.Softmax)]
        public partial class TwoBranch { }
        """;

    public const string Residual = """
        using GenNet;

        namespace Samples;

        /// <summary>Functional: a residual block; "hidden" feeds both the next Dense and the Add.</summary>
        [Functional(6)]
        [Dense(8, Activation = Act.Tanh, Name = "hidden")]
        [Dense(8, Activation = Act.Tanh)]
        [Add("hidden", "dense")]
        [Dense(3, Activation = Act.Softmax)]
        public partial class Residual { }
        """;

    public const string ElementwiseMerges = """
        using GenNet;

        namespace Samples;

        /// <summary>Functional: every element-wise merge; two- and three-input forms, a repeated input, the model input as an operand.</summary>
        [Functional(6)]
        [Dense(6, Activation = Act.Tanh, Name = "a")]
        [Dense(6, Activation = Act.Sigmoid, From = "input_layer", Name = "b")]
        [Subtract("a", "b")]
        [Multiply("subtract", "input_layer", "a")]
        [Average("multiply", "b")]
        [Maximum("average", "a", "input_layer")]
        [Minimum("maximum", "maximum")]
        [Dense(3, Activation = Act.Softmax)]
        public partial class ElementwiseMerges { }
        """;

    public const string LambdaLayers = """
        using System;
        using GenNet;

        namespace Samples;

        /// <summary>Lambda layers: scaling on the model class (preprocessing, no gradient needed), then squares and pair sums.</summary>
        [Sequential(6)]
        [Lambda(nameof(LambdaLayers.Scale))]
        [Dense(8, Activation = Act.Tanh)]
        [Lambda(typeof(FeatureOps), nameof(FeatureOps.PairSums), Backward = nameof(FeatureOps.PairSumsBackward), OutputShape = new[] { 4 })]
        [Dense(3, Activation = Act.Softmax)]
        public partial class LambdaLayers
        {
            /// <summary>y = x / 10.</summary>
            public static void Scale(ReadOnlySpan<float> input, Span<float> output, int batch)
            {
                for (int i = 0; i < input.Length; i++) output[i] = input[i] / 10;
            }
        }

        /// <summary>Sums of neighbouring pairs: 8 features become 4.</summary>
        public static class FeatureOps
        {
            /// <summary>y[j] = x[2j] + x[2j + 1].</summary>
            public static void PairSums(ReadOnlySpan<float> input, Span<float> output, int batch)
            {
                for (int j = 0; j < output.Length; j++) output[j] = input[2 * j] + input[2 * j + 1];
            }

            /// <summary>dx[2j] = dx[2j + 1] = dy[j].</summary>
            public static void PairSumsBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch)
            {
                for (int j = 0; j < outputGradient.Length; j++) inputGradient[2 * j] = inputGradient[2 * j + 1] = outputGradient[j];
            }
        }
        """;

    public const string MultiInputOutput = """
        using GenNet;

        namespace Samples;

        /// <summary>Functional: two named inputs, two outputs; output "digit" is also read on the way to "parity".</summary>
        [Functional(Outputs = new[] { "digit", "parity" })]
        [Input("image", 6, 6, 1)]
        [Conv2D(2, 3, Activation = Act.Relu)]
        [Flatten(Name = "features")]
        [Input("meta", 3)]
        [Dense(4, Activation = Act.Tanh)]
        [Concatenate("features", "dense")]
        [Dense(5, Activation = Act.Softmax, Name = "digit")]
        [Concatenate("concatenate", "digit", Name = "both")]
        [Dense(1, Activation = Act.Sigmoid, Name = "parity")]
        public partial class MultiInputOutput { }
        """;

    public const string SharedLayers = """
        using GenNet;

        namespace Samples;

        /// <summary>Functional: a Siamese encoder (one Dense, two inputs) and a shared Conv2D on two image sizes.</summary>
        [Functional]
        [Input("left", 5, 5, 1)]
        [Input("right", 4, 4, 1)]
        [Conv2D(2, 2, Activation = Act.Relu, From = "left", Name = "conv")]
        [Reuse("conv", From = "right")]
        [GlobalAveragePooling2D(From = "conv")]
        [GlobalAveragePooling2D(From = "conv_call")]
        [Dense(3, Activation = Act.Tanh, From = "global_average_pooling2d", Name = "encoder")]
        [Reuse("encoder", From = "global_average_pooling2d_1", Name = "encoded_right")]
        [Subtract("encoder", "encoded_right")]
        [Dense(1, Activation = Act.Sigmoid)]
        public partial class SharedLayers { }
        """;

    public const string SequenceModels = """
        using GenNet;

        namespace Samples;

        /// <summary>Recurrent layers: a stacked LSTM read backwards, then a GRU without reset_after, then a Dense head.</summary>
        [Sequential(12, 4)]
        [LSTM(8, ReturnSequences = true, GoBackwards = true)]
        [GRU(6, ResetAfter = false)]
        [Dense(3, Activation = Act.Softmax)]
        public partial class SequenceModels { }
        """;

    public const string BidirectionalModels = """
        using GenNet;

        namespace Samples;

        /// <summary>seq2: padded token ids masked by the Embedding, a Bidirectional LSTM with recurrent dropout, then an LSTM.</summary>
        [Sequential(10)]
        [Embedding(20, 4, MaskZero = true)]
        [Bidirectional(MergeMode = "sum")]
        [LSTM(3, ReturnSequences = true, RecurrentDropout = 0.25)]
        [LSTM(2)]
        [Dense(1, Activation = Act.Sigmoid)]
        public partial class BidirectionalModels { }
        """;

    public const string VisionLayers = """
        using GenNet;

        namespace Samples;

        /// <summary>The vision layers: rescaling, padding, cropping, upsampling, activation layers, PReLU, softmax on an inner axis.</summary>
        [Sequential(6, 6, 1)]
        [Rescaling(1.0 / 255, Offset = -0.5)]
        [ZeroPadding2D]
        [Conv2D(4, 3)]
        [PReLU(SharedAxes = new[] { 1, 2 })]
        [Cropping2D(1, 0, 0, 1)]
        [UpSampling2D(Interpolation = "bilinear")]
        [Conv2D(2, 3, Strides = 2)]
        [ReLU(MaxValue = 6)]
        [UpSampling2D(2, 1)]
        [LeakyReLU]
        [Softmax(Axis = 1)]
        [Flatten]
        [Dense(8)]
        [ELU]
        [Dense(3)]
        [Softmax]
        public partial class VisionLayers { }
        """;

    public const string Vision2Layers = """
        using GenNet;

        namespace Samples;

        /// <summary>The vision2 layers: transposed convolutions (same, valid with output padding), separable and grouped convolutions.</summary>
        [Sequential(6, 6, 4)]
        [SeparableConv2D(8, 3, DepthMultiplier = 2, Padding = "same", Activation = Act.Relu)]
        [Conv2D(8, 3, Groups = 4, Strides = 2)]
        [Conv2DTranspose(4, 3, Strides = 2, Padding = "same", Activation = Act.Tanh)]
        [Conv2DTranspose(2, 2, Strides = 2, OutputPadding = 1, UseBias = false)]
        [Flatten]
        [Dense(3, Activation = Act.Softmax)]
        public partial class Vision2Layers { }
        """;

    public static readonly TheoryData<string> Names = new()
    {
        nameof(LogisticRegression), nameof(OrGate), nameof(SumClassifier), nameof(SumHingeClassifier), nameof(MnistMlp),
        nameof(MnistCnn), nameof(ConvBlocks), nameof(TwoBranch), nameof(Residual), nameof(ElementwiseMerges),
        nameof(LambdaLayers), nameof(MultiInputOutput), nameof(SharedLayers),
        nameof(SequenceModels), nameof(VisionLayers),
        nameof(BidirectionalModels),
        nameof(Vision2Layers),
    };

    public static string Source(string name) =>
        (string)typeof(Samples).GetField(name, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)!.GetValue(null)!;
}
