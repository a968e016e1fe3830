using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using GenNet.Tests.Onnx;

namespace GenNet.Tests.Models;

/// <summary>
/// A model's parameter, gradient and state buffers start on a 64-byte boundary (so a weight at an offset that is a
/// multiple of 16 floats is read by whole cache lines), for every model made.
/// </summary>
public class ModelBufferAlignmentTests
{
    private static unsafe long Misalignment(Span<float> span) =>
        span.IsEmpty ? 0 : (long)((nuint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(span)) & 63);

    [Fact]
    public void ParametersGradientsAndState_StartOnACacheLine()
    {
        for (int seed = 0; seed < 20; seed++)
        {
            Model model = seed % 2 == 0 ? new FixtureCnnModel(seed) : new OnnxConvBlocks(seed);
            Assert.Equal(0, Misalignment(model.Parameters));
            Assert.Equal(0, Misalignment(model.Gradients));
            Assert.Equal(0, Misalignment(model.State));
            Assert.Equal(model.Info.ParameterCount, model.Parameters.Length);
            Assert.Equal(model.Info.StateCount, model.State.Length);
        }
    }
}
