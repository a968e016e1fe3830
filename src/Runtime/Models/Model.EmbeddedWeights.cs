using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace GenNet;

public abstract partial class Model
{
    /// <summary>
    /// Replaces every weight with the little-endian F32 bytes the generator compiled in for
    /// <see cref="EmbeddedWeightsAttribute"/>: <paramref name="parameters"/> in the layout of <see cref="Parameters"/>,
    /// <paramref name="state"/> in that of <see cref="State"/>. Called by the generated <c>LoadEmbeddedWeights()</c>.
    /// </summary>
    /// <remarks>
    /// The bytes come from the assembly's read-only data, which has no alignment guarantee, so they are copied as bytes
    /// (never reinterpreted in place) and then swapped on a big-endian machine.
    /// </remarks>
    /// <exception cref="ArgumentException">A span's length is not 4 × the buffer's length in floats.</exception>
    protected void LoadWeightBytes(ReadOnlySpan<byte> parameters, ReadOnlySpan<byte> state)
    {
        CheckLength(parameters, ParameterSpan.Length, nameof(parameters));
        CheckLength(state, StateSpan.Length, nameof(state));
        CopyLittleEndian(parameters, ParameterSpan);
        CopyLittleEndian(state, StateSpan);
        WeightsWritten();
    }

    private static void CheckLength(ReadOnlySpan<byte> bytes, int floats, string name)
    {
        if (bytes.Length != floats * sizeof(float))
        {
            throw new ArgumentException($"Expected {floats * sizeof(float)} bytes ({floats} F32 weights); received {bytes.Length}.", name);
        }
    }

    private static void CopyLittleEndian(ReadOnlySpan<byte> source, Span<float> destination)
    {
        if (BitConverter.IsLittleEndian)
        {
            source.CopyTo(MemoryMarshal.AsBytes(destination));
            return;
        }
        for (int i = 0; i < destination.Length; i++) destination[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(i * sizeof(float))..]);
    }
}
