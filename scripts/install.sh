#!/usr/bin/env bash
# Installs what GenNet needs on a fresh Debian 12 machine: the .NET 10 SDK if dotnet is missing
# (Microsoft's Debian package feed is not reachable here, so this only checks and explains),
# then restores NuGet packages.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "dotnet not found: GenNet needs the .NET 10 SDK (10.0.100 or newer) on PATH." >&2
  exit 1
fi
sdk=$(dotnet --version)
case "$sdk" in
  10.*|1[1-9].*) ;;
  *) echo "GenNet needs the .NET 10 SDK or newer; found $sdk." >&2; exit 1 ;;
esac

dotnet restore GenNet.sln --verbosity quiet
