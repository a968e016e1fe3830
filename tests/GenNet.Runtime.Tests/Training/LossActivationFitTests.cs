using GenNet.Losses;
using GenNet.Tests.Models;

namespace GenNet.Tests.Training;

[Sequential(4)]
[Dense(5, Activation = Act.Sigmoid)]
public partial class FiveSigmoidModel { }

[Sequential(4)]
[Dense(5)]
public partial class FiveLinearModel { }

/// <summary>Compile warns when a loss does not fit the output activation; Fit says when one-hot labels were given class ids.</summary>
public class LossActivationFitTests
{
    [Fact]
    public void SoftmaxOverThreeClasses_WithBinaryCrossentropy_Warns()
    {
        string output = Compile(new TanhSoftmaxModel(1), new BinaryCrossentropy());
        Assert.Contains("WARNING: binary_crossentropy on a softmax over 3 classes", output);
        Assert.Contains("sparse_categorical_crossentropy", output);
    }

    [Fact]
    public void SigmoidOutputs_WithCategoricalCrossentropy_Warn()
    {
        Assert.Contains("WARNING: categorical_crossentropy on 5 sigmoid outputs", Compile(new FiveSigmoidModel(1), new CategoricalCrossentropy()));
        Assert.Contains("WARNING: sparse_categorical_crossentropy on 5 sigmoid outputs", Compile(new FiveSigmoidModel(1), new SparseCategoricalCrossentropy()));
    }

    [Fact]
    public void LinearOutput_WithProbabilityLoss_SuggestsFromLogits()
    {
        string output = Compile(new FiveLinearModel(1), new CategoricalCrossentropy());
        Assert.Contains("WARNING: categorical_crossentropy expects probabilities, but the output activation is linear", output);
        Assert.Contains("fromLogits: true", output);
    }

    [Fact]
    public void FromLogits_OnAProbabilityOutput_Warns()
    {
        Assert.Contains("it is applied twice", Compile(new TanhSoftmaxModel(1), new CategoricalCrossentropy(fromLogits: true)));
    }

    [Theory]
    [InlineData("categorical_crossentropy")]
    [InlineData("sparse_categorical_crossentropy")]
    [InlineData("mse")]
    public void FittingPairs_PrintNothing(string loss)
    {
        Assert.Equal("", Compile(new TanhSoftmaxModel(1), Loss.FromName(loss)));
    }

    [Fact]
    public void FittingPairs_FromLogitsOnLinear_PrintsNothing()
    {
        Assert.Equal("", Compile(new FiveLinearModel(1), new CategoricalCrossentropy(fromLogits: true)));
        Assert.Equal("", Compile(new FiveSigmoidModel(1), new BinaryCrossentropy()));
    }

    [Fact]
    public void ClassIds_ForCategoricalCrossentropy_SaySparse()
    {
        var model = new TanhSoftmaxModel(1) { Output = new StringWriter() };
        model.Compile(new CategoricalCrossentropy(), new SGD(), Metric.Accuracy);
        float[,] x = new float[4, 5];
        float[] classIds = { 0, 2, 1, 2 };
        var e = Assert.Throws<ArgumentException>(() => model.Fit(x, classIds, epochs: 1, batchSize: 2, verbose: 0));
        Assert.Contains("looks like class ids", e.Message);
        Assert.Contains("sparse_categorical_crossentropy", e.Message);
        Assert.Contains("Encoding.OneHot(labels, 3)", e.Message);
    }

    private static string Compile(Model model, Loss loss)
    {
        var output = new StringWriter();
        model.Output = output;
        model.Compile(loss, new SGD(), Metric.Accuracy);
        return output.ToString();
    }
}
