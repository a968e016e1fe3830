using System.Text.Json.Nodes;
using GenNet.Tests.Serialization;

namespace GenNet.Tests.Quantization;

/// <summary>
/// <see cref="QuantizedModel.Save(Stream)"/> / <see cref="QuantizedModel.Load(Model, Stream)"/>: a round trip gives the
/// same bits (Dense/Conv2D chains and sequence models), and hostile files (truncated at every byte, wrong architecture,
/// a float weight file, wrong dtype, bad scales, −128, a huge bias, bit flips) are refused with an
/// <see cref="InvalidDataException"/> naming the file, never another exception.
/// </summary>
public sealed class QuantizedWeightFileTests
{
    public static TheoryData<string> Models => new(nameof(QuantConv), nameof(QuantMlp), nameof(SeqQuantSpam), nameof(SeqQuantMixed));

    private static Model Create(string name, int seed = 1) => name switch
    {
        nameof(QuantConv) => QuantizedModelTests.Randomized(new QuantConv(seed), 60 + seed),
        nameof(QuantMlp) => QuantizedModelTests.Randomized(new QuantMlp(seed), 60 + seed),
        _ => SequenceQuantizationTests.Create(name, seed),
    };

    private static float[] Inputs(Model model, int rows, int seed) => model.Info.Layers[0].TypeName is "Embedding" or "Conv1D" or "Bidirectional"
        ? SequenceQuantizationTests.Inputs(model, rows, seed)
        : QuantizedModelTests.Inputs(rows, model.Info.InputSize, seed);

