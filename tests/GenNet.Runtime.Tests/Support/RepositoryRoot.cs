namespace GenNet.Tests.Support;

/// <summary>The repository root (the folder holding GenNet.sln) above the test binaries, and the <c>shared/</c> folder beside it.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> s_path = new(Find);

    /// <summary>The folder that holds GenNet.sln.</summary>
    public static string Path => s_path.Value;

    /// <summary>
    /// <c>../shared</c> beside the repository, or null: a clone on its own has no such folder, and the tests that need
    /// files only it holds skip (<see cref="SharedFolderFactAttribute"/>).
    /// </summary>
    public static string? SharedFolder
    {
        get
        {
            string candidate = System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, "..", "shared"));
            return Directory.Exists(candidate) ? candidate : null;
        }
    }

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "GenNet.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException("GenNet.sln not found above " + AppContext.BaseDirectory + "; set GENNET_FIXTURES.");
    }
}
