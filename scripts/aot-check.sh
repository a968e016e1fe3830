#!/usr/bin/env bash
# NativeAOT deployment check for samples/AotInference (run by tests/GenNet.Package.Tests, hence by CI):
#   1. weights: $GENNET_AOT_WEIGHTS if set, else one epoch of samples/MnistCnn on Fashion-MNIST (~30 s of training);
#   2. publishes AotInference twice with PublishAot=true: IlcInstructionSet=x86-64-v4 (AVX-512/AVX2 kernels) and the
#      baseline x64 instruction set (the kernels' Vector512/Vector256 fallbacks), failing on any trim/AOT warning;
#   3. publishes the baseline build a second time with the weights compiled in (-p:EmbeddedWeights, [EmbeddedWeights]),
#      run without any weight file;
#   4. quantizes the weights to int8 with the baseline binary (--quantize-to: QuantizedModel.Save) and publishes the
#      baseline build once more with that file compiled in as a resource (-p:QuantizedWeights), run with --int8-compiled;
#   5. builds the same program for the JIT;
#   6. runs them (and the baseline and JIT builds once more with --imported: a PyTorch ONNX export compiled in by
#      [OnnxModel]) on the Fashion-MNIST test set and checks every prediction agrees (all argmaxes equal, every
#      probability within 1e-5; the embedded-weights build bit for bit with the baseline build that loads the file);
#      where ../shared/keras-files/mnist_cnn_legacy.h5 is beside the clone, the baseline and JIT builds also run --keras
#      (the Keras file read by LoadKeras, checked bit for bit against its [KerasModel] import) on the MNIST digits.
#      The v4 binary runs only where the CPU has AVX-512 (F, BW, CD, DQ, VL). The int8 build: compiled-in file bit for bit
#      with the same binary loading the file, and within 1e-5 of the JIT running the file (all argmaxes equal).
# Prints sizes, start-up to first prediction and batch-1 latency per build; ends with "aot-check: OK" or exits non-zero.
# Environment: AOT_CHECK_OUT (keep artifacts there; default a temporary folder, deleted), AOT_CHECK_COUNT (test images,
# default 10000), AOT_CHECK_RUNS (latency calls, default 3000).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0
if [ -n "${AOT_CHECK_OUT:-}" ]; then
  mkdir -p "$AOT_CHECK_OUT"; out=$(cd "$AOT_CHECK_OUT" && pwd)
else
  out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
fi
count=${AOT_CHECK_COUNT:-10000}
runs=${AOT_CHECK_RUNS:-3000}
build_flags=(-c Release -nodeReuse:false -p:UseSharedCompilation=false)
fail() { echo "aot-check: FAILED: $*" >&2; exit 1; }
step() { echo "== $* ($(date +%T))"; }

weights=${GENNET_AOT_WEIGHTS:-}
if [ -z "$weights" ]; then
  weights=$out/cnn.safetensors
  step "training MnistCnn for 1 epoch"
  dotnet run -c Release --property:UseSharedCompilation=false --project samples/MnistCnn -- --epochs 1 --weights "$weights" > "$out/train.log" 2>&1 \
    || { cat "$out/train.log"; fail "training"; }
  tail -n 1 "$out/train.log"
fi
[ -s "$weights" ] || fail "no weights at $weights"

publish() { # name, extra msbuild properties...
  local name=$1; shift
  step "publishing AotInference ($name)"
  dotnet publish samples/AotInference "${build_flags[@]}" --ucr -o "$out/$name" "$@" > "$out/publish-$name.log" 2>&1 \
    || { cat "$out/publish-$name.log"; fail "publish $name"; }
  if grep -E ': warning [A-Z]+[0-9]+' "$out/publish-$name.log"; then fail "publish $name reported warnings"; fi
  [ -x "$out/$name/AotInference" ] || fail "no native binary in $out/$name"
}
publish aot-v4 -p:IlcInstructionSet=x86-64-v4
publish aot-baseline -p:AotBaseline=true
publish aot-embedded -p:AotBaseline=true -p:EmbeddedWeights="$weights"

