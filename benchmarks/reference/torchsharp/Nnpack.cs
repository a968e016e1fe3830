using System.Reflection;
using System.Runtime.InteropServices;

namespace TorchSharpReference;

/// <summary>
/// Turns off LibTorch's NNPACK convolutions, as <c>torch.backends.nnpack.set_flags(False)</c> does in PyTorch (TorchSharp
/// has no binding for it). On this machine NNPACK cannot initialize ("Unsupported hardware"), and LibTorch then checks
/// it again, and writes that warning to stderr, on every batch-1 convolution: the check and the write would be timed
/// as part of inference. NNPACK is never the convolution LibTorch picks here anyway.
/// </summary>
internal static unsafe class Nnpack
{
    public static void Disable()
    {
        nint library = NativeLibrary.Load("libtorch_cpu.so", Assembly.GetExecutingAssembly(), null);
        // at::globalContext() and at::Context::setUserEnabledNNPACK(bool): C++ exports, called with `this` first.
        var globalContext = (delegate* unmanaged<nint>)NativeLibrary.GetExport(library, "_ZN2at13globalContextEv");
        var setUserEnabledNnpack = (delegate* unmanaged<nint, byte, void>)NativeLibrary.GetExport(library, "_ZN2at7Context20setUserEnabledNNPACKEb");
        var userEnabledNnpack = (delegate* unmanaged<nint, byte>)NativeLibrary.GetExport(library, "_ZNK2at7Context17userEnabledNNPACKEv");
        nint context = globalContext();
        setUserEnabledNnpack(context, 0);
        if (userEnabledNnpack(context) != 0) throw new InvalidOperationException("LibTorch kept NNPACK enabled.");
    }
}
