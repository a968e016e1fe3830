namespace GenNet.Shared;

/// <summary>
/// The named arguments (settable properties) of the layer attributes in src/Runtime/Attributes, as the generator reads
/// them. A C# property name cannot be a constant, so the runtime states each once as a property and a test
/// (SharedDefinitionsTests) checks that this list and the layer attributes' properties are the same set.
/// </summary>
internal static class LayerArgumentNames
{
    // Every layer (and the models' Name).
    public const string Name = "Name";
    public const string From = "From";
    public const string Trainable = "Trainable";

    // Dense and Conv2D.
    public const string Activation = "Activation";
    public const string UseBias = "UseBias";
    public const string KernelInitializer = "KernelInitializer";
    public const string BiasInitializer = "BiasInitializer";

    // Conv2D and pooling.
    public const string Strides = "Strides";
    public const string Padding = "Padding";
    public const string DilationRate = "DilationRate";

    // Activation's options.
    public const string NegativeSlope = "NegativeSlope";
    public const string MaxValue = "MaxValue";
    public const string Threshold = "Threshold";
    public const string Alpha = "Alpha";
    public const string Approximate = "Approximate";

    // BatchNormalization.
    public const string Momentum = "Momentum";
    public const string Epsilon = "Epsilon";
    public const string Center = "Center";
    public const string Scale = "Scale";

    // Concatenate.
    public const string Axis = "Axis";

    // Lambda.
    public const string Backward = "Backward";
    public const string OutputShape = "OutputShape";

    // seq1: Embedding.
    public const string EmbeddingsInitializer = "EmbeddingsInitializer";
    public const string MaskZero = "MaskZero";
    // Recurrent layers (SimpleRNN, LSTM, GRU).
    public const string RecurrentActivation = "RecurrentActivation";
    public const string ReturnSequences = "ReturnSequences";
    public const string GoBackwards = "GoBackwards";
    public const string ReturnState = "ReturnState";
    public const string UnitForgetBias = "UnitForgetBias";
    public const string ResetAfter = "ResetAfter";
    // vision1 layers: PReLU, Rescaling, UpSampling2D.
    public const string SharedAxes = "SharedAxes";
    public const string AlphaInitializer = "AlphaInitializer";
    public const string Offset = "Offset";
    public const string Interpolation = "Interpolation";
    public const string Dropout = "Dropout";

    // DepthwiseConv2D.
    public const string DepthMultiplier = "DepthMultiplier";
    public const string DepthwiseInitializer = "DepthwiseInitializer";

    // seq2: Bidirectional, recurrent dropout.
    public const string MergeMode = "MergeMode";
    public const string RecurrentDropout = "RecurrentDropout";

    // Weight regularizers and constraints (read for every layer kind by their suffix: Parser, WeightRuleArgument).
    public const string KernelRegularizer = "KernelRegularizer";
    public const string BiasRegularizer = "BiasRegularizer";
    public const string RecurrentRegularizer = "RecurrentRegularizer";
    public const string DepthwiseRegularizer = "DepthwiseRegularizer";
    public const string EmbeddingsRegularizer = "EmbeddingsRegularizer";
    public const string BetaRegularizer = "BetaRegularizer";
    public const string GammaRegularizer = "GammaRegularizer";
    public const string AlphaRegularizer = "AlphaRegularizer";
    public const string PointwiseRegularizer = "PointwiseRegularizer";
    public const string KernelConstraint = "KernelConstraint";
    public const string BiasConstraint = "BiasConstraint";
    public const string RecurrentConstraint = "RecurrentConstraint";
    public const string DepthwiseConstraint = "DepthwiseConstraint";
    public const string EmbeddingsConstraint = "EmbeddingsConstraint";
    public const string BetaConstraint = "BetaConstraint";
    public const string GammaConstraint = "GammaConstraint";
    public const string AlphaConstraint = "AlphaConstraint";
    public const string PointwiseConstraint = "PointwiseConstraint";
    // vision2 layers: Conv2DTranspose, SeparableConv2D, Conv2D(Groups).
    public const string OutputPadding = "OutputPadding";
    public const string PointwiseInitializer = "PointwiseInitializer";
    public const string Groups = "Groups";
}
