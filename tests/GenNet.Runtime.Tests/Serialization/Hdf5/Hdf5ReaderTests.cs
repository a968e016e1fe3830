using GenNet.Serialization.Hdf5;
using GenNet.Serialization.Keras;
using GenNet.Tests.Support;

namespace GenNet.Tests.Serialization.Hdf5;

/// <summary>
/// The HDF5 reader on files h5py wrote (benchmarks/reference/hdf5_fixtures.py: both libver settings, chunked + gzip +
/// shuffle, string attributes) and on hostile input: every corruption is an InvalidDataException, never another exception.
/// </summary>
public class Hdf5ReaderTests
{
    private static string Here => Path.Combine(RepositoryRoot.Path, "tests", "GenNet.Runtime.Tests", "Serialization", "Hdf5");

    private static Hdf5Object Open(string name) => Hdf5File.Open(File.ReadAllBytes(Path.Combine(Here, name)), name);

    [Fact]
    public void LatestLibver_DatasetsAndAttributes_ReadAsWritten()
    {
        // libver='latest': superblock v3, v2 object headers, chunked datasets with a version 4 layout (fixed arrays).
        var root = Open("latest.h5");
        Assert.Equal([1.5f, -2.25f, 3f, 4f], root.Find("plain")!.Dataset().ReadFloats());
        Assert.Equal(["hello, variable length"], root.Strings("text")!);
        Assert.Equal(["conv2d", "dense_1"], root.Strings("names")!);
        var chunked = root.Find("layers/dense/vars/0")!.Dataset();
        Assert.Equal((4, Hdf5LayoutClass.Chunked, 3), chunked.Layout);
        Assert.Equal([5, 7], chunked.Shape);
        Assert.Equal(Enumerable.Range(0, 35).Select(i => i / 8f), chunked.ReadFloats());
        Assert.Equal(Open("earliest.h5").Find("layers/dense/vars/1")!.Dataset().ReadFloats(), root.Find("layers/dense/vars/1")!.Dataset().ReadFloats());
    }

    /// <summary>The version 4 layout fixtures: file, chunk indexing type (1 single, 2 implicit, 3 fixed array, 4 extensible array, 5 B-tree 2).</summary>
    public static TheoryData<string, int> V4Layouts => new()
    {
        { "v4_single.h5", 1 }, { "v4_single_gzip.h5", 1 }, { "v4_implicit.h5", 2 },
        { "v4_fixed.h5", 3 }, { "v4_fixed_gzip.h5", 3 }, { "v4_fixed_paged.h5", 3 }, { "v4_fixed_paged_gzip.h5", 3 },
        { "v4_extensible.h5", 4 }, { "v4_extensible_gzip.h5", 4 }, { "v4_btree2.h5", 5 }, { "v4_btree2_gzip.h5", 5 },
    };

    [Theory]
    [MemberData(nameof(V4Layouts))]
    public void V4ChunkIndex_ReadsWhatTheContiguousCopyHolds(string name, int index)
    {
        var root = Open(name);
        var d = root.Find("d")!.Dataset();
        var expected = root.Find("expected")!.Dataset();
        Assert.Equal((4, Hdf5LayoutClass.Chunked, index), d.Layout);
        Assert.Equal(Hdf5LayoutClass.Contiguous, expected.Layout.Class);
        Assert.Equal(expected.Shape, d.Shape);
        Assert.Equal(expected.ReadFloats(), d.ReadFloats());
    }

    [Fact]
    public void DenseStorage_FortyLinksAndFourteenAttributes_ReadFromTheFractalHeap()
    {
        var root = Open("dense.h5");
        var layers = root.Find("layers")!;
        var names = layers.MemberNames.ToArray();
        Assert.Equal(40, names.Length);
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        for (int i = 0; i < 40; i++)
        {
            var d = layers.Member(i == 0 ? "dense" : $"dense_{i}")!.Dataset();
            Assert.Equal([2, 2], d.Shape);
            Assert.Equal(Enumerable.Repeat((float)i, 4), d.ReadFloats());
        }
        for (int i = 0; i < 12; i++) Assert.Equal([$"value {i}"], root.Strings($"attribute_{i}")!);
        Assert.Equal(["conv2d", "dense_1"], root.Strings("names")!);
        Assert.Null(root.Strings("absent"));
        Assert.Equal(40, root.Descendants().Count - 1);
    }

    [Theory]
    [InlineData("vision.keras", "vision_latest.keras")]
    [InlineData("legacy_bn.h5", "legacy_bn_latest.h5")]
    public void KerasFile_ResavedWithLatestLibver_ReadsTheSameLayersAndWeights(string original, string resaved)
    {
        string keras = Path.Combine(RepositoryRoot.Path, "tests", "keras");
        var a = KerasFile.Read(File.ReadAllBytes(Path.Combine(keras, original)), original, []);
        var b = KerasFile.Read(File.ReadAllBytes(Path.Combine(keras, resaved)), resaved, []);
        Assert.Equal(a.Select(l => (l.Name, l.ClassName, l.Activation)), b.Select(l => (l.Name, l.ClassName, l.Activation)));
        Assert.Equal(a.Sum(l => l.Weights.Count), b.Sum(l => l.Weights.Count));
        Assert.True(a.Sum(l => l.Weights.Count) > 0);
        foreach (var (x, y) in a.SelectMany(l => l.Weights).Zip(b.SelectMany(l => l.Weights)))
        {
            Assert.Equal(x.Path, y.Path);
            Assert.Equal(x.Shape, y.Shape);
            Assert.Equal(x.Values, y.Values);
        }
    }