step "quantizing the weights to int8 (QuantizedModel.Save, under NativeAOT)"
"$out/aot-baseline/AotInference" --weights "$weights" --quantize-to "$out/cnn_int8.safetensors" > "$out/quantize.log" 2>&1 \
  || { cat "$out/quantize.log"; fail "quantize"; }
cat "$out/quantize.log"
publish aot-int8 -p:AotBaseline=true -p:QuantizedWeights="$out/cnn_int8.safetensors"

step "building AotInference for the JIT"
dotnet build samples/AotInference "${build_flags[@]}" -o "$out/jit" > "$out/build-jit.log" 2>&1 \
  || { cat "$out/build-jit.log"; fail "JIT build"; }
if grep -E ': warning [A-Z]+[0-9]+' "$out/build-jit.log"; then fail "JIT build reported warnings"; fi

run_variant() { # name, command...
  local name=$1; shift
  step "running $name"
  "$@" --count "$count" --runs "$runs" --dump "$out/$name.bin" --launched-at-ns "$(date +%s%N)" \
    > "$out/run-$name.log" 2>&1 || { cat "$out/run-$name.log"; fail "run $name"; }
  cat "$out/run-$name.log"
  tail -n 1 "$out/run-$name.log" | grep -qE '^accuracy: [0-9.]+$' || fail "$name: last line is not 'accuracy: X'"
}

has_avx512=0
if grep -qw avx512f /proc/cpuinfo && grep -qw avx512bw /proc/cpuinfo && grep -qw avx512cd /proc/cpuinfo \
   && grep -qw avx512dq /proc/cpuinfo && grep -qw avx512vl /proc/cpuinfo; then has_avx512=1; fi

run_variant aot-baseline "$out/aot-baseline/AotInference" --weights "$weights"
# No weight file anywhere near it: the binary must use the weights compiled into it.
mkdir -p "$out/embedded-run" && cp "$out/aot-embedded/AotInference" "$out/embedded-run/"
(cd "$out/embedded-run" && run_variant aot-embedded ./AotInference)
grep -q '^weights: compiled in (mnist_cnn.safetensors, sha256 '"$(sha256sum "$weights" | cut -d' ' -f1)"')$' "$out/run-aot-embedded.log" \
  || fail "aot-embedded did not report the compiled-in weights of $weights"
run_variant jit dotnet "$out/jit/AotInference.dll" --weights "$weights"
mkdir -p "$out/int8-run" && cp "$out/aot-int8/AotInference" "$out/int8-run/"
(cd "$out/int8-run" && run_variant aot-int8 ./AotInference --int8-compiled)
grep -q '^weights: int8 compiled in (mnist_cnn_int8.safetensors' "$out/run-aot-int8.log" || fail "aot-int8 did not report the compiled-in int8 weights"
run_variant aot-int8-file "$out/aot-int8/AotInference" --int8 "$out/cnn_int8.safetensors"
run_variant jit-int8 dotnet "$out/jit/AotInference.dll" --int8 "$out/cnn_int8.safetensors"
accuracy_of() { tail -n 1 "$out/run-$1.log" | cut -d' ' -f2; }
awk -v a="$(accuracy_of aot-baseline)" -v b="$(accuracy_of aot-int8)" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 0.005) }' \
  || fail "int8 accuracy $(accuracy_of aot-int8) is more than 0.5 points from fp32's $(accuracy_of aot-baseline)"
if [ "$has_avx512" -eq 1 ]; then
  run_variant aot-v4 "$out/aot-v4/AotInference" --weights "$weights"
else
  echo "aot-check: this CPU lacks AVX-512; the x86-64-v4 binary was published but is not run"
fi

# The same architecture imported from a PyTorch ONNX file ([OnnxModel], compiled in): AOT and JIT must agree too.
run_variant aot-imported "$out/aot-baseline/AotInference" --imported
run_variant jit-imported dotnet "$out/jit/AotInference.dll" --imported
grep -q '^weights: compiled in from mnist_cnn_torch.onnx' "$out/run-aot-imported.log" || fail "aot-imported did not report the imported model"

