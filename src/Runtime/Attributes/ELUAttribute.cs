using GenNet.Shared;

namespace GenNet;

/// <summary>Keras <c>ELU(alpha=1.0)</c>: <c>y = x</c> for <c>x &gt; 0</c>, <c>alpha·(eˣ − 1)</c> otherwise. No weights.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ELUAttribute : LayerAttribute
{
    /// <summary>Scale of the negative part. Default 1.</summary>
    public double Alpha { get; set; } = LayerArgumentDefaults.EluAlpha;

    /// <summary>Layer name; Keras' default is <c>elu</c>, <c>elu_1</c>, ….</summary>
    public string? Name { get; set; }
}
