using System.Buffers.Binary;
using System.Text.Json.Nodes;

namespace GenNet.Tests.Serialization;

/// <summary>
/// Files that must not load: each is refused with an <see cref="InvalidDataException"/> that names the problem,
/// and the model keeps every weight it had.
/// </summary>
public sealed class WeightFileRejectionTests
{
    private static readonly byte[] MlpFile = new WeightTestModel(WeightTestModel.Mlp(), seed: 1).SaveToBytes();

    /// <summary>Loads <paramref name="file"/> into a fresh model and checks the refusal and that nothing changed.</summary>
    internal static InvalidDataException AssertRejected(ModelInfo info, byte[] file, params string[] messageParts)
    {
        var model = new WeightTestModel(info, seed: 99);
        var before = model.Bits();

        var error = Assert.Throws<InvalidDataException>(() => model.Load(new MemoryStream(file)));

        Assert.Equal(before.Parameters, model.Bits().Parameters);
        Assert.Equal(before.State, model.Bits().State);
        Assert.StartsWith("Cannot load weights from 'stream': ", error.Message);
        foreach (string part in messageParts) Assert.Contains(part, error.Message);
        return error;
    }

    private static byte[] Tiny(string tensors, int dataBytes, string metadata = "\"__metadata__\":{\"fingerprint\":\"fp\"}") =>
        SafetensorsBytes.Join("{" + metadata + (tensors.Length > 0 ? "," : "") + tensors + "}", new byte[dataBytes]);

    [Fact]
    public void Load_FileFromDifferentArchitecture_NamesBothFingerprintsAndModels()
    {
        byte[] other = new WeightTestModel(WeightTestModel.Mlp("other-fingerprint", "wide_mlp"), seed: 1).SaveToBytes();

        AssertRejected(WeightTestModel.Mlp(), other, "this file was saved from a different architecture",
            "expected fingerprint mlp-fingerprint (model 'sequential')", "found other-fingerprint (model 'wide_mlp')");
    }

    [Fact]
    public void Load_FileWithoutFingerprint_IsRefused()
    {
        byte[] file = SafetensorsBytes.EditHeader(MlpFile, h => h.Remove("__metadata__"));

        AssertRejected(WeightTestModel.Mlp(), file, "no architecture fingerprint", "mlp-fingerprint");
    }

    [Fact]
    public void Load_WrongShape_NamesTensorExpectedAndFoundShapes()
    {
        byte[] file = SafetensorsBytes.EditHeader(MlpFile, h => h["dense.kernel"]!["shape"] = new JsonArray(4, 3));

        AssertRejected(WeightTestModel.Mlp(), file, "tensor 'dense.kernel' has shape [4, 3]", "expects [3, 4]");
    }

    [Fact]
    public void Load_MissingTensor_ListsIt()
    {
        byte[] file = SafetensorsBytes.EditHeader(MlpFile, h => h.Remove("dense_1.bias"));

        AssertRejected(WeightTestModel.Mlp(), file, "missing ['dense_1.bias']");
    }

    [Fact]
    public void Load_ExtraTensor_ListsIt()
    {
        var (header, data) = SafetensorsBytes.Split(MlpFile);
        header["dense_2.kernel"] = new JsonObject
        {
            ["dtype"] = "F32", ["shape"] = new JsonArray(1), ["data_offsets"] = new JsonArray(data.Length, data.Length + 4),
        };

        AssertRejected(WeightTestModel.Mlp(), SafetensorsBytes.Join(header, [.. data, 0, 0, 0, 0]), "unexpected ['dense_2.kernel']");
    }

    [Fact]
    public void Load_RenamedTensor_ListsMissingAndUnexpected()
    {
        byte[] file = SafetensorsBytes.EditHeader(MlpFile, h =>
        {
            var entry = h["dense.bias"]!;
            h.Remove("dense.bias");
            h["dense.b"] = entry.DeepClone();
        });

        AssertRejected(WeightTestModel.Mlp(), file, "missing ['dense.bias']; unexpected ['dense.b']");
    }

    [Theory]
    [InlineData("F16")]
    [InlineData("F64")]
    [InlineData("BF16")]
    [InlineData("I32")]
    public void Load_TensorOfOtherDtype_NamesTensorAndDtype(string dtype)
    {
        byte[] file = SafetensorsBytes.EditHeader(MlpFile, h => h["dense.bias"]!["dtype"] = dtype);

        AssertRejected(WeightTestModel.Mlp(), file, $"tensor 'dense.bias' has dtype {dtype}", "F32");
    }

    [Fact]
    public void Load_HeaderLengthOf2To60_IsRefusedBeforeAllocating()
    {
        byte[] file = (byte[])MlpFile.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(file, 1UL << 60);

        AssertRejected(WeightTestModel.Mlp(), file, $"header length is {1UL << 60} bytes", "limit");
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(1UL)]
    public void Load_HeaderLengthBelowTwo_IsRefused(ulong length)
    {
        byte[] file = (byte[])MlpFile.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(file, length);

        AssertRejected(WeightTestModel.Mlp(), file, $"header length is {length} bytes");
    }

