// GenNet's HDF5 reader against PureHDF 2.2.0 on every HDF5 file of the repository.
//
//   cd benchmarks/Hdf5Compare && dotnet run -c Release -- [--reads N] [--shared PATH]
//
// For each file (../shared/keras-files, tests/keras/*.h5, the model.weights.h5 inside tests/keras/*.keras, and the
// reader fixtures of benchmarks/reference/hdf5_fixtures.py) both readers open the bytes already in memory, walk every
// group and read every dataset. Shapes must be equal; float32 values must be equal bit for bit, float64 values equal
// after the narrowing GenNet does (GenNet returns float: (float)double is compared bit for bit). A dataset GenNet does
// not read as floats (an int64 optimizer counter) is compared by shape only. Then each reader's whole-file pass is
// timed: the median of N passes, after a warm-up pass.
using System.Diagnostics;
using System.IO.Compression;
using GenNet.Serialization.Hdf5;
using PureHDF;

int reads = 51;
string? shared = null;
for (int i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--reads") reads = int.Parse(args[i + 1]);
    if (args[i] == "--shared") shared = args[i + 1];
}
string root = FindRoot(AppContext.BaseDirectory);
shared ??= Path.Combine(Path.GetDirectoryName(root)!, "shared");

var files = new List<(string Name, byte[] Bytes)>();
foreach (string dir in new[] { Path.Combine(shared, "keras-files"), Path.Combine(root, "tests", "keras"), Path.Combine(root, "tests", "GenNet.Runtime.Tests", "Serialization", "Hdf5") })
{
    if (!Directory.Exists(dir)) { Console.WriteLine($"(missing: {dir})"); continue; }
    foreach (string path in Directory.GetFiles(dir).OrderBy(p => p, StringComparer.Ordinal))
    {
        string name = Path.GetRelativePath(root, path);
        if (path.EndsWith(".h5", StringComparison.Ordinal) || path.EndsWith(".hdf5", StringComparison.Ordinal))
        {
            files.Add((name, File.ReadAllBytes(path)));
        }
        else if (path.EndsWith(".keras", StringComparison.Ordinal))
        {
            using var zip = ZipFile.OpenRead(path);
            var entry = zip.GetEntry("model.weights.h5");
            if (entry is null) continue;
            using var s = entry.Open();
            using var m = new MemoryStream();
            s.CopyTo(m);
            files.Add(($"{name}!model.weights.h5", m.ToArray()));
        }
    }
}

Console.WriteLine($"| file | bytes | datasets (values equal / shape only / differ) | GenNet µs | PureHDF µs | PureHDF / GenNet |");
Console.WriteLine("|---|---:|---|---:|---:|---:|");
int totalEqual = 0, totalShapeOnly = 0, totalDiffer = 0;
foreach (var (name, bytes) in files)
{
    Dictionary<string, Read> ours, theirs;
    string? oursError = null, theirsError = null;
    try { ours = GenNetRead(bytes, name); } catch (Exception e) { ours = []; oursError = $"{e.GetType().Name}: {e.Message}"; }
    try { theirs = PureRead(bytes); } catch (Exception e) { theirs = []; theirsError = $"{e.GetType().Name}: {e.Message}"; }
    if (oursError is not null || theirsError is not null)
    {
        Console.WriteLine($"| {name} | {bytes.Length} | GenNet: {oursError ?? "read"}; PureHDF: {theirsError ?? "read"} | | | |");
        continue;
    }
    int equal = 0, shapeOnly = 0, differ = 0;
    var notes = new List<string>();
    foreach (string path in ours.Keys.Union(theirs.Keys).OrderBy(p => p, StringComparer.Ordinal))
    {
        if (!ours.TryGetValue(path, out var a) || !theirs.TryGetValue(path, out var b))
        {
            differ++;
            notes.Add($"{path}: only {(ours.ContainsKey(path) ? "GenNet" : "PureHDF")} lists it");
            continue;
        }
        if (!a.Shape.SequenceEqual(b.Shape)) { differ++; notes.Add($"{path}: shapes {Shape(a.Shape)} vs {Shape(b.Shape)}"); continue; }
        if (a.Values is null || b.Values is null) { shapeOnly++; continue; }
        if (a.Values.Length != b.Values.Length) { differ++; notes.Add($"{path}: {a.Values.Length} vs {b.Values.Length} values"); continue; }
        int first = -1;
        for (int i = 0; i < a.Values.Length && first < 0; i++)
        {
            if (BitConverter.SingleToInt32Bits(a.Values[i]) != BitConverter.SingleToInt32Bits(b.Values[i])) first = i;
        }
        if (first >= 0) { differ++; notes.Add($"{path}: element {first} {a.Values[first]:R} vs {b.Values[first]:R}"); }
        else equal++;
    }
    totalEqual += equal; totalShapeOnly += shapeOnly; totalDiffer += differ;
    double oursUs = Median(reads, () => GenNetRead(bytes, name));
    double theirsUs = Median(reads, () => PureRead(bytes));
    Console.WriteLine($"| {name} | {bytes.Length} | {equal} / {shapeOnly} / {differ} | {oursUs:F1} | {theirsUs:F1} | {theirsUs / oursUs:F2} |");
    foreach (string note in notes) Console.WriteLine($"|   differs: {note} | | | | | |");
}
Console.WriteLine();
Console.WriteLine($"{files.Count} files; datasets: {totalEqual} equal bit for bit, {totalShapeOnly} compared by shape only, {totalDiffer} differ. Median of {reads} passes, bytes in memory.");
return totalDiffer == 0 ? 0 : 1;

