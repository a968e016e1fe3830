using System.Buffers.Binary;

namespace GenNet.Tests.Serialization;

/// <summary>
/// Damaged files: every truncation and a few hundred seeded bit flips and byte overwrites. Whatever the damage,
/// loading either succeeds with the values the bytes really hold or throws <see cref="InvalidDataException"/>
/// (never another type) and leaves the model untouched.
/// </summary>
public sealed class WeightFileCorruptionTests
{
    private static readonly WeightTestModel Saved = new(WeightTestModel.Mlp(), seed: 21);
    private static readonly byte[] File = Saved.SaveToBytes();

    [Fact]
    public void Load_FileTruncatedAtEveryByte_IsRefusedAndLoadsNothing()
    {
        int cases = 0;
        foreach (bool seekable in new[] { true, false })
        {
            for (int length = 0; length < File.Length; length++)
            {
                byte[] prefix = File[..length];
                var model = new WeightTestModel(WeightTestModel.Mlp(), seed: 5);
                var before = model.Bits();
                Stream stream = seekable ? new MemoryStream(prefix) : new NonSeekableStream(prefix);

                var error = Record.Exception(() => model.Load(stream));

                Assert.True(error?.GetType() == typeof(InvalidDataException),
                    $"truncated to {length} bytes (seekable: {seekable}): {error?.GetType().Name ?? "loaded"} {error?.Message}");
                Assert.Equal(before.Parameters, model.Bits().Parameters);
                Assert.Equal(before.State, model.Bits().State);
                cases++;
            }
        }
        Assert.Equal(2 * File.Length, cases);
    }

    [Fact]
    public void Load_SeededBitFlips_LoadTheFlippedValueOrAreRefused()
    {
        var rng = new Rng(2024);
        int headerEnd = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(File);
        var (flippedInHeader, refused) = (0, 0);
        for (int trial = 0; trial < 400; trial++)
        {
            // Half the flips aim at the prefix and header, where almost every change must be caught.
            int position = trial % 2 == 0 ? rng.NextInt(headerEnd) : rng.NextInt(File.Length);
            byte[] damaged = (byte[])File.Clone();
            damaged[position] ^= (byte)(1 << rng.NextInt(8));
            if (position < headerEnd) flippedInHeader++;
            if (!LoadsAsBytesSayOrIsRefused(damaged, position)) refused++;
        }
        Assert.True(flippedInHeader >= 200);
        Assert.True(refused >= flippedInHeader / 2, $"only {refused} of {flippedInHeader} header flips were refused");
    }

    [Fact]
    public void Load_SeededByteOverwritesInHeader_LoadTheSameValuesOrAreRefused()
    {
        var rng = new Rng(7);
        int headerEnd = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(File);
        // Characters that keep JSON plausible are the interesting ones: digits, quotes, brackets, separators.
        byte[] alphabet = "0123456789\"{}[],: .-eE\\u\0\u00ff"u8.ToArray();
        for (int trial = 0; trial < 300; trial++)
        {
            int position = 8 + rng.NextInt(headerEnd - 8);
            byte[] damaged = (byte[])File.Clone();
            damaged[position] = alphabet[rng.NextInt(alphabet.Length)];
            LoadsAsBytesSayOrIsRefused(damaged, position);
        }
    }

    /// <summary>
    /// Loads <paramref name="damaged"/> (one byte changed at <paramref name="position"/>) and returns whether it
    /// loaded. A loaded file must hold exactly what its bytes say: the original values, except for a change in
    /// the data region, which alters that one float.
    /// </summary>
    private static bool LoadsAsBytesSayOrIsRefused(byte[] damaged, int position)
    {
        var model = new WeightTestModel(WeightTestModel.Mlp(), seed: 5);
        var before = model.Bits();

        var error = Record.Exception(() => model.Load(new MemoryStream(damaged)));

        if (error is not null)
        {
            Assert.True(error.GetType() == typeof(InvalidDataException), $"byte {position}: {error.GetType().Name}: {error.Message}");
            Assert.Equal(before.Parameters, model.Bits().Parameters);
            Assert.Equal(before.State, model.Bits().State);
            return false;
        }

        var expected = Saved.Bits();
        int headerEnd = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(File);
        if (position >= headerEnd) ApplyDataChange(expected, damaged, position - headerEnd);
        Assert.Equal(expected.Parameters, model.Bits().Parameters);
        Assert.Equal(expected.State, model.Bits().State);
        return true;
    }

    /// <summary>Updates the float that data byte <paramref name="offset"/> belongs to, using the original header.</summary>
    private static void ApplyDataChange((uint[] Parameters, uint[] State) bits, byte[] damaged, int offset)
    {
        var (header, _) = SafetensorsBytes.Split(File);
        int headerEnd = damaged.Length - (File.Length - (8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(File)));
        foreach (var w in Saved.Info.Weights)
        {
            var offsets = header[w.Name]!["data_offsets"]!.AsArray();
            int begin = (int)offsets[0]!, end = (int)offsets[1]!;
            if (offset < begin || offset >= end) continue;
            int index = (offset - begin) / 4;
            uint value = BinaryPrimitives.ReadUInt32LittleEndian(damaged.AsSpan(headerEnd + begin + 4 * index));
            (w.Trainable ? bits.Parameters : bits.State)[w.Offset + index] = value;
            return;
        }
        Assert.Fail($"data byte {offset} belongs to no tensor");
    }
}
