using GenNet.Metrics;
using Xunit;

namespace GenNet.Tests.Metrics;

/// <summary>Keras' rules at the edges: top-k ties, thresholds, bad labels, names and the catalog.</summary>
public class MetricBehaviorTests
{
    [Fact]
    public void TopK_TieAtTheBoundary_CountsAsInside()
    {
        // Keras' in_top_k: in iff the target's score ≥ the k-th largest score, so all tied classes are "in".
        float[] p = [0.3f, 0.3f, 0.3f, 0.1f];
        var values = new float[1];
        new SparseTopKCategoricalAccuracy(k: 1).PerSample([2f], p, values, 1, 4);
        Assert.Equal(1f, values[0]);
        new TopKCategoricalAccuracy(k: 1).PerSample([0f, 0f, 1f, 0f], p, values, 1, 4);
        Assert.Equal(1f, values[0]);
        new SparseTopKCategoricalAccuracy(k: 3).PerSample([3f], p, values, 1, 4);
        Assert.Equal(0f, values[0]);
    }

    [Fact]
    public void TopK_CountsStrictlyGreaterScores()
    {
        float[] p = [0.1f, 0.4f, 0.2f, 0.3f];
        var values = new float[4];
        new SparseTopKCategoricalAccuracy(k: 2).PerSample([1f, 3f, 2f, 0f], [.. p, .. p, .. p, .. p], values, 4, 4);
        Assert.Equal([1f, 1f, 0f, 0f], values);
    }

    [Fact]
    public void BinaryAccuracy_ThresholdItselfCountsAsZero_AndRowsAverageOverOutputs()
    {
        var values = new float[2];
        new BinaryAccuracy().PerSample([0f, 1f, 1f, 1f], [0.5f, 0.9f, 0.5f, 0.7f], values, 2, 2);
        Assert.Equal([1f, 0.5f], values);
        new BinaryAccuracy(threshold: 0.8f).PerSample([0f, 1f], [0.7f, 0.9f], values, 2, 1);
        Assert.Equal([1f, 1f], values);
    }

    [Fact]
    public void SparseAccuracy_LabelOutsideTheClasses_NeverMatches()
    {
        var values = new float[3];
        new SparseCategoricalAccuracy().PerSample([7f, -1f, 0.5f], [1f, 0f, 1f, 0f, 1f, 0f], values, 3, 2);
        Assert.Equal([0f, 0f, 0f], values);
    }

    [Fact]
    public void CategoricalAccuracy_TiesPickTheFirstIndex()
    {
        var values = new float[2];
        new CategoricalAccuracy().PerSample([1f, 0f, 0f, 1f], [0.5f, 0.5f, 0.5f, 0.5f], values, 2, 2);
        Assert.Equal([1f, 0f], values);
    }

    [Theory]
    [InlineData("accuracy", typeof(Accuracy), "accuracy")]
    [InlineData("acc", typeof(Accuracy), "acc")]
    [InlineData("binary_accuracy", typeof(BinaryAccuracy), "binary_accuracy")]
    [InlineData("BinaryAccuracy", typeof(BinaryAccuracy), "BinaryAccuracy")]
    [InlineData("categorical_accuracy", typeof(CategoricalAccuracy), "categorical_accuracy")]
    [InlineData("sparse_categorical_accuracy", typeof(SparseCategoricalAccuracy), "sparse_categorical_accuracy")]
    [InlineData("top_k_categorical_accuracy", typeof(TopKCategoricalAccuracy), "top_k_categorical_accuracy")]
    [InlineData("sparse_top_k_categorical_accuracy", typeof(SparseTopKCategoricalAccuracy), "sparse_top_k_categorical_accuracy")]
    public void FromName_KerasStrings_GiveTheMetric_NamedByTheString(string name, Type type, string kerasName)
    {
        // Keras 3's compile names a metric given as a string by that string (compile_utils.get_metric).
        Metric metric = name; // the implicit conversion is FromName
        Assert.IsType(type, metric);
        Assert.Equal(kerasName, metric.Name);
        Assert.True(metric.HigherIsBetter);
    }

    [Fact]
    public void FromName_Unknown_ListsTheValidNames()
    {
        var e = Assert.Throws<ArgumentException>(() => Metric.FromName("precision_at_7"));
        Assert.Contains("'precision_at_7'", e.Message);
        Assert.Contains("sparse_categorical_accuracy", e.Message);
        Assert.Equal("name", e.ParamName);
    }

    [Fact]
    public void Catalog_ReturnsFreshDefaults()
    {
        Assert.NotSame(Metric.Accuracy, Metric.Accuracy);
        Assert.Equal(0.5f, Assert.IsType<BinaryAccuracy>(Metric.BinaryAccuracy).Threshold);
        Assert.Equal(5, Assert.IsType<TopKCategoricalAccuracy>(Metric.TopKCategoricalAccuracy).K);
        Assert.Equal(5, Assert.IsType<SparseTopKCategoricalAccuracy>(Metric.SparseTopKCategoricalAccuracy).K);
        Assert.IsType<CategoricalAccuracy>(Metric.CategoricalAccuracy);
        Assert.IsType<SparseCategoricalAccuracy>(Metric.SparseCategoricalAccuracy);
    }

    [Fact]
    public void ConcreteMetric_ResolvesToItself()
    {
        Metric m = new CategoricalAccuracy();
        Assert.Same(m, m.Resolve(10, 1));
    }

    [Fact]
    public void ShortBuffer_IsRejectedWithExpectedAndActual()
    {
        var e = Assert.Throws<ArgumentException>(() => new CategoricalAccuracy().PerSample(new float[5], new float[6], new float[2], 2, 3));
        Assert.Contains("at least 6", e.Message);
        Assert.Contains("received 5", e.Message);
    }
}
