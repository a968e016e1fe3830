#!/usr/bin/env bash
# Measures what docs/DEPLOYMENT.md reports, in one session, from the builds scripts/aot-check.sh left in $1
# (run it first with AOT_CHECK_OUT=DIR): binary size, start-up to first prediction and batch-1 latency of the
# NativeAOT x86-64-v4 build, the NativeAOT baseline build, the JIT build run as `dotnet AotInference.dll`, and the JIT
# build started through `dotnet run -c Release --no-build`, and the NativeAOT baseline build with the weights compiled in
# (aot-embedded, run without --weights). Each build runs REPEATS times (default 5), interleaved; the table gives medians
# over those runs. BUILDS (third argument, e.g. "aot-baseline aot-embedded") limits the builds measured.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: aot-measure.sh AOT_CHECK_OUT_DIR [REPEATS] [BUILDS]}
repeats=${2:-5}
weights=$out/cnn.safetensors
args=(--count 2000 --warmup 1000 --runs 5000)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

run() { # name
  case $1 in
    aot-v4|aot-baseline) "$out/$1/AotInference" --weights "$weights" "${args[@]}" --launched-at-ns "$(date +%s%N)" ;;
    aot-embedded) "$out/$1/AotInference" "${args[@]}" --launched-at-ns "$(date +%s%N)" ;;
    jit) dotnet "$out/jit/AotInference.dll" --weights "$weights" "${args[@]}" --launched-at-ns "$(date +%s%N)" ;;
    dotnet-run) dotnet run -c Release --no-build --project samples/AotInference -- --weights "$weights" "${args[@]}" --launched-at-ns "$(date +%s%N)" ;;
  esac
}
names=(aot-v4 aot-baseline aot-embedded jit dotnet-run)
grep -qw avx512f /proc/cpuinfo || names=(aot-baseline aot-embedded jit dotnet-run)
if [ -n "${3:-}" ]; then read -r -a names <<< "$3"; fi
if [[ " ${names[*]} " == *" dotnet-run "* ]]; then
  dotnet build samples/AotInference -c Release --nologo -v quiet > /dev/null # what `dotnet run --no-build` runs
fi
declare -A startup latency model
for ((r = 0; r < repeats; r++)); do
  for name in "${names[@]}"; do
    log=$(run "$name")
    startup[$name]+="$(sed -nE 's/^start-up to first prediction .*: ([0-9.]+) ms$/\1/p' <<< "$log") "
    latency[$name]+="$(sed -nE 's/^batch-1 latency .*median ([0-9.]+) us.*$/\1/p' <<< "$log") "
    model[$name]+="$(sed -nE 's/^model \+ weights \+ first prediction: ([0-9.]+) ms$/\1/p' <<< "$log") "
  done
done
median() { tr ' ' '\n' | grep . | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
printf '| build | binary | start-up to first prediction (ms) | of which model + weights + first prediction (ms) | batch-1 latency, median (us) | runs (start-up ms) |\n|---|---|---|---|---|---|\n'
for name in "${names[@]}"; do
  case $name in
    aot-*) size="$(awk -v s="$(stat -c %s "$out/$name/AotInference")" 'BEGIN { printf "%.2f MB", s / 1048576 }')" ;;
    *) size="$(find "$out/jit" -name '*.dll' ! -name 'GenNet.Generator.dll' -printf '%s\n' | awk '{ s += $1 } END { printf "%.2f MB", s / 1048576 }') + shared runtime" ;;
  esac
  printf '| %s | %s | %s | %s | %s | %s|\n' "$name" "$size" "$(median <<< "${startup[$name]}")" "$(median <<< "${model[$name]}")" "$(median <<< "${latency[$name]}")" "${startup[$name]}"
done
