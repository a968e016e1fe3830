namespace GenNet.Tests.Models;

// Functional models declared in the test project and built by the real generator.

/// <summary>The fixture CNN as a Functional chain: no From at all, so each layer reads the one before it.</summary>
[Functional(28, 28, 1)]
[Conv2D(16, 3, Activation = Act.Relu)]
[MaxPooling2D(2)]
[Conv2D(32, 3, Activation = Act.Relu)]
[MaxPooling2D(2)]
[Flatten]
[Dense(64, Activation = Act.Relu)]
[Dense(10, Activation = Act.Softmax)]
public partial class FunctionalCnnModel { }

/// <summary>Two dense branches on the input, concatenated.</summary>
[Functional(6)]
[Dense(5, Activation = Act.Tanh, Name = "a")]
[Dense(4, Activation = Act.Tanh, From = "input_layer", Name = "b")]
[Concatenate("a", "b")]
[Dense(3, Activation = Act.Softmax)]
public partial class ConcatBranchModel { }

/// <summary>"hidden" is read four times: by a Dense, two Adds (one of three inputs) and a gate.</summary>
[Functional(5)]
[Dense(6, Activation = Act.Tanh, Name = "hidden")]
[Dense(6, Activation = Act.Tanh)]
[Add("hidden", "dense")]
[Dense(6, Activation = Act.Sigmoid, From = "hidden", Name = "gate")]
[Add("add", "gate", "hidden")]
[Dense(3, Activation = Act.Softmax)]
public partial class ResidualBranchModel { }

/// <summary>
/// Channel concatenation of two convolutions and the raw input (three inputs, one of them the model input). Average pooling,
/// since max pooling's kinks would blur central differences.
/// </summary>
[Functional(5, 5, 2)]
[Conv2D(3, 3, Padding = "same", Activation = Act.Tanh, Name = "c1")]
[Conv2D(2, 1, From = "input_layer", Name = "c2")]
[Concatenate("c1", "c2", "input_layer")]
[AveragePooling2D(2)]
[Flatten]
[Dense(3, Activation = Act.Softmax)]
public partial class ConvConcatModel { }

/// <summary>A tensor merged with itself: both of Add's inputs are "a", so its gradient is 2·dy.</summary>
[Functional(4)]
[Dense(3, Activation = Act.Tanh, Name = "a")]
[Add("a", "a")]
[Dense(2)]
public partial class SelfAddModel { }

/// <summary>
/// Functional models against their Sequential twins, central differences, training and allocation: the generated graph code
/// (topological order, merges, gradient accumulation where a tensor is read several times) is right.
/// </summary>
public class FunctionalModelTests
{
    [Fact]
    public void FunctionalChain_SameWeights_PredictsAndBackPropagatesExactlyAsSequential()
    {
        var sequential = new FixtureCnnModel(seed: 1);
        var functional = new FunctionalCnnModel(seed: 2);
        Assert.Equal(FixtureCnnModel.ParameterCount, FunctionalCnnModel.ParameterCount);
        sequential.Parameters.CopyTo(functional.Parameters);

        var rng = new Rng(11);
        const int batch = 6;
        float[] x = Enumerable.Range(0, batch * FixtureCnnModel.InputSize).Select(_ => rng.NextSingle()).ToArray();
        float[] y = Encoding.OneHot(Enumerable.Range(0, batch).Select(i => i % 10).ToArray(), 10);
        float[] a = new float[batch * 10], b = new float[batch * 10];
        sequential.Predict(x, a);
        functional.Predict(x, b);
        Assert.Equal(a, b);

        sequential.Compile(Loss.CategoricalCrossentropy, new SGD(0f));
        functional.Compile(Loss.CategoricalCrossentropy, new SGD(0f));
        Assert.Equal(sequential.TrainOnBatch(x, y), functional.TrainOnBatch(x, y));
        Assert.Equal(sequential.Gradients.ToArray(), functional.Gradients.ToArray());
    }

    [Fact]
    public void ConcatBranch_GradientsMatchCentralDifferences()
    {
        var (x, y) = Data(new Rng(3), 10, ConcatBranchModel.InputSize, 3);
        ModelGradientTests.CheckGradients(new ConcatBranchModel(seed: 4), Loss.CategoricalCrossentropy, x, y);
    }

    [Fact]
    public void ResidualBranch_TensorReadFourTimes_GradientsMatchCentralDifferences()
    {
        var (x, y) = Data(new Rng(5), 10, ResidualBranchModel.InputSize, 3);
        ModelGradientTests.CheckGradients(new ResidualBranchModel(seed: 4), Loss.CategoricalCrossentropy, x, y);
    }

