using GenNet.Data;
using GenNet.Tests.Support;

namespace GenNet.Tests.Data;

/// <summary>
/// Timeseries.Windows against keras.utils.timeseries_dataset_from_array (keras/src/utils/timeseries_dataset_utils.py and
/// the examples in its docstring): window starts, sampling, targets, start/end indices, batches, shuffling and Keras' checks.
/// </summary>
public sealed class TimeseriesTests
{
    /// <summary><paramref name="steps"/> steps of two features: step t is (t, 100 + t).</summary>
    private static float[] Data(int steps) => Enumerable.Range(0, 2 * steps).Select(i => (float)(i % 2 * 100 + i / 2)).ToArray();

    private static float[] Targets(int rows) => Enumerable.Range(0, rows).Select(t => 1000f + t).ToArray();

    private static (float[] X, float[] Y) ReadAll(TimeseriesDataSource source)
    {
        var x = new float[source.Count * source.InputSize];
        var y = new float[source.Count * source.LabelSize];
        source.BeginPass(null);
        source.Read(0, source.Count, x, y, default);
        return (x, y);
    }

    /// <summary>The steps window <paramref name="row"/> of x holds (first feature of each step).</summary>
    private static float[] Steps(float[] x, int row, int length) => Enumerable.Range(0, length).Select(j => x[(row * length + j) * 2]).ToArray();

    [Fact]
    public void Windows_KerasDocstringExample1_StartsEveryStrideAndSamplesEveryRate()
    {
        // Keras: indices 0 … 98, sequence_length=10, sampling_rate=2, sequence_stride=3 → [0 2 … 18], [3 5 … 21], …, [78 80 … 96].
        var source = Timeseries.Windows(Data(99), 2, null, 10, SequenceStride: 3, SamplingRate: 2);
        Assert.Equal(27, source.Count);
        Assert.Equal(20, source.InputSize);
        Assert.Equal(0, source.LabelSize);
        var (x, _) = ReadAll(source);
        Assert.Equal([0f, 2, 4, 6, 8, 10, 12, 14, 16, 18], Steps(x, 0, 10));
        Assert.Equal([3f, 5, 7, 9, 11, 13, 15, 17, 19, 21], Steps(x, 1, 10));
        Assert.Equal([6f, 8, 10, 12, 14, 16, 18, 20, 22, 24], Steps(x, 2, 10));
        Assert.Equal([78f, 80, 82, 84, 86, 88, 90, 92, 94, 96], Steps(x, 26, 10));
        Assert.Equal(178f, x[26 * 20 + 1]); // the second feature travels with its step
    }

    [Fact]
    public void Windows_KerasDocstringExample2_TargetIOfWindowStartingAtI()
    {
        // Keras: input_data = data[:-10], targets = data[10:], sequence_length=10: inputs[0] = data[:10], targets[0] = data[10].
        const int n = 40, length = 10;
        float[] series = Data(n);
        float[] input = series[..(2 * (n - length))];
        float[] targets = Enumerable.Range(length, n - length).Select(t => series[2 * t]).ToArray();
        var source = Timeseries.Windows(input, 2, targets, length);
        Assert.Equal(21, source.Count); // 30 steps − 9
        var (x, y) = ReadAll(source);
        Assert.Equal(series[..20], x[..20]);
        Assert.Equal(10f, y[0]);
        for (int i = 0; i < source.Count; i++)
        {
            Assert.Equal(i + length, y[i]);                   // next step after the window
            Assert.Equal(i + length - 1, x[(i * length + length - 1) * 2]); // the window's last step
        }
    }

    [Fact]
    public void Windows_StartAndEndIndex_SliceDataAndTargetsAlike()
    {
        // Steps [1, 9): 8 steps, n = 8 − (3 − 1)·2 = 4 relative starts 0, 2 → windows at steps 1 and 3; targets[1 + p].
        var source = Timeseries.Windows(Data(10), 2, Targets(10), 3, SequenceStride: 2, SamplingRate: 2, StartIndex: 1, EndIndex: 9);
        Assert.Equal(2, source.Count);
        Assert.Equal(1, source.WindowStart(0));
        Assert.Equal(3, source.WindowStart(1));
        var (x, y) = ReadAll(source);
        Assert.Equal([1f, 101, 3, 103, 5, 105, 3, 103, 5, 105, 7, 107], x);
        Assert.Equal([1001f, 1003], y);
    }

    [Fact]
    public void Windows_FewerTargetsThanStarts_KeepsOnlyWindowsWithATarget()
    {
        var source = Timeseries.Windows(Data(10), 2, Targets(5), 3);
        Assert.Equal(5, source.Count); // Keras: num_seqs = min(10 − 2, len(targets))
        Assert.Equal([1000f, 1001, 1002, 1003, 1004], ReadAll(source).Y);
    }

    [Fact]
    public void Windows_TargetRowsOfSeveralValues()
    {
        float[] targets = Enumerable.Range(0, 20).Select(i => (float)i).ToArray(); // 10 rows of 2
        var source = Timeseries.Windows(Data(10), 2, targets, 4, SequenceStride: 3, targetSize: 2);
        Assert.Equal(3, source.Count); // starts 0, 3, 6 below 7
        Assert.Equal(2, source.LabelSize);
        Assert.Equal([0f, 1, 6, 7, 12, 13], ReadAll(source).Y);
    }

