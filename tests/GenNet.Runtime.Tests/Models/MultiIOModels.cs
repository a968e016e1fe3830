namespace GenNet.Tests.Models;

// Functional models with several inputs, several outputs and shared layers, built by the real generator.

/// <summary>Two inputs, two outputs; "hidden" feeds both heads, and head "a" is also read by head "b"'s path.</summary>
[Functional(Outputs = new[] { "a", "b" })]
[Input("x1", 4)]
[Dense(5, Activation = Act.Tanh, Name = "p")]
[Input("x2", 3)]
[Dense(4, Activation = Act.Tanh, Name = "q")]
[Concatenate("p", "q", Name = "joined")]
[Dense(6, Activation = Act.Tanh, Name = "hidden")]
[Dense(3, Activation = Act.Softmax, Name = "a")]
[Concatenate("hidden", "a", Name = "hidden_and_a")]
[Dense(2, Name = "b")]
public partial class TwoInTwoOutModel { }

/// <summary>A Siamese pair: one Dense applied to both inputs (weights shared), the results subtracted.</summary>
[Functional]
[Input("left", 4)]
[Input("right", 4)]
[Dense(3, Activation = Act.Tanh, From = "left", Name = "encoder")]
[Reuse("encoder", From = "right")]
[Subtract("encoder", "encoder_call")]
[Dense(2)]
public partial class SiameseModel { }

/// <summary>The Siamese pair with two separate encoders (same shapes), to compare weight counts.</summary>
[Functional]
[Input("left", 4)]
[Input("right", 4)]
[Dense(3, Activation = Act.Tanh, From = "left", Name = "encoder")]
[Dense(3, Activation = Act.Tanh, From = "right", Name = "other")]
[Subtract("encoder", "other")]
[Dense(2)]
public partial class UnsharedPairModel { }

/// <summary>A shared convolution on two image sizes and a shared Dense called three times (its output feeds its next call).</summary>
[Functional(Outputs = new[] { "small_out", "chain" })]
[Input("big", 6, 6, 2)]
[Input("small", 4, 4, 2)]
[Conv2D(3, 3, Activation = Act.Tanh, From = "big", Name = "conv")]
[Reuse("conv", From = "small", Name = "conv_small")]
[GlobalAveragePooling2D(From = "conv", Name = "pool_big")]
[GlobalAveragePooling2D(From = "conv_small", Name = "pool_small")]
[Dense(3, Activation = Act.Tanh, From = "pool_big", Name = "step")]
[Reuse("step", From = "step", Name = "step_2")]
[Reuse("step", From = "step_2", Name = "chain")]
[Dense(2, From = "pool_small", Name = "small_out")]
public partial class SharedConvChainModel { }

/// <summary>One named [Input]: the single-input code path with a named input.</summary>
[Functional]
[Input("pixels", 5)]
[Dense(4, Activation = Act.Relu)]
[Dense(3, Activation = Act.Softmax)]
public partial class NamedInputModel { }

/// <summary>Output "c" is also read, through a Flatten view, on the way to output "e".</summary>
[Functional(Outputs = new[] { "c", "e" })]
[Input("x", 2, 3)]
[Dense(2, Activation = Act.Tanh, Name = "c")]
[Flatten(Name = "f")]
[Dense(2, Name = "e")]
public partial class OutputReadThroughViewModel { }

/// <summary>A [Reuse] declared (and run) before the layer it calls, so the call makes the weights and the layer reuses them.</summary>
[Functional]
[Input("a", 3)]
[Input("b", 3)]
[Reuse("shared", From = "a", Name = "first")]
[Dense(3, Activation = Act.Tanh, From = "b", Name = "shared")]
[Multiply("first", "shared")]
[Dense(2)]
public partial class ReuseBeforeLayerModel { }
