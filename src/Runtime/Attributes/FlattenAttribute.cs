namespace GenNet;

/// <summary>
/// Keras <c>Flatten()</c>: <c>(d1, d2, …) → (d1·d2·…)</c> in row-major (channels-last) order. It moves no data: the
/// next layer reads the same memory.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class FlattenAttribute : LayerAttribute
{
    /// <summary>Layer name; Keras' default is <c>flatten</c>, <c>flatten_1</c>, ….</summary>
    public string? Name { get; set; }
}
