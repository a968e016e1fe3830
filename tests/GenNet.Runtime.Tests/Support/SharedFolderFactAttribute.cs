namespace GenNet.Tests.Support;

/// <summary>
/// A test that reads files only <c>../shared</c> holds (e.g. the Keras-written model files): skipped, with that reason,
/// when the repository is cloned on its own.
/// </summary>
public sealed class SharedFolderFactAttribute : FactAttribute
{
    /// <summary>Skips the test when <see cref="RepositoryRoot.SharedFolder"/> is absent.</summary>
    public SharedFolderFactAttribute()
    {
        if (RepositoryRoot.SharedFolder is null)
            Skip = "needs ../shared beside the repository (the project's shared folder), which this clone does not have";
    }
}
