#!/usr/bin/env bash
# Desktop smoke test: start the real Keel window (Wails, WebKitGTK) under Xvfb on a fresh
# data folder, wait for the window, check it has its icon, prove a round trip from the UI to
# Go (type an identity into the first-run dialog; Go writes identity.json), take a
# screenshot and check that it is not blank; then a menu shortcut (theme) reaches the UI, a
# second launch hands its file to the running window, and File › Quit remembers the
# window's geometry.
set -euo pipefail
BIN=$(realpath "${1:-build/bin/keel}")
OUT=${SMOKE_OUT:-build/smoke}
mkdir -p "$OUT"
OUT=$(realpath "$OUT")
DATA=$(mktemp -d)
trap 'rm -rf "$DATA"' EXIT
export BIN OUT DATA
export WEBKIT_DISABLE_DMABUF_RENDERER=1 WEBKIT_DISABLE_COMPOSITING_MODE=1 LIBGL_ALWAYS_SOFTWARE=1

# dbus-run-session: a session bus, which Wails' single-instance lock uses on Linux.
dbus-run-session -- xvfb-run -a -s "-screen 0 1280x820x24" bash -euo pipefail -c '
  "$BIN" --data "$DATA" >"$OUT/keel.log" 2>&1 &
  pid=$!
  trap "kill $pid 2>/dev/null || true" EXIT
  wid=""
  for i in $(seq 1 120); do
    wid=$(xdotool search --name "^Keel$" 2>/dev/null | head -n 1 || true)
    [ -n "$wid" ] && break
    kill -0 $pid 2>/dev/null || { echo "desktop smoke: keel exited early"; cat "$OUT/keel.log"; exit 1; }
    sleep 0.5
  done
  [ -n "$wid" ] || { echo "desktop smoke: no Keel window after 60 s"; cat "$OUT/keel.log"; exit 1; }
  echo "desktop smoke: window $wid is up"
  # The app icon (build/linux/icon-256.png, Wails linux Icon) is on the toplevel window.
  # GTK may set it just after the window maps (seen on a loaded machine): look again for up to 30 s.
  icon=""
  for i in $(seq 1 60); do
    for w in $(xdotool search --name "^Keel$" 2>/dev/null); do
      xprop -id "$w" _NET_WM_ICON 2>/dev/null | grep -q "CARDINAL" && icon=$w
    done
    [ -n "$icon" ] && break
    sleep 0.5
  done
  [ -n "$icon" ] || { echo "desktop smoke: the window has no icon (_NET_WM_ICON)"; exit 1; }
  # Wait until the UI has rendered (a rendered UI has hundreds of colours, a blank one a few).
  colours=0
  for i in $(seq 1 60); do
    import -window root "$OUT/desktop.png"
    colours=$(convert "$OUT/desktop.png" -format %k info:)
    [ "$colours" -gt 200 ] && break
    sleep 0.5
  done
  echo "desktop smoke: screenshot has $colours colours"
  [ "$colours" -gt 200 ] || { echo "desktop smoke: the window looks blank"; cat "$OUT/keel.log"; exit 1; }
  # Round trip: the first-run dialog has focus on the name field; type and submit.
  xdotool windowfocus --sync "$wid" 2>/dev/null || true
  sleep 1
  xdotool type --delay 40 "Smoke Tester"
  sleep 0.3
  xdotool key Return
  for i in $(seq 1 40); do
    [ -f "$DATA/identity.json" ] && break
    sleep 0.25
  done
  sleep 1
  import -window root "$OUT/desktop-after.png"
  if ! grep -q "Smoke Tester" "$DATA/identity.json" 2>/dev/null; then
    echo "desktop smoke: the UI did not reach Go (no identity.json written)"; cat "$OUT/keel.log"; exit 1
  fi
  echo "desktop smoke: UI -> Go round trip ok (identity.json written by the window)"
  # The native menu reaches the UI: View › Light or dark theme (Ctrl+Shift+L) turns it dark,
  # or light (the webview keeps the theme across runs); pressed again, it is as it was.
  light=$(convert "$OUT/desktop-after.png" -colorspace Gray -format "%[fx:int(mean*100)]" info:)
  xdotool windowfocus --sync "$wid" 2>/dev/null || true
  xdotool key ctrl+shift+l
  dark=$light diff=0
  for i in $(seq 1 20); do
    sleep 0.25
    import -window root "$OUT/desktop-menu.png"
    dark=$(convert "$OUT/desktop-menu.png" -colorspace Gray -format "%[fx:int(mean*100)]" info:)
    diff=$((light - dark)); diff=${diff#-}
    [ "$diff" -gt 30 ] && break
  done
  echo "desktop smoke: brightness $light% before the theme shortcut, $dark% after"
  xdotool key ctrl+shift+l
  sleep 0.5
  [ "$diff" -gt 30 ] || { echo "desktop smoke: the menu shortcut did not reach the UI"; cat "$OUT/keel.log"; exit 1; }
  # One instance: a second launch hands its file to this window and exits (status 1, Wails)
  # instead of opening a second window.
  touch "$DATA/handover.keelbundle"
  rc=0; timeout 20 "$BIN" --data "$DATA" "$DATA/handover.keelbundle" >"$OUT/keel-second.log" 2>&1 || rc=$?
  [ "$rc" != 124 ] || { echo "desktop smoke: a second launch opened a second window"; exit 1; }
  kill -0 $pid 2>/dev/null || { echo "desktop smoke: the first window died at the second launch"; exit 1; }
  sleep 1
  import -window root "$OUT/desktop-second.png"
  echo "desktop smoke: a second launch handed over its file and exited ($rc)"
  # File › Quit (Ctrl+Q) ends the program and remembers the window in window.json.
  xdotool key ctrl+q
  for i in $(seq 1 40); do kill -0 $pid 2>/dev/null || break; sleep 0.25; done
  kill -0 $pid 2>/dev/null && { echo "desktop smoke: Ctrl+Q did not quit"; exit 1; }
  grep -q "\"width\": 1280" "$DATA/window.json" 2>/dev/null || { echo "desktop smoke: no window.json after quitting"; cat "$OUT/keel.log"; exit 1; }
  echo "desktop smoke: Quit remembered the window: $(tr -d " \n" <"$DATA/window.json")"
'
echo "desktop smoke: passed; screenshots in $OUT"
