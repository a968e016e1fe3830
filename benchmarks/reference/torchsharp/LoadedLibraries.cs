namespace TorchSharpReference;

/// <summary>
/// Which files the process really mapped for the C/C++ runtime and LibTorch (from /proc/self/maps): shows that the
/// private trixie libraries, not the system's, are the ones in use.
/// </summary>
internal static class LoadedLibraries
{
    private static readonly string[] Watched =
        ["ld-linux-x86-64.so", "libc.so.6", "libm.so.6", "libstdc++.so.6", "libgcc_s.so.1", "libgomp", "libLibTorchSharp.so", "libtorch_cpu.so", "libc10.so"];

    public static void Print()
    {
        // Under ../torchsharp.sh the executable is Debian 13's loader, copied as .native/dotnet/dotnet.
        Console.WriteLine("  executable: " + new FileInfo("/proc/self/exe").LinkTarget);
        var paths = File.ReadLines("/proc/self/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 6 && fields[5].StartsWith('/'))
            .Select(fields => fields[5])
            .Distinct()
            .Where(path => Watched.Any(name => Path.GetFileName(path).StartsWith(name, StringComparison.Ordinal)));
        foreach (string path in paths) Console.WriteLine("  mapped: " + path);
    }
}
