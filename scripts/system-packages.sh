#!/usr/bin/env bash
# Installs the Debian packages Kompeten needs when they are missing.
#   scripts/system-packages.sh            what `make run` needs (Pango and fonts for WeasyPrint, gettext, venv)
#   scripts/system-packages.sh --browser  also Chromium, for the browser tests of `make test`
# As root it uses apt-get; otherwise `sudo -n apt-get` when that works; otherwise it prints the exact
# command to run and stops with status 1.
set -euo pipefail

python=${PYTHON:-python3}
wanted=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext)
# Debian's Python makes virtual environments only with pythonX.Y-venv: try one where .venv is not made yet.
probe=$(mktemp -d)
if [ ! -x .venv/bin/python ] && ! "$python" -m venv "$probe/venv" >/dev/null 2>&1; then
  version=$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
  wanted+=("python${version}-venv")
fi
rm -rf "$probe"
if [ "${1:-}" = "--browser" ]; then
  wanted+=(chromium)
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "Not a Debian system: make sure these (or their equivalents) are installed: ${wanted[*]}" >&2
  exit 0
fi

missing=()
for package in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
else
  echo "Kompeten needs these system packages: ${missing[*]}" >&2
  echo "Install them, then run make again:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}"
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
