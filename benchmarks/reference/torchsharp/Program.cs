using TorchSharpReference;
using static TorchSharp.torch;

// TorchSharp timings of GenNet's benchmark workloads. Run through ../torchsharp.sh, which supplies the C++ runtime
// LibTorch needs on Debian 12:
//   check                              load LibTorch, compute one sum, list the native files mapped
//   infer [mlp|cnn]                    inference per call at batch 1 and 1000, one thread
//   epochs [mlp|cnn] [epochs] [fraction]  training seconds per Fashion-MNIST epoch, 1 and 2 threads
string command = args.Length > 0 ? args[0] : "check";
string filter = args.Length > 1 ? args[1] : "";

using (Tensor probe = ones(2, 3))
    Console.WriteLine($"TorchSharp on LibTorch {__version__}: ones(2, 3).sum() = {probe.sum().item<float>()}, {get_num_threads()} threads by default");
LoadedLibraries.Print();
Nnpack.Disable();
Console.WriteLine("  NNPACK: disabled; GLIBC_TUNABLES: " + (Environment.GetEnvironmentVariable("GLIBC_TUNABLES") ?? "(not set)")
    + "; OMP_WAIT_POLICY: " + (Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "(not set)"));

switch (command)
{
    case "check":
        break;
    case "infer":
        InferenceTimes.Run(filter);
        break;
    case "epochs":
        EpochTimes.Run(filter, args.Length > 2 ? int.Parse(args[2]) : 1, args.Length > 3 ? double.Parse(args[3]) : 1.0);
        break;
    default:
        Console.Error.WriteLine($"Unknown command '{command}'; expected check, infer or epochs.");
        return 1;
}
return 0;
