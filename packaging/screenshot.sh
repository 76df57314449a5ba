#!/usr/bin/env bash
# Start the bundled app on a virtual X screen (xcb, as on a desktop), type a
# search if xdotool is there, and save the whole screen as a PNG.
# Usage: packaging/screenshot.sh [OUT.png] [QUERY]   (needs xvfb-run, imagemagick)
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-build/bundle-screenshot.png}")
query=${2:-Glasfaser}
mkdir -p "$(dirname "$out")"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cat >"$scratch/inside.sh" <<INNER
#!/usr/bin/env bash
set -u
env HOME="$scratch/home" QT_QPA_PLATFORM=xcb dist/canvass/canvass-app >"$scratch/app.log" 2>&1 &
app=\$!
sleep 4
if command -v xdotool >/dev/null; then
  xdotool type --delay 40 "$query"
  sleep 2
fi
import -window root "$out"
kill \$app
INNER
chmod +x "$scratch/inside.sh"
xvfb-run -a -s "-screen 0 1280x860x24" "$scratch/inside.sh"
if [ -s "$scratch/app.log" ]; then echo "app output:"; cat "$scratch/app.log"; fi
echo "screenshot: $out"
