using System.Text.Json;
using GenNet.Tests.Support;

namespace GenNet.Tests.Models;

/// <summary>
/// Whole models built by the real generator against the float64 ground truth of tests/fixtures (model_cnn.json,
/// model_mlp.json): the fixture's weights are loaded by name, then predictions, loss, accuracy and every parameter
/// gradient are compared within the fixture README's whole-model tolerance |got − want| ≤ 2e-6 + 1e-4·|want|.
/// </summary>
public class ModelFixtureTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const double Absolute = 2e-6, Relative = 1e-4;

    [Fact]
    public void Cnn_MatchesFixture() => CheckModel(new FixtureCnnModel(), "model_cnn.json");

    [Fact]
    public void Mlp_MatchesFixture() => CheckModel(new FixtureMlpModel(), "model_mlp.json");

    [Fact]
    public void Cnn_ParameterCountsMatchKeras()
    {
        var fixture = Fixtures.Load("model_cnn.json");
        Assert.Equal(56_714, FixtureCnnModel.ParameterCount);
        Assert.Equal(FixtureCnnModel.ParameterCount, fixture.GetProperty("total_params").GetInt32());
        foreach (var count in fixture.GetProperty("param_counts").EnumerateObject())
        {
            WeightInfo weight = FixtureCnnModel.ModelInfo.Weights.Single(w => w.Name == count.Name.Replace('/', '.'));
            Assert.Equal(count.Value.GetInt32(), weight.Length);
        }
    }

    private (double Error, double Ratio) _worst;

    /// <summary>Tracks the largest |got − want| and the largest share of the tolerance used, for the test output.</summary>
    private void Track(JsonElement want, ReadOnlySpan<float> got)
    {
        double[] w = Fixtures.Data(want);
        for (int i = 0; i < w.Length; i++)
        {
            double error = Math.Abs(got[i] - w[i]);
            _worst = (Math.Max(_worst.Error, error), Math.Max(_worst.Ratio, error / (Absolute + Relative * Math.Abs(w[i]))));
        }
    }

    private void CheckModel(Model model, string file)
    {
        JsonElement fixture = Fixtures.Load(file);
        LoadWeights(model, fixture.GetProperty("weights"));
        JsonElement inputs = fixture.GetProperty("inputs"), outputs = fixture.GetProperty("outputs");
        float[] x = Fixtures.Floats(inputs.GetProperty("x"));
        float[] y = Fixtures.Floats(inputs.GetProperty("y_true"));
        int count = Fixtures.Shape(inputs.GetProperty("x"))[0];

        float[] predicted = new float[count * model.Info.OutputSize];
        model.Predict(x, predicted);
        Fixtures.AssertClose(Fixtures.Data(outputs.GetProperty("y_pred")), predicted, Absolute, Relative, file + " y_pred");
        Track(outputs.GetProperty("y_pred"), predicted);

        model.Compile(Loss.CategoricalCrossentropy, new SGD(0f), Metric.Accuracy);
        Evaluation evaluation = model.Evaluate(x, y, batchSize: count, verbose: 0);
        double loss = outputs.GetProperty("loss").GetProperty("data")[0].GetDouble();
        double accuracy = outputs.GetProperty("accuracy").GetProperty("data")[0].GetDouble();
        Assert.True(Math.Abs(evaluation.Loss - loss) <= Absolute + Relative * Math.Abs(loss), $"{file} loss: expected {loss:R}, got {evaluation.Loss:R}");
        Assert.Equal(accuracy, evaluation.Metrics["accuracy"], 6);

        // SGD with learning rate 0 leaves the weights in place, so Gradients holds dL/dθ of the batch.
        double trainLoss = model.TrainOnBatch(x, y);
        Assert.True(Math.Abs(trainLoss - loss) <= Absolute + Relative * Math.Abs(loss), $"{file} training loss: expected {loss:R}, got {trainLoss:R}");
        foreach (JsonProperty gradient in outputs.GetProperty("grads").EnumerateObject())
        {
            WeightInfo weight = model.Info.Weights.Single(w => w.Name == gradient.Name.Replace('/', '.'));
            Fixtures.AssertClose(Fixtures.Data(gradient.Value), model.Gradients.Slice(weight.Offset, weight.Length), Absolute, Relative,
                file + " d" + weight.Name);
            Track(gradient.Value, model.Gradients.Slice(weight.Offset, weight.Length));
        }
        output.WriteLine($"{file}: max |got − want| = {_worst.Error:E2}, max share of tolerance = {_worst.Ratio:P1}; " +
            $"loss {evaluation.Loss:R} vs {loss:R}, accuracy {evaluation.Metrics["accuracy"]} vs {accuracy}");
    }

    internal static void LoadWeights(Model model, JsonElement weights)
    {
        Assert.Equal(model.Info.Weights.Length, weights.EnumerateObject().Count());
        foreach (JsonProperty tensor in weights.EnumerateObject())
        {
            WeightInfo weight = model.Info.Weights.Single(w => w.Name == tensor.Name.Replace('/', '.'));
            Assert.Equal(weight.Shape, Fixtures.Shape(tensor.Value));
            Fixtures.Floats(tensor.Value).CopyTo((weight.Trainable ? model.Parameters : model.State).Slice(weight.Offset, weight.Length));
        }
    }
}
