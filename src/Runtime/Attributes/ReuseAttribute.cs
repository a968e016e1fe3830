namespace GenNet;

/// <summary>
/// Calls an existing layer again, on another node, with the same weights: Keras' shared layer
/// (<c>shared = Dense(64); a = shared(x); b = shared(y)</c> is <c>[Dense(64, From = "x", Name = "shared")]</c> and
/// <c>[Reuse("shared", From = "y")]</c>). The weights are stored once; training adds the gradients of every call site
/// into them. The input must give the layer's weights the same shapes (a Dense layer needs the same last axis, a Conv2D
/// the same channels; image sizes may differ).
/// </summary>
/// <remarks>
/// Any single-input layer with or without weights can be reused, except BatchNormalization (its moving statistics belong
/// to one call site). Merge layers have no weights: declare another one instead. The call's own output is a node named
/// <see cref="Name"/> (default <c>&lt;layer&gt;_call</c>, <c>&lt;layer&gt;_call_1</c>, …).
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ReuseAttribute : LayerAttribute
{
    /// <summary>Calls the layer named <paramref name="layer"/> (its <c>Name</c> or Keras default name) once more.</summary>
    public ReuseAttribute(string layer) => Layer = layer;

    /// <summary>The name of the layer whose weights this call uses.</summary>
    public string Layer { get; }

    /// <summary>The name of this call's output node.</summary>
    public string? Name { get; set; }
}
