#!/bin/sh
# Install Homeward from this unpacked folder, or upgrade an earlier install in place.
#
#   ./install.sh               for this user: ~/.local/opt/homeward, a menu entry, homeward on the PATH
#   sudo ./install.sh          for everyone: /opt/homeward, /usr/local/bin, /usr/local/share
#   ./install.sh --uninstall   remove the program (as it was installed: the same user, or root)
#
# The records are never touched: they live in each user's data folder
# (~/.local/share/Homeward), which neither an upgrade nor --uninstall changes.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
id=org.homeward.Homeward
if [ "$(id -u)" -eq 0 ]; then
  prefix=/opt/homeward bin=/usr/local/bin share=/usr/local/share
else
  prefix=$HOME/.local/opt/homeward bin=$HOME/.local/bin share=${XDG_DATA_HOME:-$HOME/.local/share}
fi
shared_files="applications/$id.desktop metainfo/$id.metainfo.xml
  icons/hicolor/256x256/apps/homeward.png icons/hicolor/scalable/apps/homeward.svg"

refresh_menus() {
  command -v update-desktop-database >/dev/null 2>&1 \
    && update-desktop-database "$share/applications" 2>/dev/null || true
  command -v gtk-update-icon-cache >/dev/null 2>&1 \
    && gtk-update-icon-cache -q -t "$share/icons/hicolor" 2>/dev/null || true
}

case "${1:-}" in
  --uninstall)
    rm -rf "$prefix"
    rm -f "$bin/homeward" "$bin/homeward-gui"
    for file in $shared_files; do rm -f "$share/$file"; done
    refresh_menus
    echo "Homeward is removed. The records are still in the data folder."
    exit 0 ;;
  "") ;;
  *) echo "usage: $0 [--uninstall]" >&2; exit 2 ;;
esac

[ -x "$here/homeward-gui" ] || { echo "$here holds no Homeward bundle" >&2; exit 1; }
# The new version goes in beside the old one, then takes its place: an interrupted
# upgrade leaves the old version working. A running Homeward keeps its files open.
mkdir -p "$(dirname "$prefix")" "$bin"
rm -rf "$prefix.new" "$prefix.old"
cp -a "$here/." "$prefix.new"
[ ! -e "$prefix" ] || mv "$prefix" "$prefix.old"
mv "$prefix.new" "$prefix"
rm -rf "$prefix.old"

ln -sf "$prefix/homeward-gui" "$bin/homeward-gui"
ln -sf "$prefix/homeward-gui" "$bin/homeward"
for file in $shared_files; do
  mkdir -p "$(dirname "$share/$file")"
  cp "$here/share/$file" "$share/$file"
done
# The menu entry starts this copy even where ~/.local/bin is not on the PATH.
sed -i "s|^Exec=.*|Exec=$prefix/homeward-gui|" "$share/applications/$id.desktop"
refresh_menus
echo "Homeward $("$prefix/homeward" --version | cut -d' ' -f2) is installed in $prefix."
echo "Start it from the applications menu (Office), or with: $bin/homeward-gui"
