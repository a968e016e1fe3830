namespace GenNet.Generator;

/// <summary>
/// Metadata names of the attributes in src/Runtime/Attributes. The generator does not reference the runtime,
/// so these strings are the whole coupling; a rename there changes them here.
/// </summary>
internal static class AttributeNames
{
    public const string Namespace = "GenNet";
    public const string Sequential = "GenNet.SequentialAttribute";
    public const string Dense = "GenNet.DenseAttribute";
    public const string Activation = "GenNet.ActivationAttribute";

    /// <summary>The runtime base class every generated model derives from.</summary>
    public const string ModelBase = "GenNet.Model";
}
