using System.Buffers.Binary;

namespace GenNet.Tests.Serialization;

/// <summary>A model that exposes <see cref="Model.LoadWeightBytes"/>, which the generated LoadEmbeddedWeights() calls.</summary>
[Sequential(2)]
[Dense(3)]
[BatchNormalization]
public partial class WeightBytesModel
{
    public void LoadBytes(ReadOnlySpan<byte> parameters, ReadOnlySpan<byte> state) => LoadWeightBytes(parameters, state);
}

/// <summary>Model.LoadWeightBytes: little-endian F32 bytes into Parameters and State, lengths checked before anything is copied.</summary>
public class WeightBytesTests
{
    [Fact]
    public void LittleEndianBytes_BecomeTheWeights()
    {
        var model = new WeightBytesModel();
        byte[] parameters = LittleEndian(Enumerable.Range(0, WeightBytesModel.ParameterCount).Select(i => i * 0.5f - 1).ToArray());
        byte[] state = LittleEndian(Enumerable.Range(0, model.State.Length).Select(i => 10f + i).ToArray());

        model.LoadBytes(parameters, state);

        Assert.Equal(Enumerable.Range(0, WeightBytesModel.ParameterCount).Select(i => i * 0.5f - 1).ToArray(), model.Parameters.ToArray());
        Assert.Equal(Enumerable.Range(0, model.State.Length).Select(i => 10f + i).ToArray(), model.State.ToArray());
    }

    [Fact]
    public void WrongStateLength_Throws_AndLoadsNothing()
    {
        var model = new WeightBytesModel(seed: 4);
        float[] before = model.Parameters.ToArray();
        byte[] parameters = new byte[WeightBytesModel.ParameterCount * 4];

        var e = Assert.Throws<ArgumentException>(() => model.LoadBytes(parameters, new byte[model.State.Length * 4 - 1]));

        Assert.Equal("state", e.ParamName);
        Assert.Contains($"Expected {model.State.Length * 4} bytes ({model.State.Length} F32 weights); received {model.State.Length * 4 - 1}.", e.Message);
        Assert.Equal(before, model.Parameters.ToArray());
    }

    private static byte[] LittleEndian(float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        return bytes;
    }
}