    [Fact]
    public void EarliestLibver_DatasetsAndAttributes_ReadAsWritten()
    {
        var root = Open("earliest.h5");
        var chunked = root.Find("layers/dense/vars/0")!.Dataset();
        Assert.Equal([5, 7], chunked.Shape);
        Assert.Equal(Enumerable.Range(0, 35).Select(i => i / 8f), chunked.ReadFloats());
        var edges = root.Find("layers/dense/vars/1")!.Dataset();
        Assert.Equal([10], edges.Shape);
        var expected = Enumerable.Range(0, 10).Select(i => (float)(-1 + 2.0 * i / 9)).ToArray();
        Assert.Equal(expected, edges.ReadFloats());
        Assert.Equal([1.5f, -2.25f, 3f, 4f], root.Find("plain")!.Dataset().ReadFloats());
        Assert.Equal(["hello, variable length"], root.Strings("text")!);
        Assert.Equal(["conv2d", "dense_1"], root.Strings("names")!);
        Assert.Null(root.Strings("absent"));
        Assert.Null(root.Find("layers/nothing"));
    }

    [Fact]
    public void CyclicHardLink_Walk_IsACleanError()
    {
        var root = Open("cyclic.h5");
        var e = Assert.Throws<InvalidDataException>(() => root.Descendants());
        Assert.Contains("cyclic", e.Message);
    }

    [Fact]
    public void WrongMagic_IsNotHdf5()
    {
        var bytes = File.ReadAllBytes(Path.Combine(Here, "earliest.h5"));
        bytes[1] = (byte)'X';
        var e = Assert.Throws<InvalidDataException>(() => Hdf5File.Open(bytes, "bad.h5"));
        Assert.Contains("not an HDF5 file", e.Message);
        var k = Assert.Throws<InvalidDataException>(() => KerasFile.Read(bytes, "bad.h5", []));
        Assert.Contains("offset 0", k.Message);
    }

    /// <summary>Reads everything a loader would: every object, every dataset's values, every string attribute named.</summary>
    private static void ReadAll(byte[] bytes)
    {
        var root = Hdf5File.Open(bytes, "hostile.h5");
        root.Strings("text");
        root.Strings("names");
        foreach (var o in root.Descendants())
        {
            if (o.IsDataset) o.Dataset().ReadFloats();
        }
    }

    /// <summary>The libver='latest' structures' fixtures: version 4 chunk indexes, dense links and attributes.</summary>
    public static TheoryData<string> LatestStructures => new(V4Layouts.Select(row => (string)row[0]).Append("dense.h5"));

    [Theory]
    [InlineData("latest.h5")]
    [InlineData("earliest.h5")]
    [MemberData(nameof(LatestStructures))]
    public void Truncated_AtEveryOffset_IsInvalidData(string name)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Here, name));
        // Every 7th length; the larger fixtures at about 1,500 lengths spread over the file.
        for (int length = 0; length < bytes.Length; length += Math.Max(7, bytes.Length / 1500))
        {
            var e = Record.Exception(() => ReadAll(bytes[..length]));
            Assert.True(e is InvalidDataException, $"truncated at {length}: {e?.GetType().Name ?? "no exception"}: {e?.Message}");
        }
    }

    [Theory]
    [InlineData("latest.h5")]
    [InlineData("earliest.h5")]
    [InlineData("cyclic.h5")]
    [MemberData(nameof(LatestStructures))]
    public void FlippedBytes_AreReadOrInvalidData_NeverAnotherException(string name)
    {
        var original = File.ReadAllBytes(Path.Combine(Here, name));
        var random = new Random(14);
        int trials = original.Length > 30_000 ? 1000 : 3000;
        for (int trial = 0; trial < trials; trial++)
        {
            var bytes = (byte[])original.Clone();
            int at = random.Next(bytes.Length);
            bytes[at] ^= (byte)(1 << random.Next(8));
            if (trial % 2 == 0) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            var e = Record.Exception(() => ReadAll(bytes));
            Assert.True(e is null or InvalidDataException, $"byte {at} flipped: {e?.GetType().Name}: {e?.Message}\n{e?.StackTrace}");
        }
    }

    [SharedFolderFact]
    public void KerasFiles_TruncatedAndFlipped_AreInvalidData()
    {
        foreach (string file in new[] { "mnist_cnn_legacy.h5", "stock_lstm.keras" })
        {
            var original = File.ReadAllBytes(Path.Combine(RepositoryRoot.SharedFolder!, "keras-files", file));
            var random = new Random(7);
            for (int trial = 0; trial < 300; trial++)
            {
                var bytes = trial < 150 ? original[..random.Next(original.Length)] : (byte[])original.Clone();
                if (trial >= 150) bytes[random.Next(Math.Min(bytes.Length, 8192))] ^= (byte)(1 << random.Next(8));
                var e = Record.Exception(() => KerasFile.Read(bytes, file, []));
                Assert.True(e is null or InvalidDataException, $"{file} trial {trial}: {e?.GetType().Name}: {e?.Message}\n{e?.StackTrace}");
            }
        }
    }
}
