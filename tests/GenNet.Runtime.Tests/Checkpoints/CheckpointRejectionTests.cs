using System.Buffers.Binary;
using GenNet.Tests.Serialization;
using static GenNet.Tests.Checkpoints.CheckpointData;

namespace GenNet.Tests.Checkpoints;

/// <summary>
/// A checkpoint of another model or optimizer, a plain weight file, and damaged or hostile files are refused with an
/// <see cref="InvalidDataException"/> that says what was expected, and leave the model, its optimizer and its streams as
/// they were.
/// </summary>
public sealed class CheckpointRejectionTests
{
    private static readonly (float[] X, float[] Y) Data = Classes(80, seed: 3);

    private static CheckpointDropoutModel Trained(Optimizer optimizer, int seed = 1)
    {
        var model = new CheckpointDropoutModel(seed);
        model.Compile(Loss.CategoricalCrossentropy, optimizer);
        model.Fit(Data.X, Data.Y, epochs: 1, batchSize: 32, verbose: 0);
        return model;
    }

    private static byte[] CheckpointBytes(Model model)
    {
        var stream = new MemoryStream();
        model.SaveCheckpoint(stream);
        return stream.ToArray();
    }

    private static readonly byte[] File = CheckpointBytes(Trained(new Adam(0.01f)));

    /// <summary>Everything a load could change, as bits.</summary>
    private static string Snapshot(Model model) =>
        string.Join(",", Bits(model.Parameters)) + "|" + string.Join(",", Bits(model.State)) + "|" + string.Join(",", Bits(model.Optimizer.Slots)) +
        "|" + model.Optimizer.Iterations + "|" + model.Optimizer.LearningRate;

    [Fact]
    public void LoadCheckpoint_FromAnotherModelClass_NamesBothClasses()
    {
        var other = new CheckpointBatchNormModel(seed: 2);
        other.Compile(Loss.CategoricalCrossentropy, new Adam(0.01f));

        var error = Assert.Throws<InvalidDataException>(() => other.LoadCheckpoint(new MemoryStream(File)));

        Assert.Contains(typeof(CheckpointDropoutModel).FullName!, error.Message);
        Assert.Contains(typeof(CheckpointBatchNormModel).FullName!, error.Message);
        Assert.Contains("different architecture", error.Message);
    }

    [Fact]
    public void LoadCheckpoint_CompiledWithAnotherOptimizer_NamesBoth()
    {
        var model = new CheckpointDropoutModel(seed: 2);
        model.Compile(Loss.CategoricalCrossentropy, new SGD(0.1f, momentum: 0.9f));
        string before = Snapshot(model);

        var error = Assert.Throws<InvalidDataException>(() => model.LoadCheckpoint(new MemoryStream(File)));

        Assert.Contains("optimizer 'adam' (2 slots per parameter)", error.Message);
        Assert.Contains("compiled with 'sgd' (1 slot per parameter)", error.Message);
        Assert.Equal(before, Snapshot(model));
    }

    [Fact]
    public void LoadCheckpoint_AdamWithAmsgradIntoPlainAdam_IsRefusedBySlotCount()
    {
        byte[] amsgrad = CheckpointBytes(Trained(new Adam(0.01f, amsgrad: true)));
        var model = new CheckpointDropoutModel(seed: 2);
        model.Compile(Loss.CategoricalCrossentropy, new Adam(0.01f));

        var error = Assert.Throws<InvalidDataException>(() => model.LoadCheckpoint(new MemoryStream(amsgrad)));

        Assert.Contains("'adam' (3 slots per parameter)", error.Message);
    }

    [Fact]
    public void LoadCheckpoint_PlainWeightFile_SaysItIsNotACheckpoint()
    {
        var saved = Trained(new Adam(0.01f));
        var weights = new MemoryStream();
        saved.Save(weights);
        var model = new CheckpointDropoutModel(seed: 2);
        model.Compile(Loss.CategoricalCrossentropy, new Adam(0.01f));

        var error = Assert.Throws<InvalidDataException>(() => model.LoadCheckpoint(new MemoryStream(weights.ToArray())));

        Assert.StartsWith("Cannot load checkpoint from 'stream': the file is not a training checkpoint", error.Message);
        Assert.Contains("Model.Load", error.Message);
    }