# The Keras reader at run time and a [KerasModel] class (both in the same publish), where the shared Keras file exists.
keras_file="$repo/../shared/keras-files/mnist_cnn_legacy.h5"
if [ -f "$keras_file" ]; then
  [ -f "$out/aot-baseline/mnist_cnn_legacy.h5" ] || fail "the Keras file was not published beside AotInference"
  run_variant aot-keras "$out/aot-baseline/AotInference" --keras
  run_variant jit-keras dotnet "$out/jit/AotInference.dll" --keras
  grep -q '^weights: LoadKeras(mnist_cnn_legacy.h5) at run time; equal bit for bit to the compiled-in \[KerasModel\]' "$out/run-aot-keras.log" \
    || fail "aot-keras did not report LoadKeras agreeing with the [KerasModel] import"
else
  echo "aot-check: no $keras_file beside the clone; the LoadKeras / [KerasModel] run is skipped"
fi

step "comparing predictions"
compare="$out/aot-baseline/AotInference"
"$compare" --compare "$out/aot-baseline.bin" "$out/jit.bin" --tolerance 1e-5 || fail "baseline AOT and JIT predictions differ"
"$compare" --compare "$out/aot-embedded.bin" "$out/aot-baseline.bin" --tolerance 0 || fail "compiled-in weights predict differently from the loaded file"
if [ "$has_avx512" -eq 1 ]; then
  "$compare" --compare "$out/aot-v4.bin" "$out/aot-baseline.bin" --tolerance 1e-5 || fail "v4 and baseline AOT predictions differ"
  "$compare" --compare "$out/aot-v4.bin" "$out/jit.bin" --tolerance 1e-5 || fail "v4 AOT and JIT predictions differ"
fi
"$compare" --compare "$out/aot-int8.bin" "$out/aot-int8-file.bin" --tolerance 0 || fail "compiled-in int8 weights predict differently from the loaded int8 file"
"$compare" --compare "$out/aot-int8.bin" "$out/jit-int8.bin" --tolerance 1e-5 || fail "the int8 model predicts differently under AOT and JIT"
"$compare" --compare "$out/aot-imported.bin" "$out/jit-imported.bin" --tolerance 1e-5 || fail "the imported model predicts differently under AOT and JIT"
if [ -f "$out/aot-keras.bin" ]; then
  "$compare" --compare "$out/aot-keras.bin" "$out/jit-keras.bin" --tolerance 1e-5 || fail "the Keras model predicts differently under AOT and JIT"
fi

echo
printf '%-14s %12s %22s %18s %10s\n' build "binary (MB)" "start-up to 1st (ms)" "batch-1 median (us)" accuracy
for name in aot-v4 aot-baseline aot-embedded aot-int8 jit jit-int8; do
  [ -f "$out/run-$name.log" ] || continue
  if [ "$name" = jit ] || [ "$name" = jit-int8 ]; then
    # The app's own assemblies (the shared runtime is extra; `build -o` also drops the generator there, which never loads).
    size=$(find "$out/jit" -name '*.dll' ! -name 'GenNet.Generator.dll' -printf '%s\n' | awk '{ s += $1 } END { print s }')
  else
    size=$(stat -c %s "$out/$name/AotInference")
  fi
  startup=$(sed -nE 's/^start-up to first prediction .*: ([0-9.]+) ms$/\1/p' "$out/run-$name.log")
  median=$(sed -nE 's/^batch-1 latency .*median ([0-9.]+) us.*$/\1/p' "$out/run-$name.log")
  accuracy=$(tail -n 1 "$out/run-$name.log" | cut -d' ' -f2)
  printf '%-14s %12.2f %22s %18s %10s\n' "$name" "$(awk -v s="$size" 'BEGIN { print s / 1048576 }')" "$startup" "$median" "$accuracy"
done
echo "aot-check: OK"
