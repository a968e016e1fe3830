using GenNet.Tests.Support;

namespace GenNet.Tests.Models;

/// <summary>After warm-up, Predict and a training step allocate nothing (DESIGN.md, "The contract of generated code").</summary>
public class ModelAllocationTests
{
    [Fact]
    public void Predict_AfterWarmUp_AllocatesNothing()
    {
        var model = new TanhSoftmaxModel(seed: 3);
        float[] x = Enumerable.Range(0, 7 * TanhSoftmaxModel.InputSize).Select(i => i * 0.01f).ToArray();
        float[] y = new float[7 * TanhSoftmaxModel.OutputSize];
        var single = new float[TanhSoftmaxModel.OutputSize];
        Allocations.AssertNoneAfterWarmUp(() =>
        {
            model.Predict(x, y);
            model.Predict(x.AsSpan(0, TanhSoftmaxModel.InputSize), single);
        }, calls: 100);
    }

    public static TheoryData<string> OptimizerNames() => new(Optimizer.KnownNames);

    [Theory]
    [MemberData(nameof(OptimizerNames))]
    public void TrainOnBatch_AfterWarmUp_AllocatesNothing(string optimizer)
    {
        var model = new TanhSoftmaxModel(seed: 3);
        model.Compile(Loss.CategoricalCrossentropy, optimizer, Metric.Accuracy);
        const int batch = 16;
        float[] x = Enumerable.Range(0, batch * TanhSoftmaxModel.InputSize).Select(i => (i % 11) * 0.1f - 0.5f).ToArray();
        float[] y = Encoding.OneHot(Enumerable.Range(0, batch).Select(i => i % 3).ToArray(), 3);
        Allocations.AssertNoneAfterWarmUp(() => model.TrainOnBatch(x, y));
    }
}