// Every dataset GenNet's reader finds: its shape, and its values where it reads them (float32/float64).
static Dictionary<string, Read> GenNetRead(byte[] bytes, string name)
{
    var result = new Dictionary<string, Read>(StringComparer.Ordinal);
    var root = Hdf5File.Open(bytes, name);
    foreach (var o in root.Descendants())
    {
        if (!o.IsDataset) continue;
        var d = o.Dataset();
        bool floats = d.Type.Class == Hdf5TypeClass.FloatingPoint;
        result[o.Path] = new Read(d.Shape.Select(x => (long)x).ToArray(), floats ? d.ReadFloats() : null);
    }
    return result;
}

// The same through PureHDF, float64 narrowed as GenNet narrows it.
static Dictionary<string, Read> PureRead(byte[] bytes)
{
    var result = new Dictionary<string, Read>(StringComparer.Ordinal);
    using var file = H5File.Open(new MemoryStream(bytes, writable: false), leaveOpen: false);
    Walk(file, "", 0, result);
    return result;

    // PureHDF does not notice a hard link back to an ancestor (cyclic.h5): unguarded, this walk overflows the stack.
    static void Walk(IH5Group group, string path, int depth, Dictionary<string, Read> result)
    {
        if (depth > 32) throw new InvalidDataException($"'{path}' is more than 32 groups deep; the walk stops here (a cycle)");
        foreach (var child in group.Children())
        {
            string at = $"{path}/{child.Name}";
            if (child is IH5Group g) { Walk(g, at, depth + 1, result); continue; }
            if (child is not IH5Dataset d) continue;
            var shape = d.Space.Dimensions.Select(x => (long)x).ToArray();
            float[]? values = null;
            if (d.Type.Class == H5DataTypeClass.FloatingPoint)
            {
                values = d.Type.Size == 4 ? d.Read<float[]>() : d.Read<double[]>().Select(v => (float)v).ToArray();
            }
            result[at] = new Read(shape, values);
        }
    }
}

static double Median(int n, Action pass)
{
    pass();
    var times = new double[n];
    for (int i = 0; i < n; i++)
    {
        long start = Stopwatch.GetTimestamp();
        pass();
        times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
    }
    Array.Sort(times);
    return times[n / 2];
}

static string Shape(long[] shape) => $"({string.Join(", ", shape)})";

static string FindRoot(string from)
{
    for (var d = new DirectoryInfo(from); d is not null; d = d.Parent)
    {
        if (File.Exists(Path.Combine(d.FullName, "GenNet.sln"))) return d.FullName;
    }
    throw new DirectoryNotFoundException($"no GenNet.sln above {from}");
}

/// <summary>One dataset as a reader returned it: shape, and values where that reader gives floats.</summary>
internal sealed record Read(long[] Shape, float[]? Values);