    [Fact]
    public void ConvConcat_ThreeInputsWithModelInput_GradientsMatchCentralDifferences()
    {
        var (x, y) = Data(new Rng(7), 6, ConvConcatModel.InputSize, 3);
        ModelGradientTests.CheckGradients(new ConvConcatModel(seed: 4), Loss.CategoricalCrossentropy, x, y);
    }

    [Fact]
    public void SelfAdd_GradientsMatchCentralDifferences()
    {
        var rng = new Rng(9);
        float[] x = Enumerable.Range(0, 8 * 4).Select(_ => rng.NextSingle() * 2 - 1).ToArray();
        float[] y = Enumerable.Range(0, 8 * 2).Select(_ => rng.NextSingle()).ToArray();
        ModelGradientTests.CheckGradients(new SelfAddModel(seed: 4), Loss.MeanSquaredError, x, y);
    }

    [Fact]
    public void ResidualBranch_TrainsOnASyntheticProblem()
    {
        // Class = which of the first three features is largest.
        var rng = new Rng(21);
        const int count = 300;
        float[] x = Enumerable.Range(0, count * 5).Select(_ => rng.NextSingle() * 2 - 1).ToArray();
        int[] labels = Enumerable.Range(0, count).Select(i => x[i * 5] > x[i * 5 + 1] ? (x[i * 5] > x[i * 5 + 2] ? 0 : 2) : (x[i * 5 + 1] > x[i * 5 + 2] ? 1 : 2)).ToArray();
        float[] y = Encoding.OneHot(labels, 3);
        var model = new ResidualBranchModel(seed: 1);
        model.Compile(Loss.CategoricalCrossentropy, new Adam(0.01f), Metric.Accuracy);
        double before = model.Evaluate(x, y, batchSize: count, verbose: 0).Loss;
        model.Fit(x, y, epochs: 40, batchSize: 32, verbose: 0);
        var after = model.Evaluate(x, y, batchSize: count, verbose: 0);
        Assert.True(after.Loss < before / 2, $"loss {before} → {after.Loss}");
        Assert.True(after.Metrics["accuracy"] > 0.85, $"accuracy {after.Metrics["accuracy"]}");
    }

    [Fact]
    public void BranchingModel_PredictAndTrainOnBatch_AfterWarmUp_AllocateNothing()
    {
        var model = new ResidualBranchModel(seed: 3);
        model.Compile(Loss.CategoricalCrossentropy, new Adam(), Metric.Accuracy);
        var (x, y) = Data(new Rng(2), 16, ResidualBranchModel.InputSize, 3);
        float[] predictions = new float[16 * 3];
        model.Predict(x, predictions);
        model.TrainOnBatch(x, y);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            model.Predict(x, predictions);
            model.TrainOnBatch(x, y);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Summary_ListsInputLayerAndConnections()
    {
        string text = new ConcatBranchModel().SummaryText();
        Assert.Equal(ConcatBranchSummary.ReplaceLineEndings("\n"), text);
    }

    // Keras' Functional layout at 80 columns (KERAS-SEMANTICS.md §8): width 76 split 30/56/74/100%, the InputLayer first.
    private const string ConcatBranchSummary = """
        Model: "functional"
        ┏━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┓
        ┃ Layer (type)        ┃ Output Shape      ┃    Param # ┃ Connected to      ┃
        ┡━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━┩
        │ input_layer         │ (None, 6)         │          0 │ -                 │
        │ (InputLayer)        │                   │            │                   │
        ├─────────────────────┼───────────────────┼────────────┼───────────────────┤
        │ a (Dense)           │ (None, 5)         │         35 │ input_layer[0][0] │
        ├─────────────────────┼───────────────────┼────────────┼───────────────────┤
        │ b (Dense)           │ (None, 4)         │         28 │ input_layer[0][0] │
        ├─────────────────────┼───────────────────┼────────────┼───────────────────┤
        │ concatenate         │ (None, 9)         │          0 │ a[0][0], b[0][0]  │
        │ (Concatenate)       │                   │            │                   │
        ├─────────────────────┼───────────────────┼────────────┼───────────────────┤
        │ dense (Dense)       │ (None, 3)         │         30 │ concatenate[0][0] │
        └─────────────────────┴───────────────────┴────────────┴───────────────────┘
         Total params: 93 (372.00 B)
         Trainable params: 93 (372.00 B)
         Non-trainable params: 0 (0.00 B)

        """;

    private static (float[] X, float[] Y) Data(Rng rng, int count, int inputSize, int classes)
    {
        float[] x = Enumerable.Range(0, count * inputSize).Select(_ => rng.NextSingle() * 2 - 1).ToArray();
        float[] y = Encoding.OneHot(Enumerable.Range(0, count).Select(i => i % classes).ToArray(), classes);
        return (x, y);
    }
}
