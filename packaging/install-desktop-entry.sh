#!/bin/sh
# Puts Canvass into this user's application menu (no root needed): copies the
# icon and writes a .desktop file whose Exec points at this bundle folder.
# Shipped in the bundle's top folder; run it again after moving the folder.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
share="${XDG_DATA_HOME:-$HOME/.local/share}"
mkdir -p "$share/applications" "$share/icons/hicolor/scalable/apps"
cp "$here/_internal/resources/canvass.svg" "$share/icons/hicolor/scalable/apps/canvass.svg"
sed -e "s|^Exec=.*|Exec=\"$here/canvass-app\"|" \
  "$here/_internal/resources/canvass.desktop" >"$share/applications/canvass.desktop"
echo "Canvass steht jetzt im Anwendungsmenü ($share/applications/canvass.desktop)."
