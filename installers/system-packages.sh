#!/usr/bin/env bash
# Install the Debian/Ubuntu packages Homeward needs that this machine lacks; nothing else.
#
#   bash installers/system-packages.sh           what the program needs (Qt's libraries, a CJK font)
#   bash installers/system-packages.sh --tests   that, and what the test suite uses too
#
# Quiet and quick when everything is there (no apt-get update, no root needed);
# otherwise runs apt-get as root, through sudo when not root. Does nothing on a
# system without apt-get and dpkg (other distributions, Windows, macOS).
set -euo pipefail

# Qt offscreen and under X (xcb), a Chinese font; libcups2 for printing. "a|b": either
# will do (Debian 13 and Ubuntu 24.04 renamed some libraries with a t64 suffix).
program=(
  "libglib2.0-0t64|libglib2.0-0" "libcups2t64|libcups2"
  libegl1 libgl1 libfontconfig1 libfreetype6 libdbus-1-3
  libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1
  libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-randr0
  fonts-wqy-microhei
)
# The suite: PDF tools, a virtual display, a print queue, a FAT32 stick image, age,
# the validators of the Linux desktop entry and AppStream file, strip (binutils)
# for the bundle CI builds, and LibreOffice Calc (no GUI), which opens an exported .xlsx.
tests=(
  poppler-utils xvfb cups printer-driver-cups-pdf dosfstools fusefat age
  appstream desktop-file-utils binutils libreoffice-calc-nogui
)

wanted=("${program[@]}")
case "${1:-}" in
  --tests) wanted+=("${tests[@]}") ;;
  "") ;;
  *) echo "usage: $0 [--tests]" >&2; exit 2 ;;
esac

command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1 || exit 0

# The venv module of the system's python3 is a package of its own on Debian/Ubuntu.
if [ "$(command -v python3 || true)" = /usr/bin/python3 ] \
  && ! python3 -c 'import ensurepip' >/dev/null 2>&1; then
  wanted+=(python3-venv)
fi

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}
missing=()
for choice in "${wanted[@]}"; do
  found=no
  for package in ${choice//|/ }; do
    if installed "$package"; then found=yes; break; fi
  done
  [ "$found" = yes ] || missing+=("$choice")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing the system packages Homeward needs: ${missing[*]//|/ or }" >&2
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 \
    || { echo "Run this as root (no sudo here): $0 $*" >&2; exit 1; }
  as_root=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
# Of "a|b", the first name this distribution has.
names=()
for choice in "${missing[@]}"; do
  pick=${choice%%|*}
  for package in ${choice//|/ }; do
    if apt-cache show "$package" >/dev/null 2>&1; then pick=$package; break; fi
  done
  names+=("$pick")
done
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -qq --no-install-recommends "${names[@]}" >/dev/null
