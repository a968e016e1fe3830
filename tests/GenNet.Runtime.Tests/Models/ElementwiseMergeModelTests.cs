namespace GenNet.Tests.Models;

// Functional models with the element-wise merges, built by the real generator.

/// <summary>a − b, then the model input minus that: the input (no gradient) as the first operand.</summary>
[Functional(4)]
[Dense(4, Activation = Act.Tanh, Name = "a")]
[Dense(4, Activation = Act.Sigmoid, From = "input_layer", Name = "b")]
[Subtract("a", "b")]
[Subtract("input_layer", "subtract")]
[Dense(2)]
public partial class SubtractMergeModel { }

/// <summary>A three-input product (one the model input), then that product squared by merging it with itself.</summary>
[Functional(4)]
[Dense(4, Activation = Act.Tanh, Name = "a")]
[Dense(4, Activation = Act.Tanh, From = "input_layer", Name = "b")]
[Multiply("a", "b", "input_layer")]
[Multiply("multiply", "multiply")]
[Dense(2)]
public partial class MultiplyMergeModel { }

/// <summary>A two-input mean, then a three-input one that reads "a" again and the model input.</summary>
[Functional(4)]
[Dense(4, Activation = Act.Tanh, Name = "a")]
[Dense(4, Activation = Act.Tanh, From = "input_layer", Name = "b")]
[Average("a", "b")]
[Average("average", "input_layer", "a")]
[Dense(2)]
public partial class AverageMergeModel { }

/// <summary>
/// max(tanh branch, input): with inputs of magnitude ≥ 1.5 the two never come near a tie, so central differences are
/// exact; the branch gets the gradient only where the input is negative. Then three ties everywhere: max(m, m, m) = m.
/// </summary>
[Functional(4)]
[Dense(4, Activation = Act.Tanh, Name = "a")]
[Maximum("a", "input_layer", Name = "m")]
[Maximum("m", "m", "m")]
[Dense(2)]
public partial class MaximumMergeModel { }

/// <summary>The mirror of <see cref="MaximumMergeModel"/>, with the input first and the tie merge of two inputs.</summary>
[Functional(4)]
[Dense(4, Activation = Act.Tanh, Name = "a")]
[Minimum("input_layer", "a", Name = "m")]
[Minimum("m", "m")]
[Dense(2)]
public partial class MinimumMergeModel { }

/// <summary>
/// Three-input Maximum and Minimum with the model input (|x| ≥ 1.5) among the operands: where x &gt; 0 the maximum is x and
/// the minimum is "a"; where x &lt; 0 the minimum is x, so the maximum (and with it "b") gets no gradient. No near ties.
/// </summary>
[Functional(4)]
[Dense(4, Activation = Act.Tanh, Name = "a")]
[Dense(4, Activation = Act.Tanh, From = "input_layer", Name = "b")]
[Maximum("b", "input_layer", "a")]
[Minimum("a", "maximum", "input_layer")]
[Dense(2)]
public partial class ThreeWayExtremumModel { }

/// <summary>
/// Every element-wise merge through a generated model: gradients against central differences (covering two- and
/// n-input merges, the model input as an operand, repeated inputs and ties), Keras default names, and no allocation.
/// </summary>
public class ElementwiseMergeModelTests
{
    [Fact]
    public void Subtract_GradientsMatchCentralDifferences() => Check(new SubtractMergeModel(seed: 4), SubtractMergeModel.InputSize, 11);

    [Fact]
    public void Multiply_GradientsMatchCentralDifferences() => Check(new MultiplyMergeModel(seed: 4), MultiplyMergeModel.InputSize, 12);

    [Fact]
    public void Average_GradientsMatchCentralDifferences() => Check(new AverageMergeModel(seed: 4), AverageMergeModel.InputSize, 13);

    [Fact]
    public void Maximum_GradientsMatchCentralDifferences() => Check(new MaximumMergeModel(seed: 4), MaximumMergeModel.InputSize, 14);

    [Fact]
    public void Minimum_GradientsMatchCentralDifferences() => Check(new MinimumMergeModel(seed: 4), MinimumMergeModel.InputSize, 15);

    [Fact]
    public void ThreeWayMaximumAndMinimum_GradientsMatchCentralDifferences() =>
        Check(new ThreeWayExtremumModel(seed: 4), ThreeWayExtremumModel.InputSize, 16);

    [Fact]
    public void Maximum_RoutesTheBranchGradientOnlyWhereTheBranchWins()
    {
        // One sample, all inputs positive: the input beats tanh(·) < 1 everywhere, so layer "a" gets no gradient.
        var model = new MaximumMergeModel(seed: 4);
        model.Compile(Loss.MeanSquaredError, new SGD(0f));
        model.TrainOnBatch(new float[] { 2, 1.5f, 3, 2.5f }, new float[] { 0.5f, -0.5f });
        float[] g = model.Gradients.ToArray();
        Assert.All(g.AsSpan(0, 4 * 4 + 4).ToArray(), v => Assert.Equal(0f, v));
        Assert.Contains(g.Skip(20), v => v != 0);
    }

    [Fact]
    public void Layers_HaveKerasDefaultNames()
    {
        Assert.Equal(new[] { "a", "b", "subtract", "subtract_1", "dense" }, new SubtractMergeModel().Info.Layers.Select(l => l.Name));
        Assert.Equal(new[] { "a", "b", "multiply", "multiply_1", "dense" }, new MultiplyMergeModel().Info.Layers.Select(l => l.Name));
        Assert.Equal(new[] { "a", "b", "average", "average_1", "dense" }, new AverageMergeModel().Info.Layers.Select(l => l.Name));
        Assert.Equal(new[] { "a", "m", "maximum", "dense" }, new MaximumMergeModel().Info.Layers.Select(l => l.Name));
        Assert.Equal(new[] { "a", "m", "minimum", "dense" }, new MinimumMergeModel().Info.Layers.Select(l => l.Name));
        Assert.Equal("Subtract", new SubtractMergeModel().Info.Layers[2].TypeName);
    }

    [Fact]
    public void MergeModels_PredictAndTrainOnBatch_AfterWarmUp_AllocateNothing()
    {
        Model[] models = { new SubtractMergeModel(1), new MultiplyMergeModel(1), new AverageMergeModel(1), new MaximumMergeModel(1), new ThreeWayExtremumModel(1) };
        var (x, y) = Data(new Rng(2), 8, 4, 2);
        var predictions = new float[8 * 2];
        foreach (Model model in models)
        {
            model.Compile(Loss.MeanSquaredError, new Adam());
            model.Predict(x, predictions);
            model.TrainOnBatch(x, y);
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        foreach (Model model in models)
        {
            model.Predict(x, predictions);
            model.TrainOnBatch(x, y);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void Check(Model model, int inputSize, ulong seed)
    {
        var (x, y) = Data(new Rng(seed), 8, inputSize, 2);
        ModelGradientTests.CheckGradients(model, Loss.MeanSquaredError, x, y);
    }

    /// <summary>Inputs of magnitude 1.5..2.5 (either sign), so they stay clear of tanh/sigmoid branches in (−1, 1).</summary>
    private static (float[] X, float[] Y) Data(Rng rng, int count, int inputSize, int outputs)
    {
        float[] x = Enumerable.Range(0, count * inputSize).Select(_ => (rng.NextSingle() < 0.5f ? -1 : 1) * (1.5f + rng.NextSingle())).ToArray();
        float[] y = Enumerable.Range(0, count * outputs).Select(_ => rng.NextSingle() * 2 - 1).ToArray();
        return (x, y);
    }
}
