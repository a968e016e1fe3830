#!/usr/bin/env bash
# Builds and runs the TorchSharp reference benchmark (benchmarks/reference/torchsharp), which is never part of GenNet.
#
#   bash benchmarks/reference/torchsharp.sh check                         how the native libraries load (see below)
#   bash benchmarks/reference/torchsharp.sh infer [mlp|cnn]               inference at batch 1 and 1000, one thread
#   bash benchmarks/reference/torchsharp.sh epochs [mlp|cnn] [N] [fraction]   Fashion-MNIST seconds per epoch
#   bash benchmarks/reference/torchsharp.sh --tuned infer|epochs ...        the same with glibc malloc and OpenMP tuned:
#     GLIBC_TUNABLES=glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=4000000000 keeps LibTorch's freed tensors in
#     the heap (by default every tensor over 32 MB is a fresh mmap, and each of its pages faults on first touch, which
#     is slow in this VM), and OMP_WAIT_POLICY=PASSIVE makes OpenMP's idle workers sleep instead of spinning for a core
#     that other processes hold. Both only for the app's process.
#
# Why the detour: TorchSharp-cpu 0.107.0 (LibTorch 2.10) ships libLibTorchSharp.so built with GCC 13+, which needs
# GLIBCXX_3.4.32 (std::ios_base_library_init); Debian 12's libstdc++ stops at 3.4.30. Debian 13's libstdc++
# (GCC 14) has it, but it needs glibc 2.38 (__isoc23_strtoul) and Debian 12 has 2.36, so pointing LD_LIBRARY_PATH at
# that libstdc++ alone fails too (`check` shows both errors). This script therefore downloads Debian 13's libc6,
# libstdc++6 and libgcc-s1 (pinned files, SHA-256 checked) into torchsharp/.native/ (git-ignored), unpacks them there
# with `dpkg-deb -x` (nothing is installed on the system) and starts `dotnet` under Debian 13's dynamic loader with
# those libraries first on its search path. Only this process sees them.
set -euo pipefail
tuned=0
if [ "${1:-}" = "--tuned" ]; then tuned=1; shift; fi
here=$(cd "$(dirname "$0")" && pwd)
project=$here/torchsharp
native=$project/.native
pool=http://deb.debian.org/debian/pool/main

# Debian 13 (trixie) amd64 packages: path in the pool, SHA-256 (from trixie's Packages index of 2026-12-05). If the
# mirror has replaced a file (a point release), take the new Filename and SHA256 from
# http://deb.debian.org/debian/dists/trixie/main/binary-amd64/Packages.xz.
debs=(
  "g/glibc/libc6_2.41-12+deb13u5_amd64.deb b59b0625cd1a791375d40dab23a4d5d3d0641e3d0a773501becdc3725b7f99cf"
  "g/gcc-14/libstdc++6_14.2.0-19_amd64.deb ab1fa05837aa7a92aae748fd07a18a35f7d18bb4a71c4724fe2bbf0e32089de0"
  "g/gcc-14/libgcc-s1_14.2.0-19_amd64.deb 3c71917b490d1a17aed43196a2787a256ecf060526cdb20216a74bedc061b150"
)

fetch_runtime() {
  mkdir -p "$native/debs"
  local stamp=$native/root/.unpacked entry path sum file
  local wanted=${debs[*]}
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then return; fi
  rm -rf "$native/root"
  mkdir -p "$native/root"
  for entry in "${debs[@]}"; do
    read -r path sum <<<"$entry"
    file=$native/debs/$(basename "$path")
    if ! echo "$sum  $file" | sha256sum --check --status 2>/dev/null; then
      echo "torchsharp.sh: downloading $pool/$path" >&2
      curl -sSf -o "$file.part" "$pool/$path"
      mv "$file.part" "$file"
      echo "$sum  $file" | sha256sum --check --status || { echo "torchsharp.sh: $file does not match its SHA-256" >&2; exit 1; }
    fi
    dpkg-deb -x "$file" "$native/root"
  done
  echo "$wanted" >"$stamp"
}

# The private loader runs the dotnet host, which finds hostfxr and the runtimes next to its own executable
# (/proc/self/exe, which is the loader) and refuses to run under a name other than `dotnet`. So the loader is copied,
# as `dotnet`, into a folder that links to the real installation's host/ and shared/.
make_dotnet_folder() {
  local dotnet_root
  dotnet_root=${DOTNET_ROOT:-$(dirname "$(readlink -f "$(command -v dotnet)")")}
  mkdir -p "$native/dotnet"
  cp "$libs/ld-linux-x86-64.so.2" "$native/dotnet/dotnet"
  ln -sfn "$dotnet_root/host" "$native/dotnet/host"
  ln -sfn "$dotnet_root/shared" "$native/dotnet/shared"
  real_dotnet=$dotnet_root/dotnet
}

fetch_runtime
libs=$native/root/usr/lib/x86_64-linux-gnu
make_dotnet_folder
dotnet build "$project/TorchSharpReference.csproj" -c Release -nologo -v quiet >&2
out=$project/bin/Release/net10.0
torchsharp_so=$out/runtimes/linux-x64/native/libLibTorchSharp.so

if [ "${1:-check}" = "check" ]; then
  echo "1. system libraries (Debian $(cat /etc/debian_version)): ldd $torchsharp_so"
  ldd "$torchsharp_so" 2>&1 | grep -E "not found|libstdc" | sed 's/^/   /' || true
  echo "2. LD_LIBRARY_PATH=<Debian 13 libstdc++ only>: (the system's glibc with the new libstdc++)"
  mkdir -p "$native/libstdcxx-only"
  cp -a "$libs"/libstdc++.so.6* "$native/libstdcxx-only/"
  LD_LIBRARY_PATH=$native/libstdcxx-only:$out/runtimes/linux-x64/native ldd "$torchsharp_so" 2>&1 | grep -E "not found|libstdc|libc\.so" | sed 's/^/   /' || true
  echo "3. Debian 13's loader and libraries (what this script runs): ld-linux-x86-64.so.2 --list"
  "$native/dotnet/dotnet" --library-path "$libs:$out/runtimes/linux-x64/native" --list "$torchsharp_so" | sed 's/^/   /'
  echo "4. the app, started that way:"
fi
if [ "$tuned" -eq 1 ]; then
  export GLIBC_TUNABLES=glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=4000000000 OMP_WAIT_POLICY=PASSIVE
fi
exec "$native/dotnet/dotnet" --library-path "$libs" "$real_dotnet" "$out/TorchSharpReference.dll" "$@"
