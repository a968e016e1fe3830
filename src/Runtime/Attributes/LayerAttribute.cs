namespace GenNet;

/// <summary>
/// The base of every single-input layer attribute: what a <see cref="FunctionalAttribute"/> model needs to wire it.
/// </summary>
public abstract class LayerAttribute : Attribute
{
    /// <summary>
    /// Functional models only: the name of the layer whose output this layer takes (<c>"input_layer"</c> for the model
    /// input). Without it a layer takes the output of the attribute written just before it, so a chain reads as in a
    /// Sequential model and only branches need wiring. Keras: <c>y = Dense(64)(x)</c> is <c>[Dense(64, From = "x")]</c>.
    /// </summary>
    public string? From { get; set; }

    /// <summary>
    /// Keras <c>trainable</c>: <c>false</c> freezes the layer's weights (the optimizer leaves them and their slots alone;
    /// gradients still flow through the layer to earlier ones), and a BatchNormalization layer then runs in inference mode
    /// (moving statistics, not updated) also during training, as in Keras 3. The starting value of
    /// <c>model.Layers["name"].Trainable</c>, which can be changed between <c>Fit</c> calls. Default <c>true</c>.
    /// </summary>
    public bool Trainable { get; set; } = true;
}