    [Fact]
    public void Load_HeaderLongerThanFile_IsRefused()
    {
        byte[] file = (byte[])MlpFile.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)file.Length);

        AssertRejected(WeightTestModel.Mlp(), file, $"only {file.Length - 8} bytes follow");
    }

    [Fact]
    public void Load_NonSeekableStreamClaimingHugeHeader_FailsWithoutAllocatingIt()
    {
        byte[] file = new byte[200];
        BinaryPrimitives.WriteUInt64LittleEndian(file, 99_999_999);
        file[8] = (byte)'{';
        var model = new WeightTestModel(WeightTestModel.Mlp(), seed: 3);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<InvalidDataException>(() => model.Load(new NonSeekableStream(file)));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("truncated", error.Message);
        Assert.True(allocated < 4 << 20, $"allocated {allocated} bytes for a 200-byte stream");
    }

    [Fact]
    public void Load_OverlappingOffsets_NamesBothTensors()
    {
        byte[] file = Tiny("\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"s\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}", 8);

        AssertRejected(WeightTestModel.Tiny(), file, "tensor 's' has data_offsets [4, 8], overlapping tensor 'w' at [0, 8]");
    }

    [Fact]
    public void Load_OffsetsBeyondData_ReportsTruncation()
    {
        byte[] file = Tiny("\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"s\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}", 8);

        AssertRejected(WeightTestModel.Tiny(), file, "truncated", "describes 12 bytes", "8 are present");
    }

    [Fact]
    public void Load_HoleBetweenTensors_IsRefused()
    {
        byte[] file = Tiny("\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"s\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]}", 16);

        AssertRejected(WeightTestModel.Tiny(), file, "tensor 's' has data_offsets [12, 16], leaving bytes [8, 12)");
    }

    [Fact]
    public void Load_OffsetsNearULongMax_AreRefusedWithoutOverflow()
    {
        byte[] file = Tiny("\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"s\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[18446744073709551611,18446744073709551615]}", 12);

        AssertRejected(WeightTestModel.Tiny(), file, "tensor 's' has data_offsets [18446744073709551611, 18446744073709551615]");
    }

    [Theory]
    [InlineData("[8,4]", "end before they begin")]
    [InlineData("[8,16]", "8 bytes; its F32 shape [1] needs 4")]
    [InlineData("[8]", "expected 2")]
    [InlineData("[8,12,16]", "expected 2")]
    [InlineData("[-8,12]", "expected a non-negative integer")]
    [InlineData("[8.0,12]", "expected a non-negative integer")]
    [InlineData("\"8,12\"", "no 'data_offsets' array")]
    public void Load_MalformedOffsets_AreRefused(string offsets, string message)
    {
        byte[] file = Tiny("\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"s\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":" + offsets + "}", 16);

        AssertRejected(WeightTestModel.Tiny(), file, message);
    }

    [Fact]
    public void Load_BytesAfterLastTensor_AreRefused()
    {
        byte[] file = [.. MlpFile, 0];

        AssertRejected(WeightTestModel.Mlp(), file, "1 bytes after the last tensor");
        var model = new WeightTestModel(WeightTestModel.Mlp(), seed: 99);
        var error = Assert.Throws<InvalidDataException>(() => model.Load(new NonSeekableStream(file)));
        Assert.Contains("after the last tensor", error.Message);
    }

    [Theory]
    [InlineData("{not json}", "not valid JSON")]
    [InlineData("[]", "does not start with '{'")]
    [InlineData(" {}", "does not start with '{'")]
    [InlineData("{\"__metadata__\":{\"fingerprint\":\"fp\"},\"w\":1}", "tensor 'w' must be an object")]
    [InlineData("{\"__metadata__\":{\"fingerprint\":7}}", "entry 'fingerprint' must be a string")]
    [InlineData("{\"__metadata__\":[]}", "must be an object of strings")]
    [InlineData("{\"__metadata__\":{\"fingerprint\":\"fp\"},\"__metadata__\":{\"fingerprint\":\"fp\"}}", "'__metadata__' twice")]
    [InlineData("{\"__metadata__\":{\"fingerprint\":\"fp\"},\"w\":{\"shape\":[2],\"data_offsets\":[0,8]}}", "tensor 'w' has no string 'dtype'")]
    [InlineData("{\"__metadata__\":{\"fingerprint\":\"fp\"},\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", "tensor 'w' has no 'shape' array")]
    [InlineData("{\"__metadata__\":{\"fingerprint\":\"fp\"},\"w\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", "'shape' item -2")]
    [InlineData("{}{}", "not valid JSON")]
    [InlineData("{\"__metadata__\":{\"fingerprint\":\"fp\"},\"\\uD800\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", "invalid UTF-16")]
    [InlineData("{\"__metadata__\":{\"fingerprint\":\"\\uDC00\"}}", "invalid UTF-16")]
    public void Load_MalformedHeader_IsRefused(string header, string message)
    {
        AssertRejected(WeightTestModel.Tiny(), SafetensorsBytes.Join(header, new byte[12]), message);
    }

    [Fact]
    public void Load_DuplicateTensorKey_IsRefused()
    {
        string w = "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";
        byte[] file = Tiny(w + "," + w + ",\"s\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}", 12);

        AssertRejected(WeightTestModel.Tiny(), file, "the header lists 'w' twice");
    }

    [Fact]
    public void Load_HeaderWithInvalidUtf8_IsRefused()
    {
        byte[] file = Tiny("\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"s\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}", 12);
        file[Array.IndexOf(file, (byte)'w')] = 0xFF;   // the 'w' of the first key

        AssertRejected(WeightTestModel.Tiny(), file, "not valid UTF-8");
    }

    [Fact]
    public void LoadPath_Refused_MessageNamesTheFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"gennet-other-{Guid.NewGuid():N}.safetensors");
        File.WriteAllBytes(path, new WeightTestModel(WeightTestModel.Mlp("other"), seed: 1).SaveToBytes());
        try
        {
            var model = new WeightTestModel(WeightTestModel.Mlp(), seed: 2);
            var error = Assert.Throws<InvalidDataException>(() => model.Load(path));
            Assert.StartsWith($"Cannot load weights from '{path}': this file was saved from a different architecture", error.Message);

            using var stream = File.OpenRead(path);
            error = Assert.Throws<InvalidDataException>(() => model.Load(stream));
            Assert.Contains(Path.GetFullPath(path), error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
