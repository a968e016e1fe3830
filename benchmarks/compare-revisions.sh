#!/usr/bin/env bash
# The summary figures of run-summary.sh for two revisions side by side, in one run: each workload runs on the base
# revision and then on the working tree, back to back, so both see the same machine load. Compare the ratios.
#   bash benchmarks/compare-revisions.sh <base-revision> [workload...]
# Workloads default to "infer" and "epochs". The base is built in a git worktree beside the repository (so ../shared
# is beside it too) and removed afterwards.
set -euo pipefail
base="${1:?usage: compare-revisions.sh <base-revision> [workload...]}"; shift
workloads=("$@"); [ ${#workloads[@]} -gt 0 ] || workloads=(infer epochs)
repo="$(cd "$(dirname "$0")/.." && pwd)"
tree="$repo/../gennet-base-$(git -C "$repo" rev-parse --short "$base")"
cleanup() { git -C "$repo" worktree remove --force "$tree" 2>/dev/null || true; }
trap cleanup EXIT
git -C "$repo" worktree add --detach -f "$tree" "$base" > /dev/null
for side in "$tree" "$repo"; do dotnet build "$side/benchmarks/GenNet.Benchmarks" -c Release -v q -nologo > /dev/null; done
run() {
  local side="$1" label="$2"; shift 2
  echo; echo "[$label] \$ $*"
  (cd "$side/benchmarks/GenNet.Benchmarks" && dotnet bin/Release/net10.0/GenNet.Benchmarks.dll "$@")
}
echo "base $(git -C "$repo" rev-parse --short "$base"), head $(git -C "$repo" rev-parse --short HEAD)$(git -C "$repo" diff --quiet || echo ' + uncommitted changes')"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for workload in "${workloads[@]}"; do
  case "$workload" in
    epochs) args=(epochs "" 1) ;;
    mlp-layers) args=(mlp-layers 1) ;;
    cnn-layers) args=(cnn-layers 1 fwd) ;;
    *) args=("$workload") ;;
  esac
  run "$tree" base "${args[@]}"
  run "$repo" head "${args[@]}"
done
echo; echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