    [Fact]
    public void ReadBatch_WalksTheWindowsInBatchesOfBatchSize_LastOneShorter()
    {
        var source = Timeseries.Windows(Data(10), 2, Targets(10), 3, BatchSize: 3);
        Assert.Equal(8, source.Count);
        Assert.Equal(3, source.BatchCount);
        var x = new float[3 * source.InputSize];
        var y = new float[3];
        Assert.Equal(3, source.ReadBatch(1, x, y));
        Assert.Equal([1003f, 1004, 1005], y);
        Assert.Equal([3f, 103, 4, 104, 5, 105], x[..6]);
        Assert.Equal(2, source.ReadBatch(2, x, y));
        Assert.Equal([1006f, 1007], y[..2]);
        Assert.Throws<ArgumentOutOfRangeException>(() => source.ReadBatch(3, x, y));

        var unbatched = Timeseries.Windows(Data(10), 2, Targets(10), 3, BatchSize: null);
        Assert.Equal(8, unbatched.BatchCount);
        Assert.Equal(1, unbatched.ReadBatch(7, x, y));
        Assert.Equal(1007f, y[0]);
        Assert.Equal(128, Timeseries.Windows(Data(10), 2, null, 3).BatchSize); // Keras' default batch_size
    }

    [Fact]
    public void Shuffle_FixesOneOrderFromTheSeed_WindowsAndTargetsStayPaired()
    {
        var a = Timeseries.Windows(Data(30), 2, Targets(30), 3, Shuffle: true, Seed: 7);
        var b = Timeseries.Windows(Data(30), 2, Targets(30), 3, Shuffle: true, Seed: 7);
        var (xa, ya) = ReadAll(a);
        var (xb, yb) = ReadAll(b);
        Assert.Equal(xa, xb);
        Assert.Equal(ya, yb);
        Assert.Equal(Enumerable.Range(0, 28).Select(t => 1000f + t), ya.Order());
        Assert.NotEqual(Enumerable.Range(0, 28).Select(t => 1000f + t), ya);
        for (int i = 0; i < a.Count; i++) Assert.Equal(ya[i] - 1000, xa[i * 6]); // target row = the window's first step
        Assert.Equal(7, a.Seed);

        // ReadBatch follows the same fixed order.
        var x = new float[128 * 6];
        var y = new float[128];
        Assert.Equal(28, a.ReadBatch(0, x, y));
        Assert.Equal(ya, y[..28]);

        var drawn = Timeseries.Windows(Data(30), 2, null, 3, Shuffle: true);
        Assert.NotNull(drawn.Seed);
    }

    [Fact]
    public void BeginPass_WithFitsStream_DrawsAFreshOrderEachPass_NullRestoresTheFixedOrder()
    {
        var source = Timeseries.Windows(Data(30), 2, Targets(30), 3);
        var y1 = new float[source.Count];
        var y2 = new float[source.Count];
        var x = new float[source.Count * source.InputSize];
        var rng = new Rng(3);
        source.BeginPass(rng);
        source.Read(0, source.Count, x, y1, default);
        source.BeginPass(rng);
        source.Read(0, source.Count, x, y2, default);
        Assert.NotEqual(y1, y2);
        Assert.Equal(y1.Order(), y2.Order());
        source.BeginPass(null);
        source.Read(0, source.Count, x, y1, default);
        Assert.Equal(Enumerable.Range(0, 28).Select(t => 1000f + t), y1);
    }

    [Fact]
    public void Read_AllocatesNothing()
    {
        var source = Timeseries.Windows(Data(200), 2, Targets(200), 14, BatchSize: 32);
        var x = new float[32 * source.InputSize];
        var y = new float[32];
        var rng = new Rng(1);
        Allocations.AssertNoneAfterWarmUp(() =>
        {
            source.BeginPass(rng);
            source.Read(10, 32, x, y, default);
            source.ReadBatch(5, x, y);
        });
    }

    [Fact]
    public void Windows_KerasArgumentChecks()
    {
        float[] data = Data(10);
        Assert.Throws<ArgumentOutOfRangeException>(() => Timeseries.Windows(data, 2, null, 3, SamplingRate: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Timeseries.Windows(data, 2, null, 3, SamplingRate: 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => Timeseries.Windows(data, 2, null, 3, SequenceStride: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Timeseries.Windows(data, 2, null, 3, SequenceStride: 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => Timeseries.Windows(data, 2, null, 3, StartIndex: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Timeseries.Windows(data, 2, null, 3, StartIndex: 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => Timeseries.Windows(data, 2, null, 3, EndIndex: 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => Timeseries.Windows(data, 2, null, 3, StartIndex: 4, EndIndex: 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => Timeseries.Windows(data, 2, null, 3, BatchSize: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Timeseries.Windows(data, 2, null, 0));
        Assert.Throws<ArgumentException>(() => Timeseries.Windows(data[..3], 2, null, 1));
        var none = Assert.Throws<ArgumentException>(() => Timeseries.Windows(data, 2, null, 6, SamplingRate: 2));
        Assert.Contains("No window fits", none.Message);
        // More windows than target rows past StartIndex: Keras would fail inside tf.gather; here a message names both.
        var short_ = Assert.Throws<ArgumentException>(() => Timeseries.Windows(data, 2, Targets(6), 2, StartIndex: 3));
        Assert.Contains("target row", short_.Message);
    }
}
