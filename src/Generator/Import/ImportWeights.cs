using System;
using System.Linq;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;
using GenNet.Generator.Weights;

namespace GenNet.Generator.Import;

/// <summary>
/// The compiled-in weights of an imported model ([OnnxModel], [KerasModel]): values written into the spec's parameter
/// and state buffers as the runtime reads embedded bytes, and the <see cref="EmbeddedWeightsSpec"/> that embeds them.
/// </summary>
internal static class ImportWeights
{
    /// <summary>Writes <paramref name="data"/> at float offset <paramref name="offset"/> of <paramref name="target"/>, little-endian.</summary>
    public static void Write(byte[] target, int offset, float[] data)
    {
        for (int i = 0; i < data.Length; i++)
        {
            uint bits = (uint)BitConverter.ToInt32(BitConverter.GetBytes(data[i]), 0);
            int at = (offset + i) * 4;
            target[at] = (byte)bits;
            target[at + 1] = (byte)(bits >> 8);
            target[at + 2] = (byte)(bits >> 16);
            target[at + 3] = (byte)(bits >> 24);
        }
    }

    /// <summary>The embedded-weights spec for the filled buffers; <paramref name="origin"/> and <paramref name="kind"/> name the import in the generated file.</summary>
    public static EmbeddedWeightsSpec Spec(ModelSpec spec, byte[] parameters, byte[] state, string fileName, string sha256, string origin, string kind)
    {
        var tensors = spec.Weights
            .OrderBy(w => w.Trainable ? 0 : 1).ThenBy(w => w.Offset)
            .Select(w => new EmbeddedTensor(w.Key, SafetensorsHeader.Format(w.Shape.Select(d => (ulong)d)), w.Trainable, w.Offset, w.Length))
            .ToEquatableArray();
        return new EmbeddedWeightsSpec(spec.Type, fileName, sha256, spec.Fingerprint, new WeightBlob(parameters), new WeightBlob(state), tensors)
        {
            Origin = origin,
            FileKind = kind,
        };
    }
}
