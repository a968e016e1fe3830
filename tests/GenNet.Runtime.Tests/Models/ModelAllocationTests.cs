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

    [Fact]
    public void FitFromADataSource_StepsAfterTheFirst_AllocateNothing()
    {
        // 12 steps of 64 rows (two chunks each) from a user's source: reading, staging, the checks, the step, the logs.
        var (x, y) = ModelDeterminismTests.Data(seed: 1, count: 64 * 12);
        var source = new GenNet.Tests.Training.RecordingSource(x, y, TanhSoftmaxModel.InputSize, TanhSoftmaxModel.OutputSize) { Record = false };
        var model = new TanhSoftmaxModel(seed: 3) { Output = TextWriter.Null };
        model.Compile(Loss.CategoricalCrossentropy, new Adam(), Metric.Accuracy);
        var meter = new StepAllocations(epochs: 3, steps: 12);
        var validation = new GenNet.Tests.Training.RecordingSource(x, y, TanhSoftmaxModel.InputSize, TanhSoftmaxModel.OutputSize) { Record = false };
        model.Fit(source, epochs: 3, batchSize: 64, verbose: 0, callbacks: [meter], validationData: validation);
        Assert.Equal(0, meter.AfterFirstStep(epoch: 2));
    }

    [Fact]
    public void FitFromArrays_StepsAfterTheFirst_AllocateNothing()
    {
        var (x, y) = ModelDeterminismTests.Data(seed: 1, count: 64 * 12);
        var model = new TanhSoftmaxModel(seed: 3) { Output = TextWriter.Null };
        model.Compile(Loss.CategoricalCrossentropy, new Adam(), Metric.Accuracy);
        var meter = new StepAllocations(epochs: 3, steps: 12);
        model.Fit(x, y, epochs: 3, batchSize: 64, verbose: 0, callbacks: [meter], sampleWeight: Enumerable.Repeat(0.5f, 64 * 12).ToArray());
        Assert.Equal(0, meter.AfterFirstStep(epoch: 2));
    }
}