    [Fact]
    public void SaveAndLoadCheckpoint_NotCompiled_ThrowBeforeTouchingAnyFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"gennet-uncompiled-{Guid.NewGuid():N}.safetensors");
        var model = new CheckpointDropoutModel(seed: 2);

        Assert.Throws<InvalidOperationException>(() => model.SaveCheckpoint(path));
        Assert.Throws<InvalidOperationException>(() => model.LoadCheckpoint(new MemoryStream(File)));
        Assert.False(System.IO.File.Exists(path));
    }

    [Fact]
    public void LoadCheckpoint_TruncatedAtEveryByte_IsRefusedAndChangesNothing()
    {
        var model = new CheckpointDropoutModel(seed: 2);
        model.Compile(Loss.CategoricalCrossentropy, new Adam(0.01f));
        string before = Snapshot(model);
        foreach (bool seekable in new[] { true, false })
        {
            for (int length = 0; length < File.Length; length++)
            {
                byte[] prefix = File[..length];
                Stream stream = seekable ? new MemoryStream(prefix) : new NonSeekableStream(prefix);

                var error = Record.Exception(() => model.LoadCheckpoint(stream));

                Assert.True(error?.GetType() == typeof(InvalidDataException), $"truncated to {length} bytes: {error?.GetType().Name ?? "loaded"} {error?.Message}");
                Assert.StartsWith("Cannot load checkpoint from", error!.Message);
            }
        }
        Assert.Equal(before, Snapshot(model));
    }

    [Fact]
    public void LoadCheckpoint_HeaderClaimingHugeLengthOnAStreamWithoutLength_IsRefusedWithoutAllocatingIt()
    {
        byte[] hostile = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(hostile, 90_000_000);
        "{\"a\":"u8.CopyTo(hostile.AsSpan(8));
        var model = new CheckpointDropoutModel(seed: 2);
        model.Compile(Loss.CategoricalCrossentropy, new Adam(0.01f));
        long allocated = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<InvalidDataException>(() => model.LoadCheckpoint(new NonSeekableStream(hostile)));

        Assert.Contains("truncated", error.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocated < 8_000_000, "the claimed header length was allocated");
    }

    public static TheoryData<string, string, string> TamperedMetadata() => new()
    {
        { "\"epoch\":\"1\"", "\"epoch\":\"-1\"", "'epoch' is '-1'; expected an integer in [0," },
        { "\"iterations\":\"3\"", "\"iterations\":\"3x\"", "'iterations' is '3x'" },
        { "\"optimizer_slots\":\"2\"", "\"optimizer_slots\":\"9\"", "'optimizer_slots' is '9'" },
        { "\"checkpoint\":\"1\"", "\"checkpoint\":\"7\"", "format version '7'" },
        { "\"optimizer\":\"adam\"", "\"optimizer\":\"adax\"", "optimizer 'adax'" },
    };

    [Theory]
    [MemberData(nameof(TamperedMetadata))]
    public void LoadCheckpoint_TamperedMetadata_IsRefusedNamingTheKey(string original, string replacement, string expected)
    {
        var model = new CheckpointDropoutModel(seed: 2);
        model.Compile(Loss.CategoricalCrossentropy, new Adam(0.01f));
        string before = Snapshot(model);

        var error = Assert.Throws<InvalidDataException>(() => model.LoadCheckpoint(new MemoryStream(Replace(File, original, replacement))));

        Assert.Contains(expected, error.Message);
        Assert.Equal(before, Snapshot(model));
    }

    [Fact]
    public void LoadCheckpoint_ShuffleStateAllZero_IsRefused()
    {
        string text = System.Text.Encoding.UTF8.GetString(File);
        int start = text.IndexOf("\"shuffle_state\":\"", StringComparison.Ordinal) + "\"shuffle_state\":\"".Length;
        int end = text.IndexOf('"', start);
        string zero = string.Join(",", Enumerable.Repeat(new string('0', 16), 4));
        var model = new CheckpointDropoutModel(seed: 2);
        model.Compile(Loss.CategoricalCrossentropy, new Adam(0.01f));

        var error = Assert.Throws<InvalidDataException>(() =>
            model.LoadCheckpoint(new MemoryStream(Replace(File, text[(start - 17)..end], "\"shuffle_state\":\"" + zero))));

        Assert.Contains("not all zero", error.Message);
    }

    [Fact]
    public void LoadCheckpoint_SeededBitFlipsInHeader_AreRefusedOrLoadWithoutOtherErrors()
    {
        var rng = new Rng(7);
        int headerEnd = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(File);
        var model = new CheckpointDropoutModel(seed: 2);
        model.Compile(Loss.CategoricalCrossentropy, new Adam(0.01f));
        int refused = 0;
        for (int trial = 0; trial < 300; trial++)
        {
            byte[] damaged = (byte[])File.Clone();
            damaged[rng.NextInt(headerEnd)] ^= (byte)(1 << rng.NextInt(8));
            var error = Record.Exception(() => model.LoadCheckpoint(new MemoryStream(damaged)));
            Assert.True(error is null || error.GetType() == typeof(InvalidDataException), $"trial {trial}: {error}");
            if (error is not null) refused++;
        }
        Assert.True(refused >= 150, $"only {refused} of 300 header flips were refused");
    }

    /// <summary>The file with one text of its header replaced (the header re-padded and its length prefix rewritten).</summary>
    private static byte[] Replace(byte[] file, string original, string replacement)
    {
        int length = (int)BinaryPrimitives.ReadUInt64LittleEndian(file);
        string header = System.Text.Encoding.UTF8.GetString(file, 8, length).TrimEnd(' ');
        Assert.True(header.Contains(original, StringComparison.Ordinal), $"'{original}' is not in the checkpoint header");
        byte[] json = System.Text.Encoding.UTF8.GetBytes(header.Replace(original, replacement, StringComparison.Ordinal));
        int padded = (json.Length + 7) & ~7;
        var copy = new byte[8 + padded + file.Length - 8 - length];
        BinaryPrimitives.WriteUInt64LittleEndian(copy, (ulong)padded);
        json.CopyTo(copy, 8);
        copy.AsSpan(8 + json.Length, padded - json.Length).Fill((byte)' ');
        file.AsSpan(8 + length).CopyTo(copy.AsSpan(8 + padded));
        return copy;
    }
}
