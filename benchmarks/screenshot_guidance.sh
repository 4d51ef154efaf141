#!/usr/bin/env bash
# The guidance page (veiledning.html) of the bundled catalogue, as a browser shows it:
# exported with pjd, then screenshots in headless Chromium at a desktop width (1280 px) and a
# phone width (390 px), and the page printed to PDF (A4, the print stylesheet). Needs the
# Debian package chromium; the test suite does not.
#
#   benchmarks/screenshot_guidance.sh                 # into /tmp/pjd-guidance, draft view, bokmål
#   benchmarks/screenshot_guidance.sh OUT approved en # another folder, view and language
#
# Each screenshot is the top WIDTH×HEIGHT pixels of the page (HEIGHT=2000 unless set).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
out="${1:-/tmp/pjd-guidance}"
view="${2:-draft}"
lang="${3:-nb}"
height="${HEIGHT:-2000}"
pjd="$root/.venv/bin/pjd"
[ -x "$pjd" ] || pjd="$(command -v pjd)"
browser="$(command -v chromium || command -v chromium-browser)"

mkdir -p "$out"
start=$(date +%s.%N)
"$pjd" export --view "$view" --lang "$lang" --out "$out" --only guidance-html
echo "export took $(echo "$(date +%s.%N) - $start" | bc) s"

shoot() {  # shoot ARGS…: one headless Chromium run with a profile of its own
  profile="$(mktemp -d)"
  "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --hide-scrollbars \
    --user-data-dir="$profile" "$@" >/dev/null 2>&1
  rm -rf "$profile"
}

page="file://$out/veiledning.html"
for width in 1280 390; do
  shoot --window-size="$width,$height" --screenshot="$out/p$width.png" "$page"
  echo "wrote $out/p$width.png"
done
shoot --no-pdf-header-footer --print-to-pdf="$out/veiledning.pdf" "$page"
echo "wrote $out/veiledning.pdf"
