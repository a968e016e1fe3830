# Sourced by benchmarks/peers.sh and benchmarks/spam.sh (from the repository root): installs what the peers need where
# missing (as root, via apt-get: python3-torch, python3-numpy, libopenblas0-pthread; for the benchmarks only, never
# GenNet dependencies) and the data sets, builds the benchmark harness, and sets $bench (its executable) and $results
# (a temporary file, removed on exit).
missing=()
for package in python3-torch python3-numpy libopenblas0-pthread; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  apt-get install -y -q "${missing[@]}" >/dev/null
fi
bash scripts/install-data.sh >/dev/null

dotnet build benchmarks/GenNet.Benchmarks -c Release -v q -nologo >/dev/null
bench=benchmarks/GenNet.Benchmarks/bin/Release/net10.0/GenNet.Benchmarks
results=$(mktemp)
trap 'rm -f "$results"' EXIT
