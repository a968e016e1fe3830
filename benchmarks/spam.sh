#!/usr/bin/env bash
# The spam model's training epoch side by side: GenNet (samples/SpamClassifier's recipe: Embedding(MaskZero) ->
# Bidirectional(LSTM(32)) -> Dense(1, sigmoid), Adam, batch 32, 4,805 training mails) and the same recipe in PyTorch
# (benchmarks/reference/spam_torch.py, TIME_EPOCHS mode), in interleaved rounds, on THREADS threads each.
#   bash benchmarks/spam.sh [ROUNDS] [THREADS] [EPOCHS]   (defaults 3 rounds, 2 threads, 2 timed epochs per process and round)
# Every process runs one warm-up epoch, then EPOCHS timed ones (training only). Prints each peer's median s/epoch (wall
# and process CPU) and the ratio GenNet / PyTorch.
# Installs what it needs where missing (as root, via apt-get): python3-torch, python3-numpy, libopenblas0-pthread and
# the data sets; those are for this benchmark only, never GenNet dependencies. OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE
# are unset for the torch command only, as benchmarks/peers.sh does.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
threads=${2:-2}
epochs=${3:-2}

source benchmarks/peer-setup.sh

for round in $(seq 1 "$rounds"); do
  { "$bench" spam-epochs "$threads" "$epochs"
    (cd benchmarks/reference &&
      env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS="$threads" OMP_NUM_THREADS="$threads" TIME_EPOCHS="$threads" \
        /usr/bin/python3 spam_torch.py 1 "$epochs")
  } | grep '^RESULT ' | tee -a "$results" | sed "s/^/  round $round: /"
done

/usr/bin/python3 - "$results" "$threads" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1]) if line.startswith("RESULT")]
wall, cpu = {}, {}
for _, peer, _, _, w, c in rows:
    wall.setdefault(peer, []).append(float(w))
    cpu.setdefault(peer, []).append(float(c))
print(f"\n{'peer':7} {'threads':>7} {'median s/epoch':>15} {'CPU s/epoch':>12}  epochs (wall s)")
for peer in ("gennet", "torch"):
    if peer in wall:
        print(f"{peer:7} {sys.argv[2]:>7} {statistics.median(wall[peer]):15.3f} {statistics.median(cpu[peer]):12.3f}  "
              + " ".join(f"{t:.3f}" for t in wall[peer]))
if "gennet" in wall and "torch" in wall:
    print(f"\nspam epoch, {sys.argv[2]} thread(s): GenNet / PyTorch = {statistics.median(wall['gennet']) / statistics.median(wall['torch']):.3f} (wall), "
          f"{statistics.median(cpu['gennet']) / statistics.median(cpu['torch']):.3f} (CPU)")
PY
