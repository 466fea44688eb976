#!/usr/bin/env bash
# Build the Linux bundle from the repository root's sources:
#
#   installers/build-linux.sh            ->  dist/homeward-VERSION-linux-x86_64.tar.gz
#                                            dist/homeward_VERSION_amd64.deb
#   installers/build-linux.sh --no-deb   the tar.gz only
#   PYTHON=python3.12 installers/build-linux.sh     the Python to build with (3.12 or newer)
#
# The build tools (PyInstaller, requirements-build.lock) live in .venv-build, made once
# and again when the lock changes. The bundle itself is build/dist/homeward/:
# homeward-gui (the program), homeward (a link to it, for the command line) and _internal/.
set -euo pipefail
cd "$(dirname "$0")/.."

deb=yes
case "${1:-}" in
  --no-deb) deb=no ;;
  "") ;;
  *) echo "usage: $0 [--no-deb]" >&2; exit 2 ;;
esac
python=${PYTHON:-python3}
venv=.venv-build
lock_sum=$(sha256sum requirements-build.lock | cut -d' ' -f1)
if [ ! -x "$venv/bin/pyinstaller" ] || [ "$(cat "$venv/lock.sha256" 2>/dev/null)" != "$lock_sum" ]; then
  echo "Setting up $venv (PyInstaller and the program's libraries)" >&2
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/pip" install -q -r requirements-build.lock
  echo "$lock_sum" > "$venv/lock.sha256"
fi
version=$(PYTHONPATH=. "$venv/bin/python" -c 'import desktop; print(desktop.__version__)')

echo "Building Homeward $version with PyInstaller" >&2
"$venv/bin/pyinstaller" --noconfirm --log-level WARN \
  --distpath build/dist --workpath build/pyinstaller installers/homeward.spec
bundle=build/dist/homeward
mkdir -p dist

# Desktop integration files, as they go into share/: the entry, the software-centre
# metadata, the icon (PNG and SVG).
id=org.homeward.Homeward
desktop_files() {  # $1: folder to fill (share/ layout)
  install -Dm644 "installers/$id.desktop" "$1/applications/$id.desktop"
  install -Dm644 "installers/$id.metainfo.xml" "$1/metainfo/$id.metainfo.xml"
  install -Dm644 resources/icons/homeward.png "$1/icons/hicolor/256x256/apps/homeward.png"
  install -Dm644 resources/icons/app.svg "$1/icons/hicolor/scalable/apps/homeward.svg"
}

# The tar.gz: the bundle, its share/ files and install.sh (per user, or for everyone as root).
name=homeward-$version-linux-x86_64
stage=build/stage/$name
rm -rf build/stage
mkdir -p "$stage"
cp -a "$bundle/." "$stage/"
desktop_files "$stage/share"
install -m755 installers/install-linux.sh "$stage/install.sh"
tar -C build/stage --owner=0 --group=0 --numeric-owner -czf "dist/$name.tar.gz" "$name"
echo "dist/$name.tar.gz" >&2

[ "$deb" = yes ] || exit 0
command -v dpkg-deb >/dev/null 2>&1 || { echo "no dpkg-deb: the .deb is left out" >&2; exit 0; }
# The .deb: /opt/homeward, commands in /usr/bin, share/ files in /usr/share. The
# libraries every Debian/Ubuntu desktop has are not bundled (homeward.spec): they are
# its Depends (the t64 names are Debian 13's and Ubuntu 24.04's).
root=build/deb/homeward
rm -rf build/deb
mkdir -p "$root/DEBIAN" "$root/opt/homeward" "$root/usr/bin"
cp -a "$bundle/." "$root/opt/homeward/"
ln -s /opt/homeward/homeward-gui "$root/usr/bin/homeward-gui"
ln -s /opt/homeward/homeward-gui "$root/usr/bin/homeward"
desktop_files "$root/usr/share"
cat > "$root/DEBIAN/control" <<CONTROL
Package: homeward
Version: $version
Architecture: amd64
Section: misc
Priority: optional
Maintainer: Homeward team <homeward@localhost>
Installed-Size: $(du -sk "$root" | cut -f1)
Depends: libc6 (>= 2.34), libstdc++6, libgcc-s1, libglib2.0-0t64 | libglib2.0-0, libdbus-1-3,
 libfontconfig1, libfreetype6, libpng16-16t64 | libpng16-16, libegl1, libgl1, libx11-6,
 libx11-xcb1, libxcb1, libxcb-glx0, libxcb-randr0, libxcb-render0, libxcb-shape0, libxcb-shm0,
 libxcb-sync1, libxcb-xfixes0, libxcb-xkb1, libwayland-client0, libwayland-cursor0,
 libwayland-egl1, libcups2t64 | libcups2, libssl3t64 | libssl3, libzstd1
Recommends: fonts-wqy-microhei | fonts-noto-cjk
Description: intake desk of a minors' rescue and protection center
 Homeward (归途) registers the children who arrive at a minors' rescue and
 protection center, places them, traces their families, prints the official
 forms and makes encrypted backups on a USB stick. It works offline on one
 computer; the records stay in each user's data folder, which removing the
 package never touches.
CONTROL
dpkg-deb --root-owner-group -Zgzip --build "$root" "dist/homeward_${version}_amd64.deb" >/dev/null
echo "dist/homeward_${version}_amd64.deb" >&2
