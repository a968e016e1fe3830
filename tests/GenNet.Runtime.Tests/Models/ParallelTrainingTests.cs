namespace GenNet.Tests.Models;

// Models for the data-parallel training tests: dropout (per-chunk streams) in a Dense and a convolutional model.

[Sequential(8)]
[Dense(32, Activation = Act.Relu)]
[Dropout(0.3)]
[Dense(16, Activation = Act.Tanh)]
[Dense(3, Activation = Act.Softmax)]
public partial class ParallelDenseDropoutModel { }

[Sequential(8, 8, 1)]
[Conv2D(4, 3, Activation = Act.Relu)]
[MaxPooling2D(2)]
[Flatten]
[Dense(12, Activation = Act.Relu)]
[Dropout(0.2)]
[Dense(3, Activation = Act.Softmax)]
public partial class ParallelConvModel { }

/// <summary>
/// Training splits every batch into row chunks fixed by the batch size alone and sums the chunk gradients in chunk
/// order, so the thread count never changes a result (DESIGN.md, "The runtime").
/// </summary>
public class ParallelTrainingTests
{
    private static (float[] X, float[] Y) Data(int count, int inputSize, ulong seed)
    {
        var rng = new Rng(seed);
        var x = new float[count * inputSize];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            float sum = 0;
            for (int j = 0; j < inputSize; j++) sum += x[i * inputSize + j] = rng.NextSingle() * 2 - 1;
            labels[i] = sum < -0.5f ? 0 : sum < 0.5f ? 1 : 2;
        }
        return (x, Encoding.OneHot(labels, 3));
    }

    private static (float[] Weights, History History) Train(Func<Model> create, int threads, int inputSize, int epochs = 3)
    {
        var (x, y) = Data(332, inputSize, seed: 17);
        var model = create();
        model.Threads = threads;
        model.Compile(Loss.CategoricalCrossentropy, new Adam(learningRate: 0.01f), Metric.Accuracy);
        // 265 training rows: batches of 128 (4 chunks of 32) and a last batch of 9 rows (one chunk); validation (67 rows) chunked too.
        var history = model.Fit(x, y, epochs: epochs, batchSize: 128, verbose: 0, validationSplit: 0.2);
        return (model.Parameters.ToArray(), history);
    }

    private static void AssertSameHistory(History expected, History actual)
    {
        Assert.Equal(expected.Values.Keys.Order(), actual.Values.Keys.Order());
        foreach (var (key, values) in expected.Values) Assert.Equal(values, actual.Values[key]);
    }

    public static TheoryData<int> ThreadCounts() => new(2, 3, 4);

    [Theory]
    [MemberData(nameof(ThreadCounts))]
    public void Fit_DenseWithDropout_SameWeightsAndHistoryBitForBitWithAnyThreadCount(int threads)
    {
        var (expected, expectedHistory) = Train(() => new ParallelDenseDropoutModel(seed: 3), 1, ParallelDenseDropoutModel.InputSize);
        var (actual, actualHistory) = Train(() => new ParallelDenseDropoutModel(seed: 3), threads, ParallelDenseDropoutModel.InputSize);
        Assert.Equal(expected, actual);
        AssertSameHistory(expectedHistory, actualHistory);
    }

    [Theory]
    [MemberData(nameof(ThreadCounts))]
    public void Fit_ConvWithDropout_SameWeightsAndHistoryBitForBitWithAnyThreadCount(int threads)
    {
        var (expected, expectedHistory) = Train(() => new ParallelConvModel(seed: 4), 1, ParallelConvModel.InputSize);
        var (actual, actualHistory) = Train(() => new ParallelConvModel(seed: 4), threads, ParallelConvModel.InputSize);
        Assert.Equal(expected, actual);
        AssertSameHistory(expectedHistory, actualHistory);
    }

    [Fact]
    public void Fit_BatchNormalization_TrainsWholeBatchAsOneChunk_SameAsUnchunked()
    {
        Model Unchunked() => new SmallConvBatchNormModel(seed: 6) { MaxChunks = 1 };
        var (expected, expectedHistory) = Train(Unchunked, 1, SmallConvBatchNormModel.InputSize);
        var (actual, actualHistory) = Train(() => new SmallConvBatchNormModel(seed: 6), 2, SmallConvBatchNormModel.InputSize);
        Assert.True(new SmallConvBatchNormModel().TrainsWholeBatch);
        Assert.False(new ParallelConvModel().TrainsWholeBatch);
        Assert.Equal(expected, actual);
        AssertSameHistory(expectedHistory, actualHistory);
    }

    [Fact]
    public async Task Fit_TwoModelsTrainingConcurrently_SameAsAlone()
    {
        // The shared workers serve one trainer at a time; the other runs its chunks inline, with the same results.
        var (expected, _) = Train(() => new ParallelConvModel(seed: 8), 2, ParallelConvModel.InputSize);
        var tasks = Enumerable.Range(0, 3)
            .Select(_ => Task.Run(() => Train(() => new ParallelConvModel(seed: 8), 2, ParallelConvModel.InputSize).Weights)).ToArray();
        foreach (var weights in await Task.WhenAll(tasks)) Assert.Equal(expected, weights);
    }

    public static TheoryData<string, int> GradientCases() => new()
    {
        { "mlp", 64 }, { "mlp", 100 }, { "mlp", 300 }, { "cnn", 128 }, { "cnn", 65 }, { "tanh", 256 },
    };

    [Theory]
    [MemberData(nameof(GradientCases))]
    public void TrainOnBatch_ChunkedGradient_EqualsUnchunkedWithinSummationOrder(string kind, int batch)
    {
        Model Create(int maxChunks)
        {
            Model model = kind switch
            {
                "mlp" => new FixtureMlpModel(seed: 2),
                "cnn" => new FixtureCnnModel(seed: 2),
                _ => new TanhSoftmaxModel(seed: 2),
            };
            model.MaxChunks = maxChunks;
            model.Threads = 2;
            // Learning rate 0: the step leaves the weights alone and the batch gradient in Gradients.
            model.Compile(Loss.CategoricalCrossentropy, new SGD(learningRate: 0f));
            return model;
        }
        var unchunked = Create(1);
        var chunked = Create(Model.DefaultMaxChunks);
        Assert.Equal(1, unchunked.ChunkCount(batch));
        Assert.True(chunked.ChunkCount(batch) > 1);

        var rng = new Rng(99);
        float[] x = Enumerable.Range(0, batch * unchunked.Info.InputSize).Select(_ => rng.NextSingle()).ToArray();
        float[] y = Encoding.OneHot(Enumerable.Range(0, batch).Select(i => (i * 7) % 10 % unchunked.Info.OutputSize).ToArray(), unchunked.Info.OutputSize);
        double expectedLoss = unchunked.TrainOnBatch(x, y);
        double actualLoss = chunked.TrainOnBatch(x, y);

        Assert.Equal(expectedLoss, actualLoss, 12);
        float[] expected = unchunked.Gradients.ToArray(), actual = chunked.Gradients.ToArray();
        Assert.Contains(expected, g => g != 0);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-6f + 1e-5f * Math.Abs(expected[i]),
                $"gradient {i}: unchunked {expected[i]}, chunked {actual[i]}");
    }

    [Fact]
    public void ChunkRange_CoversTheRowsInOrder_FirstChunksOneRowLonger()
    {
        Assert.Equal((0, 26), Model.ChunkRange(101, 4, 0));
        Assert.Equal((26, 25), Model.ChunkRange(101, 4, 1));
        int next = 0;
        for (int c = 0; c < 3; c++)
        {
            var (start, rows) = Model.ChunkRange(56, 3, c);
            Assert.Equal(next, start);
            Assert.InRange(rows, 18, 19);
            next += rows;
        }
        Assert.Equal(56, next);

        // rows / 32, at most 8, rounded down to a power of two: the thread count plays no part.
        var model = new TanhSoftmaxModel();
        Assert.Equal(1, model.ChunkCount(1));
        Assert.Equal(1, model.ChunkCount(63));
        Assert.Equal(2, model.ChunkCount(64));
        Assert.Equal(2, model.ChunkCount(100));
        Assert.Equal(4, model.ChunkCount(128));
        Assert.Equal(4, model.ChunkCount(255));
        Assert.Equal(8, model.ChunkCount(256));
        Assert.Equal(8, model.ChunkCount(100_000));
        model.Threads = 1;
        Assert.Equal(8, model.ChunkCount(100_000));
    }

    [Fact]
    public void Evaluate_SameResultWithAnyThreadCount()
    {
        var (x, y) = Data(500, 8, seed: 21);
        Evaluation Run(int threads)
        {
            var model = new ParallelDenseDropoutModel(seed: 5) { Threads = threads };
            model.Compile(Loss.CategoricalCrossentropy, "adam", Metric.Accuracy);
            return model.Evaluate(x, y, batchSize: 128, verbose: 0);
        }
        var one = Run(1);
        var two = Run(2);
        Assert.Equal(one.Loss, two.Loss);
        Assert.Equal(one.Metrics["accuracy"], two.Metrics["accuracy"]);
    }

    [Fact]
    public void Threads_DefaultsToProcessorCount_RejectsLessThanOne()
    {
        var model = new TanhSoftmaxModel();
        Assert.Equal(Environment.ProcessorCount, model.Threads);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Threads = 0);
        model.Threads = 1;
        Assert.Equal(1, model.Threads);
    }

    [Fact]
    public void WorkerPool_ExceptionInAnItem_ReachesTheCaller()
    {
        var error = Assert.Throws<InvalidOperationException>(() => WorkerPool.Run(new ThrowingJob(), 8, 2));
        Assert.Equal("item 5", error.Message);
    }

    private sealed class ThrowingJob : ParallelJob
    {
        public override void Execute(int index)
        {
            if (index == 5) throw new InvalidOperationException("item 5");
        }
    }
}

