namespace GenNet.Generator;

/// <summary>Names of the pipeline steps, for <c>WithTrackingName</c> and the caching tests.</summary>
internal static class TrackingNames
{
    /// <summary>[Sequential] class → ModelDeclaration (generation branch).</summary>
    public const string Parse = nameof(Parse);

    /// <summary>ModelDeclaration → ModelSpec.</summary>
    public const string Infer = nameof(Infer);

    /// <summary>ModelSpec → generated file text.</summary>
    public const string Emit = nameof(Emit);

    /// <summary>[Sequential] class → its diagnostics (diagnostics branch; may hold locations).</summary>
    public const string Diagnose = nameof(Diagnose);

    /// <summary>Layer attribute on a class without [Sequential] → a warning.</summary>
    public const string OrphanLayers = nameof(OrphanLayers);
}
