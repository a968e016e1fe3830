namespace GenNet.Shared;

/// <summary>
/// Metadata names of the attributes in src/Runtime/Attributes that are not layers, and of the types the generator
/// recognises by name. Compiled into both the runtime and the generator (which cannot reference the runtime), so the
/// names are written once; each layer kind names its own attribute in the generator's registry (Layers/LayerKinds.cs).
/// </summary>
internal static class AttributeNames
{
    public const string Namespace = "GenNet";
    public const string Sequential = Namespace + ".SequentialAttribute";
    public const string Functional = Namespace + ".FunctionalAttribute";
    public const string EmbeddedWeights = Namespace + ".EmbeddedWeightsAttribute";
    public const string OnnxModel = Namespace + ".OnnxModelAttribute";
    public const string KerasModel = Namespace + ".KerasModelAttribute";

    /// <summary>The base of the single-input layer attributes; an attribute deriving from it is a layer.</summary>
    public const string LayerBase = Namespace + ".LayerAttribute";

    /// <summary>The runtime base class every generated model derives from.</summary>
    public const string ModelBase = Namespace + ".Model";

    /// <summary>The model attributes: each starts a model, and a class may carry only one.</summary>
    public static readonly string[] Models = { Sequential, Functional };

    public static bool IsModel(string? metadataName) => metadataName == Sequential || metadataName == Functional;

    /// <summary><c>Dense</c> → <c>GenNet.DenseAttribute</c>: the metadata name of the attribute a user writes as <c>[Dense]</c>.</summary>
    public static string Of(string shortName) => Namespace + "." + shortName + "Attribute";
}
