using System.Buffers.Binary;
using System.Diagnostics;
using System.Text.Json;

namespace GenNet.Tests.Serialization;

/// <summary>What <see cref="Model.Save(Stream)"/> writes, checked against the safetensors format and reloaded.</summary>
public sealed class WeightFileFormatTests
{
    [Fact]
    public void SaveThenLoad_IntoFreshModel_RestoresEveryFloatBitIdentical()
    {
        var saved = new WeightTestModel(WeightTestModel.Mlp(), seed: 7);
        // Values a text or double round trip would lose: NaN payload, negative zero, infinities, subnormals.
        saved.Parameters[0] = BitConverter.UInt32BitsToSingle(0x7FC0_1234);
        saved.Parameters[1] = -0.0f;
        saved.Parameters[2] = float.NegativeInfinity;
        saved.State[0] = float.Epsilon;
        saved.State[7] = BitConverter.UInt32BitsToSingle(0xFF80_0001);
        string path = Path.Combine(Path.GetTempPath(), $"gennet-roundtrip-{Guid.NewGuid():N}.safetensors");
        try
        {
            saved.Save(path);
            var loaded = new WeightTestModel(WeightTestModel.Mlp(), seed: 8);
            Assert.NotEqual(saved.Bits().Parameters, loaded.Bits().Parameters);

            loaded.Load(path);

            Assert.Equal(saved.Bits().Parameters, loaded.Bits().Parameters);
            Assert.Equal(saved.Bits().State, loaded.Bits().State);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void SaveThenLoad_ThroughNonSeekableStream_RestoresEveryFloat()
    {
        var saved = new WeightTestModel(WeightTestModel.Mlp(), seed: 1);
        var loaded = new WeightTestModel(WeightTestModel.Mlp(), seed: 2);

        loaded.Load(new NonSeekableStream(saved.SaveToBytes()));

        Assert.Equal(saved.Bits().Parameters, loaded.Bits().Parameters);
        Assert.Equal(saved.Bits().State, loaded.Bits().State);
    }

    [Fact]
    public void Save_WritesAlignedHeaderWithEveryWeightAsF32InNameOrder()
    {
        var model = new WeightTestModel(WeightTestModel.Mlp(), seed: 3);
        byte[] file = model.SaveToBytes();

        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(file);
        Assert.Equal(0UL, n % 8);                                // data starts 8-byte aligned
        string header = System.Text.Encoding.UTF8.GetString(file, 8, (int)n);
        Assert.StartsWith("{", header);
        Assert.Equal(header.TrimEnd(' ').Length, header.TrimEnd().Length);   // padding is spaces only
        Assert.True(n - (ulong)header.TrimEnd(' ').Length < 8);

        using var json = JsonDocument.Parse(header);
        var properties = json.RootElement.EnumerateObject().ToList();
        Assert.Equal("__metadata__", properties[0].Name);
        var metadata = properties[0].Value;
        Assert.Equal("gennet", metadata.GetProperty("format").GetString());
        Assert.Equal("mlp-fingerprint", metadata.GetProperty("fingerprint").GetString());
        Assert.Equal("sequential", metadata.GetProperty("model").GetString());
        Assert.Equal("[3]", metadata.GetProperty("input_shape").GetString());
        Assert.Equal("[2]", metadata.GetProperty("output_shape").GetString());

        var weights = model.Info.Weights.OrderBy(w => w.Name, StringComparer.Ordinal).ToArray();
        Assert.Equal(weights.Select(w => w.Name), properties.Skip(1).Select(p => p.Name));
        long offset = 0;
        foreach (var (w, p) in weights.Zip(properties.Skip(1)))
        {
            Assert.Equal("F32", p.Value.GetProperty("dtype").GetString());
            Assert.Equal(w.Shape, p.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
            long[] offsets = p.Value.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            Assert.Equal([offset, offset + 4L * w.Length], offsets);

            var source = w.Trainable ? model.Parameters : model.State;
            for (int i = 0; i < w.Length; i++)
            {
                float stored = BinaryPrimitives.ReadSingleLittleEndian(file.AsSpan(8 + (int)n + (int)offset + 4 * i));
                Assert.Equal(BitConverter.SingleToUInt32Bits(source[w.Offset + i]), BitConverter.SingleToUInt32Bits(stored));
            }
            offset += 4L * w.Length;
        }
        Assert.Equal(8 + (long)n + offset, file.Length);        // nothing after the last tensor
    }

    [Fact]
    public void Save_TinyModel_WritesExactlyTheBytesTheFormatSpecifies()
    {
        var model = new WeightTestModel(WeightTestModel.Tiny(), seed: 0);
        model.Parameters[0] = 1.0f;
        model.Parameters[1] = -2.5f;
        model.State[0] = 0.5f;

        // __metadata__ first, then tensors by name ("s" < "w"), compact JSON, spaces up to a multiple of 8.
        string json = "{\"__metadata__\":{\"fingerprint\":\"fp\",\"format\":\"gennet\",\"input_shape\":\"[2]\",\"model\":\"tiny\",\"output_shape\":\"[2]\"},"
                    + "\"s\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                    + "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        json = json.PadRight((json.Length + 7) / 8 * 8);
        var expected = new List<byte>();
        expected.AddRange(BitConverter.GetBytes((ulong)json.Length));           // little-endian on every test machine
        expected.AddRange(System.Text.Encoding.ASCII.GetBytes(json));
        expected.AddRange([0x00, 0x00, 0x00, 0x3F]);                            // s = 0.5f
        expected.AddRange([0x00, 0x00, 0x80, 0x3F]);                            // w[0] = 1.0f
        expected.AddRange([0x00, 0x00, 0x20, 0xC0]);                            // w[1] = -2.5f
        Assert.True(BitConverter.IsLittleEndian);

        Assert.Equal(expected.ToArray(), model.SaveToBytes());
    }

    [Fact]
    public void Save_SameWeightsTwice_WritesIdenticalBytes()
    {
        var model = new WeightTestModel(WeightTestModel.Mlp(), seed: 5);
        Assert.Equal(model.SaveToBytes(), model.SaveToBytes());
    }

    [Fact]
    public void LoadFile_WrittenByOtherWriterWithoutPaddingOrOrder_Loads()
    {
        // The format allows any key order and no padding; only the tiling of the data region is fixed.
        var model = new WeightTestModel(WeightTestModel.Tiny(), seed: 0);
        string header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                      + "\"s\":{\"shape\":[1],\"dtype\":\"F32\",\"data_offsets\":[8,12]},\"__metadata__\":{\"fingerprint\":\"fp\"}}";
        byte[] data = [.. BitConverter.GetBytes(3f), .. BitConverter.GetBytes(4f), .. BitConverter.GetBytes(5f)];

        model.Load(new MemoryStream(SafetensorsBytes.Join(header, data)));

        Assert.Equal([3f, 4f], model.Parameters.ToArray());
        Assert.Equal([5f], model.State.ToArray());
    }

    [Fact]
    public void SavedFile_ReadByPython_HasTheSameTensors()
    {
        // Cross-checks the file in another language. With the `safetensors` module (not a dependency; never
        // installed by the tests) Python's own loader reads it; without it, a stdlib-only reader applies the
        // reference reader's rules. Without python3 at all the check is skipped.
        var model = new WeightTestModel(WeightTestModel.Mlp(), seed: 11);
        string path = Path.Combine(Path.GetTempPath(), $"gennet-python-{Guid.NewGuid():N}.safetensors");
        model.Save(path);
        try
        {
            const string Script = """
                import json, struct, sys
                path = sys.argv[1]
                try:
                    from safetensors import safe_open
                    with safe_open(path, framework="numpy") as f:
                        meta = f.metadata()
                        out = {k: [float(x) for x in f.get_tensor(k).astype("float64").ravel()] for k in f.keys()}
                    print(json.dumps({"reader": "safetensors", "meta": meta, "tensors": out}))
                except ImportError:
                    raw = open(path, "rb").read()
                    (n,) = struct.unpack("<Q", raw[:8])
                    assert n <= 100_000_000 and raw[8:9] == b"{"
                    header = json.loads(raw[8:8 + n].decode("utf-8"))
                    meta = header.pop("__metadata__", {})
                    data = raw[8 + n:]
                    cursor, out = 0, {}
                    for name, info in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"]):
                        b, e = info["data_offsets"]
                        count = 1
                        for d in info["shape"]:
                            count *= d
                        assert info["dtype"] == "F32" and b == cursor and e - b == 4 * count, name
                        out[name] = list(struct.unpack("<%df" % count, data[b:e]))
                        cursor = e
                    assert cursor == len(data)
                    print(json.dumps({"reader": "stdlib", "meta": meta, "tensors": out}))
                """;
            var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(Script);
            start.ArgumentList.Add(path);
            Process? python;
            try
            {
                python = Process.Start(start);
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return;   // no python3 on this machine
            }
            using (python)
            {
                Assert.NotNull(python);
                string stdout = python.StandardOutput.ReadToEnd();
                string stderr = python.StandardError.ReadToEnd();
                python.WaitForExit();
                Assert.True(python.ExitCode == 0, stderr);

                using var result = JsonDocument.Parse(stdout);
                Assert.Equal("mlp-fingerprint", result.RootElement.GetProperty("meta").GetProperty("fingerprint").GetString());
                var tensors = result.RootElement.GetProperty("tensors");
                foreach (var w in model.Info.Weights)
                {
                    var source = (w.Trainable ? model.Parameters : model.State).Slice(w.Offset, w.Length).ToArray();
                    var read = tensors.GetProperty(w.Name).EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
                    Assert.Equal(source, read);
                }
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
