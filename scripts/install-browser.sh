#!/usr/bin/env bash
# Installs what the DigitDemo browser test needs, if missing (safe to run again):
#   - Debian's chromium (/usr/bin/chromium) and nodejs/npm, through apt-get
#   - npm playwright-core, at the version pinned in tests/GenNet.Demo.Tests/e2e/package-lock.json (npm ci)
# playwright-core drives the system chromium; it never downloads a browser of its own.
# Needs root only for apt-get; without root it prints the command to run and exits 1.
set -euo pipefail
cd "$(dirname "$0")/.."
e2e=tests/GenNet.Demo.Tests/e2e

apt_packages=()
[ -x /usr/bin/chromium ] || apt_packages+=(chromium)
command -v node >/dev/null 2>&1 || apt_packages+=(nodejs)
command -v npm >/dev/null 2>&1 || apt_packages+=(npm)

if [ ${#apt_packages[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-browser: needs root to install ${apt_packages[*]}; run:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${apt_packages[*]}" >&2
    exit 1
  fi
  echo "apt-get: installing ${apt_packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Another apt-get (a parallel install script) may hold the lock for a while: wait for it instead of failing.
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${apt_packages[@]}" >/dev/null
fi
/usr/bin/chromium --version

if [ -f "$e2e/node_modules/playwright-core/package.json" ] &&
   [ "$(node -p "require('./$e2e/node_modules/playwright-core/package.json').version")" = \
     "$(node -p "require('./$e2e/package-lock.json').packages['node_modules/playwright-core'].version")" ]; then
  echo "playwright-core: present in $e2e/node_modules"
else
  # PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: belt and braces, playwright-core has no install step that downloads.
  (cd "$e2e" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent)
  echo "playwright-core: installed $(node -p "require('./$e2e/node_modules/playwright-core/package.json').version") into $e2e/node_modules"
fi
