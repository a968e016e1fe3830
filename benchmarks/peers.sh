#!/usr/bin/env bash
# Training epochs side by side: GenNet, PyTorch (on OpenBLAS) and the from-scratch NumPy MLP, for the seed MLP
# (SGD 0.5, batch 100) and CNN (Adam, batch 128) on Fashion-MNIST, on 1 and 2 threads, in interleaved rounds.
#   bash benchmarks/peers.sh [ROUNDS] [EPOCHS]      (defaults 3 rounds, 2 timed epochs per process and round)
# Every process runs one warm-up epoch, then EPOCHS timed ones. Prints each peer's median s/epoch (wall and process CPU),
# the ratio GenNet / best peer, and per round whether GenNet's 2 threads beat its 1 thread.
# Installs what it needs where missing (as root, via apt-get): python3-torch, python3-numpy, libopenblas0-pthread and
# the data sets. Those are for this benchmark only, never GenNet dependencies.
# OpenBLAS: OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are unset for the peers' commands only, so OpenBLAS picks the kernels
# for this CPU. Debian 12's OpenBLAS (0.3.21) does not recognise every AVX-512 CPU (seen here: an Intel Xeon VM it took
# for a 'Prescott', SSE3 only); when the CPU has AVX-512 and OpenBLAS' own choice is not an AVX-512 kernel set, the
# script sets OPENBLAS_CORETYPE=SkylakeX (its AVX-512 SGEMM) for the peers and says so. The 'BLAS' lines show what loaded.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
epochs=${2:-2}

source benchmarks/peer-setup.sh

corename='import ctypes; l = ctypes.CDLL("libopenblas.so.0"); l.openblas_get_corename.restype = ctypes.c_char_p; print(l.openblas_get_corename().decode())'
detected=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 -c "$corename")
coretype=()
if grep -qw avx512f /proc/cpuinfo && ! [[ $detected =~ ^(SkylakeX|Cooperlake|SapphireRapids)$ ]]; then
  coretype=(OPENBLAS_CORETYPE=SkylakeX)
  echo "OpenBLAS detected '$detected' on a CPU with AVX-512: the peers run with OPENBLAS_CORETYPE=SkylakeX"
else
  echo "OpenBLAS detected '$detected': the peers use it (OPENBLAS_CORETYPE unset; Zen is AVX2 only in this OpenBLAS)"
fi

peer() { # peer model threads
  (cd benchmarks/reference &&
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "${coretype[@]}" OPENBLAS_NUM_THREADS="$3" OMP_NUM_THREADS="$3" \
      /usr/bin/python3 peer_epochs.py "$2" "$1" "$3" "$epochs")
}

gennet() { # model threads: the harness's row is "model threads chunk median cpu-median epoch-walls..."
  GENNET_EPOCH_THREADS="$2" "$bench" epochs "$1" "$epochs" |
    awk -v m="$1" '$1 == m { for (i = 6; i <= NF; i++) printf "RESULT gennet %s %s %s %s\n", $1, $2, $i, $5 }'
}

for round in $(seq 1 "$rounds"); do
  for model in mlp cnn; do
    for threads in 1 2; do
      { gennet "$model" "$threads"
        peer torch "$model" "$threads"
        if [ "$model" = mlp ]; then peer numpy "$model" "$threads"; fi
      } | sed "s/^RESULT /RESULT $round /" | tee -a "$results" | grep -E '^BLAS' | sort -u | sed "s/^/  /" || true
    done
  done
  echo "round $round of $rounds done"
done

/usr/bin/python3 - "$results" <<'EOF'
import statistics, sys
from collections import defaultdict
rows = [line.split() for line in open(sys.argv[1]) if line.startswith("RESULT")]
wall, cpu, by_round = defaultdict(list), defaultdict(list), defaultdict(list)
for _, rnd, peer, model, threads, w, c in rows:
    wall[model, int(threads), peer].append(float(w))
    cpu[model, int(threads), peer].append(float(c))
    if peer == "gennet":
        by_round[model, int(rnd), int(threads)].append(float(w))
print(f"\n{'model':6} {'threads':>7} {'peer':7} {'median s/epoch':>15} {'CPU s/epoch':>12}  epochs")
for key in sorted(wall):
    print(f"{key[0]:6} {key[1]:>7} {key[2]:7} {statistics.median(wall[key]):15.3f} {statistics.median(cpu[key]):12.3f}  "
          + " ".join(f"{t:.3f}" for t in wall[key]))
print()
for model in ("mlp", "cnn"):
    for threads in (1, 2):
        g = wall.get((model, threads, "gennet"))
        peers = {p: statistics.median(v) for (m, t, p), v in wall.items() if m == model and t == threads and p != "gennet"}
        if not g or not peers:
            continue
        best = min(peers, key=peers.get)
        print(f"{model} {threads} thread(s): GenNet / best peer ({best}) = {statistics.median(g) / peers[best]:.3f}")
    rounds = sorted({r for (m, r, _) in by_round if m == model})
    wins = [statistics.median(by_round[model, r, 2]) < statistics.median(by_round[model, r, 1]) for r in rounds]
    cpu_ratio = statistics.median(cpu[model, 2, "gennet"]) / statistics.median(cpu[model, 1, "gennet"])
    print(f"{model}: GenNet 2 threads beat 1 thread in {sum(wins)} of {len(wins)} rounds; "
          f"CPU s/epoch 2 threads / 1 thread = {cpu_ratio:.2f}")
EOF