/// <summary>Allocation counts on the worker threads: run alone, so that the shared workers serve only this test.</summary>
[CollectionDefinition(nameof(WorkerPoolCollection), DisableParallelization = true)]
public sealed class WorkerPoolCollection;

[Collection(nameof(WorkerPoolCollection))]
public class ParallelAllocationTests
{
    [Theory]
    [InlineData("dense")]
    [InlineData("conv")]
    [InlineData("batchnorm")] // one chunk, BatchNormalization's row blocks shared with the workers
    public void TrainOnBatch_TwoThreads_AfterWarmUp_AllocatesNothingOnAnyThread(string kind)
    {
        Model model = kind switch
        {
            "dense" => new ParallelDenseDropoutModel(seed: 1),
            "conv" => new ParallelConvModel(seed: 1),
            _ => new SmallConvBatchNormModel(seed: 1),
        };
        model.Threads = 2;
        model.Compile(Loss.CategoricalCrossentropy, "adam", Metric.Accuracy);
        const int batch = 128;
        var rng = new Rng(5);
        float[] x = Enumerable.Range(0, batch * model.Info.InputSize).Select(_ => rng.NextSingle()).ToArray();
        float[] y = Encoding.OneHot(Enumerable.Range(0, batch).Select(i => i % 3).ToArray(), 3);
        for (int i = 0; i < 5; i++) model.TrainOnBatch(x, y);
        var probe = new AllocationProbe();
        probe.WorkerBytes();
        long workerBefore = probe.WorkerBytes();

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++) model.TrainOnBatch(x, y);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(0, probe.WorkerBytes() - workerBefore);
    }

    /// <summary>
    /// A run with one item per thread of the pool, each waiting for all the others, so that every worker takes exactly
    /// one; returns the bytes all workers have allocated so far.
    /// </summary>
    private sealed class AllocationProbe : ParallelJob
    {
        private long[] _bytes = [];
        private int[] _thread = [];
        private int _started;

        public long WorkerBytes()
        {
            int threads = WorkerPool.WorkerCount + 1;
            _bytes = new long[threads];
            _thread = new int[threads];
            _started = 0;
            WorkerPool.Run(this, threads, threads);
            int caller = Environment.CurrentManagedThreadId;
            Assert.Equal(threads, _thread.Distinct().Count());
            long sum = 0;
            for (int i = 0; i < threads; i++) sum += _thread[i] == caller ? 0 : _bytes[i];
            return sum;
        }

        public override void Execute(int index)
        {
            _bytes[index] = GC.GetAllocatedBytesForCurrentThread();
            _thread[index] = Environment.CurrentManagedThreadId;
            Interlocked.Increment(ref _started);
            long deadline = Environment.TickCount64 + 10_000;
            while (Volatile.Read(ref _started) < _bytes.Length)
            {
                if (Environment.TickCount64 > deadline) throw new TimeoutException("A worker never joined.");
                Thread.SpinWait(20);
            }
        }
    }
}
