using BenchmarkDotNet.Running;
using GenNet.Benchmarks;

// `dotnet run -c Release -- quick [name filter]` runs the Stopwatch GEMM tuning harness, `infer [workload]` GenNet vs ONNX
// Runtime interleaved, `epochs [mlp|cnn] [epochs]` training epoch times,
// `cnn-layers [batch]` / `cnn-train-layers [rows]` (a training chunk's calls with FLOP rates) / `torch-cnn-layers [batch]` / `mlp-layers [batch]` / `mobilenet-layers [batch]` / `autoencoder-layers [batch]` a model's kernels one by one,
// `int8-layers mlp|cnn [batch]` the int8 steps one by one, `int8-infer [mlp|cnn]` int8 vs fp32 and ORT's int8 interleaved, `bandwidth` how fast one core reads weights from L1/L2,
// `train-gemms [filter]` the MLP training chunk's matrix products one by one (GFLOP/s, FLOP/cycle),
// `spam-epochs THREADS EPOCHS` the spam sample's training epoch (benchmarks/spam.sh), `spam-layers [batch]` the spam
// model's inference kernels one by one; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "quick")
{
    QuickRun.Run(args.Length > 1 ? args[1] : "");
    return;
}
if (args.Length > 0 && args[0] == "infer")
{
    QuickInference.Run(args.Length > 1 ? args[1] : "");
    return;
}
if (args.Length > 0 && args[0] == "cnn-layers")
{
    CnnLayerProfile.Run(args.Length > 1 ? int.Parse(args[1]) : 1, args.Length > 2 ? args[2] : "");
    return;
}
if (args.Length > 0 && args[0] == "cnn-train-layers")
{
    CnnTrainLayerProfile.Run(args.Length > 1 ? int.Parse(args[1]) : 32, args.Length > 2 ? args[2] : "");
    return;
}
if (args.Length > 0 && args[0] == "torch-cnn-layers")
{
    TorchCnnLayerProfile.Run(args.Length > 1 ? int.Parse(args[1]) : 1, args.Length > 2 ? args[2] : "");
    return;
}
if (args.Length > 0 && args[0] == "mobilenet-layers")
{
    MobileNetLayerProfile.Run(args.Length > 1 ? int.Parse(args[1]) : 1, args.Length > 2 ? args[2] : "");
    return;
}
if (args.Length > 0 && args[0] == "autoencoder-layers")
{
    AutoencoderLayerProfile.Run(args.Length > 1 ? int.Parse(args[1]) : 1, args.Length > 2 ? args[2] : "");
    return;
}
if (args.Length > 0 && args[0] == "mlp-layers")
{
    MlpLayerProfile.Run(args.Length > 1 ? int.Parse(args[1]) : 1, args.Length > 2 ? args[2] : "");
    return;
}
if (args.Length > 0 && args[0] == "int8-layers")
{
    QuantizedLayerProfile.Run(args.Length > 1 ? args[1] : "mlp", args.Length > 2 ? int.Parse(args[2]) : 1, args.Length > 3 ? args[3] : "");
    return;
}
if (args.Length > 0 && args[0] == "int8-infer")
{
    QuantizedInference.Run(args.Length > 1 ? args[1] : "");
    return;
}
if (args.Length > 0 && args[0] == "align")
{
    AlignmentEffect.Run(args.Length > 1 ? int.Parse(args[1]) : 1);
    return;
}
if (args.Length > 0 && args[0] == "bandwidth")
{
    CacheBandwidth.Run();
    return;
}
if (args.Length > 0 && args[0] == "train-phases")
{
    TrainStepProfile.Run(args.Length > 1 ? args[1] : "");
    return;
}
if (args.Length > 0 && args[0] == "train-gemms")
{
    StepGemmProfile.Run(args.Length > 1 ? args[1] : "");
    return;
}
if (args.Length > 0 && args[0] == "epochs")
{
    EpochTimes.Run(args.Length > 1 ? args[1] : "", args.Length > 2 ? int.Parse(args[2]) : 3);
    return;
}
if (args.Length > 0 && args[0] == "spam-layers")
{
    SpamLayerProfile.Run(args.Length > 1 ? int.Parse(args[1]) : 1, args.Length > 2 ? args[2] : "");
    return;
}
if (args.Length > 0 && args[0] == "spam-epochs")
{
    SpamEpochs.Run(args.Length > 1 ? int.Parse(args[1]) : 1, args.Length > 2 ? int.Parse(args[2]) : 2);
    return;
}
var summaries = BenchmarkSwitcher.FromAssembly(typeof(GemmBenchmarks).Assembly).Run(args);
GemmReport.Write(summaries);
InferenceReport.Write(summaries);
