using System.IO.Compression;
using static TorchSharp.torch;

namespace TorchSharpReference;

/// <summary>The Fashion-MNIST training set from Debian's dataset-fashion-mnist (IDX files, gzip), as tensors.</summary>
internal static class FashionMnist
{
    private const string Root = "/usr/share/datasets/fashion-mnist";

    /// <summary>Images as float32 in [0, 1], shape (60000, 784); labels as int64 class indices, shape (60000).</summary>
    public static (Tensor Images, Tensor Labels) LoadTrain()
    {
        byte[] pixels = ReadIdx("train-images-idx3-ubyte.gz", headerBytes: 16);
        byte[] labels = ReadIdx("train-labels-idx1-ubyte.gz", headerBytes: 8);
        int count = labels.Length;
        if (pixels.Length != count * 784) throw new InvalidDataException($"{Root}: {pixels.Length} pixels for {count} labels; expected {count * 784}.");
        var x = new float[pixels.Length];
        for (int i = 0; i < x.Length; i++) x[i] = pixels[i] / 255f;
        var y = new long[count];
        for (int i = 0; i < count; i++) y[i] = labels[i];
        return (tensor(x, new long[] { count, 784 }), tensor(y, new long[] { count }));
    }

    private static byte[] ReadIdx(string name, int headerBytes)
    {
        string path = Path.Combine(Root, name);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} is missing; run `sudo bash scripts/install-data.sh`.", path);
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        gzip.CopyTo(buffer);
        return buffer.ToArray()[headerBytes..];
    }
}
