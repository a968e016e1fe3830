#!/usr/bin/env bash
# Every figure of the summary table in docs/BENCHMARKS.md, in one run (about 10 minutes on an idle machine).
# The machine is shared: run it when nothing else does (the load average is printed before and after), and compare
# ratios within the run rather than absolute times across runs.
set -euo pipefail
cd "$(dirname "$0")/GenNet.Benchmarks"
dotnet build -c Release -v q -nologo > /dev/null
run() { echo; echo "\$ $*"; dotnet bin/Release/net10.0/GenNet.Benchmarks.dll "$@"; }
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
run bandwidth                 # L1/L2 read rate: the floor under batch-1 inference
DOTNET_TieredCompilation=0 run quick square   # GEMM GFLOP/s against the FMA peak measured alongside
run infer                     # GenNet vs ONNX Runtime, batch 1 and 1000, one thread each
run mlp-layers 1              # where the MLP's batch-1 time goes
run cnn-layers 1 fwd          # where the CNN's batch-1 time goes
run epochs "" 1               # seconds per Fashion-MNIST epoch, 1 and 2 threads
echo; echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