    private static byte[] Saved(QuantizedModel q)
    {
        var stream = new MemoryStream();
        q.Save(stream);
        return stream.ToArray();
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void SaveThenLoad_OntoAFreshModel_PredictsTheSameBits(string name)
    {
        Model model = Create(name);
        var q = model.Quantize(Inputs(model, 300, 1));
        byte[] file = Saved(q);
        // A fresh float model with other weights: only its layers and shapes are used.
        var loaded = QuantizedModel.Load(Create(name, seed: 2), new MemoryStream(file));
        float[] x = Inputs(model, 50, 3);
        var expected = new float[50 * model.Info.OutputSize];
        var actual = new float[expected.Length];
        q.Predict(x, expected);
        loaded.Predict(x, actual);
        Assert.Equal(expected.Select(BitConverter.SingleToUInt32Bits), actual.Select(BitConverter.SingleToUInt32Bits));
        Assert.Equal(q.WeightBytes, loaded.WeightBytes);
        Assert.Equal(file, Saved(loaded));   // and it saves the same file again
    }

    [Fact]
    public void Save_Path_IsReadable_AndAboutOneBytePerWeight()
    {
        // Big enough that the header (names, shapes, metadata) does not dominate.
        Model model = QuantizedModelTests.Randomized(new QuantSampleCnn(1), 3);
        var q = model.Quantize(Inputs(model, 10, 1));
        string path = Path.Combine(Path.GetTempPath(), $"gennet-quantized-{Guid.NewGuid():N}.safetensors");
        try
        {
            q.Save(path);
            var loaded = QuantizedModel.Load(new QuantSampleCnn(2), path);
            Assert.Equal(q.WeightBytes, loaded.WeightBytes);
            long floats = model.Info.Weights.Sum(w => (long)w.Length) * 4;
            long bytes = new FileInfo(path).Length;
            Assert.True(bytes > floats / 4 && bytes < floats / 3, $"{bytes} bytes for {floats} float bytes");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Load_TruncatedAtEveryByte_IsRefused(string name)
    {
        Model model = Create(name);
        byte[] file = Saved(model.Quantize(Inputs(model, 50, 1)));
        int step = Math.Max(1, file.Length / 1500);   // every byte of the header, a sample of the data
        int headerEnd = 8 + (int)BitConverter.ToUInt64(file, 0);
        for (int length = 0; length < file.Length; length += length < headerEnd ? 1 : step)
        {
            foreach (bool seekable in new[] { true, false })
            {
                Stream stream = seekable ? new MemoryStream(file[..length]) : new NonSeekableStream(file[..length]);
                var error = Record.Exception(() => QuantizedModel.Load(Create(name), stream));
                Assert.True(error is InvalidDataException, $"{name} truncated to {length} of {file.Length} bytes (seekable {seekable}): {error?.GetType().Name ?? "loaded"} {error?.Message}");
            }
        }
    }

    [Fact]
    public void Load_SeededBitFlips_LoadOrAreRefused_NeverAnotherException()
    {
        Model model = Create(nameof(SeqQuantMixed));
        byte[] file = Saved(model.Quantize(Inputs(model, 10, 1)));
        var rng = new Rng(7);
        int refused = 0;
        for (int trial = 0; trial < 300; trial++)
        {
            byte[] damaged = (byte[])file.Clone();
            damaged[rng.NextInt(damaged.Length)] ^= (byte)(1 << rng.NextInt(8));
            var error = Record.Exception(() => QuantizedModel.Load(Create(nameof(SeqQuantMixed)), new MemoryStream(damaged)));
            Assert.True(error is null or InvalidDataException, $"trial {trial}: {error?.GetType().Name} {error?.Message}");
            if (error is not null) refused++;
        }
        Assert.True(refused > 0);
    }

    [Fact]
    public void Load_HostileContents_AreRefusedNamingTheProblem()
    {
        Model conv = Create(nameof(QuantConv));
        byte[] file = Saved(conv.Quantize(Inputs(conv, 100, 1)));

        void Refused(byte[] bytes, Model onto, string expected)
        {
            var error = Assert.Throws<InvalidDataException>(() => QuantizedModel.Load(onto, new MemoryStream(bytes)));
            Assert.Contains(expected, error.Message);
            Assert.Contains("quantized weights", error.Message);
        }

        // Another architecture, and a float weight file of the right one.
        Refused(file, Create(nameof(QuantMlp)), "different architecture");
        var floats = new MemoryStream();
        conv.Save(floats);
        Refused(floats.ToArray(), conv, "float weights");
        // Metadata that lies.
        Refused(SafetensorsBytes.EditHeader(file, h => h["__metadata__"]!["quantized_version"] = "9"), conv, "quantized_version");
        Refused(SafetensorsBytes.EditHeader(file, h => h["__metadata__"]!["quantization"] = "int4"), conv, "'int4'");
        // A tensor of the wrong dtype (same byte count: I8 [k, n] declared U8).
        Refused(SafetensorsBytes.EditHeader(file, h => h["conv2d.kernel.int8"]!["dtype"] = "U8"), conv, "expects I8");

        var (header, data) = SafetensorsBytes.Split(file);
        long Begin(string tensor) => header[tensor]!["data_offsets"]![0]!.GetValue<long>();
        byte[] With(string tensor, int index, byte[] value)
        {
            byte[] d = (byte[])data.Clone();
            value.CopyTo(d, Begin(tensor) + index * value.Length);
            return SafetensorsBytes.Join(header, d);
        }
        Refused(With("conv2d.kernel.scales", 2, BitConverter.GetBytes(-1f)), conv, "conv2d.kernel.scales");
        Refused(With("dense.output.scale", 0, BitConverter.GetBytes(float.NaN)), conv, "positive and finite");
        Refused(With("conv2d.kernel.int8", 5, [0x80]), conv, "−128");
        Refused(With("dense_1.bias.int32", 1, BitConverter.GetBytes(int.MaxValue)), conv, "dense_1.bias.int32");

        Model spam = Create(nameof(SeqQuantSpam));
        byte[] sequence = Saved(spam.Quantize(Inputs(spam, 10, 1)));
        var (sh, sd) = SafetensorsBytes.Split(sequence);
        byte[] bad = (byte[])sd.Clone();
        BitConverter.GetBytes(0f).CopyTo(bad, sh["embedding.embeddings.scales"]!["data_offsets"]![0]!.GetValue<long>());
        Refused(SafetensorsBytes.Join(sh, bad), spam, "embedding.embeddings");
        Refused(sequence, conv, "different architecture");
    }
}
