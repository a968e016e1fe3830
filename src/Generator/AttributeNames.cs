namespace GenNet.Generator;

/// <summary>
/// Metadata names of the attributes in src/Runtime/Attributes. The generator does not reference the runtime,
/// so these strings are the whole coupling; a rename there changes them here.
/// </summary>
internal static class AttributeNames
{
    public const string Namespace = "GenNet";
    public const string Sequential = "GenNet.SequentialAttribute";
    public const string Functional = "GenNet.FunctionalAttribute";
    public const string Dense = "GenNet.DenseAttribute";
    public const string Activation = "GenNet.ActivationAttribute";
    public const string Conv2D = "GenNet.Conv2DAttribute";
    public const string MaxPooling2D = "GenNet.MaxPooling2DAttribute";
    public const string AveragePooling2D = "GenNet.AveragePooling2DAttribute";
    public const string GlobalAveragePooling2D = "GenNet.GlobalAveragePooling2DAttribute";
    public const string Flatten = "GenNet.FlattenAttribute";
    public const string Reshape = "GenNet.ReshapeAttribute";
    public const string Dropout = "GenNet.DropoutAttribute";
    public const string BatchNormalization = "GenNet.BatchNormalizationAttribute";
    public const string Add = "GenNet.AddAttribute";
    public const string Subtract = "GenNet.SubtractAttribute";
    public const string Multiply = "GenNet.MultiplyAttribute";
    public const string Average = "GenNet.AverageAttribute";
    public const string Maximum = "GenNet.MaximumAttribute";
    public const string Minimum = "GenNet.MinimumAttribute";
    public const string Concatenate = "GenNet.ConcatenateAttribute";
    public const string Lambda = "GenNet.LambdaAttribute";
    public const string EmbeddedWeights = "GenNet.EmbeddedWeightsAttribute";
    public const string Input = "GenNet.InputAttribute";
    public const string Reuse = "GenNet.ReuseAttribute";

    /// <summary>The model attributes: each starts a model, and a class may carry only one.</summary>
    public static readonly string[] Models = { Sequential, Functional };

    public static bool IsModel(string? metadataName) => metadataName == Sequential || metadataName == Functional;

    /// <summary>The runtime base class every generated model derives from.</summary>
    public const string ModelBase = "GenNet.Model";
}
