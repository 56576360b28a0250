#!/usr/bin/env bash
# The browser tests of the default theme, from a clean machine:
#   1. installs Debian's Chromium, CJK fonts, Java (for vnu) and python3 when
#      they are missing, and the npm packages of this folder;
#   2. builds gongjian (release) and the bundled example site into a temp dir;
#   3. serves it on a free loopback port (python3 -m http.server), and a
#      second build under the sub-path /news/ on another port;
#   4. runs every *.mjs test in this folder with node's test runner
#      (pages at 360/1280 px with axe, links, keyboard/print, vnu, and any
#      other *.mjs dropped in here, e.g. the search tests).
# Tests see SITE_URL (served root, ends in "/"), SITE_DIR (the built folder),
# SUBPATH_SITE_URL (the /news/ build) and GONGJIAN_BIN (absolute path).
# Screenshots land in tests/browser/screenshots/ (git-ignored).
# Usage: tests/browser/run.sh [test-file.mjs ...]   (default: all *.mjs here)
#        GONGJIAN_BIN=target/release/gongjian tests/browser/run.sh   (no cargo build)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT"

# --- 1. system packages -------------------------------------------------------
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v python3 >/dev/null 2>&1 || need+=(python3)
command -v node >/dev/null 2>&1 || need+=(nodejs npm)
if ! { command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh family | grep -i 'Noto Sans CJK' >/dev/null; }; then
    need+=(fonts-noto-cjk fontconfig)
fi
if [ ${#need[@]} -gt 0 ]; then
    echo "== installing ${need[*]}"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# --- npm packages (playwright-core, axe-core, vnu-jar) ------------------------
if [ ! -f "$HERE/node_modules/.package-lock.json" ] || [ "$HERE/package-lock.json" -nt "$HERE/node_modules/.package-lock.json" ]; then
    # --ignore-scripts: vnu-jar ships its jar; its postinstall would try to fetch a JDK.
    echo "== npm ci (tests/browser)"
    (cd "$HERE" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi

# --- 2. build ------------------------------------------------------------------
# GONGJIAN_BIN=path skips the build and uses that binary (quick theme work:
# the bundled site reads the repo's themes/default, not the compiled-in copy).
BIN="${GONGJIAN_BIN:-}"
if [ -z "$BIN" ]; then
    echo "== cargo build --release"
    cargo build --release --quiet
    BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/gongjian"
fi
BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")"
export GONGJIAN_BIN="$BIN"   # tests that build sites of their own use the same binary
WORK="$(mktemp -d -t gongjian-browser.XXXXXX)"
SITE="$WORK/site"
SERVER_PIDS=()
cleanup() {
    for pid in "${SERVER_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT
echo "== building the example site into $SITE"
"$BIN" build --root "$ROOT" --output "$SITE"

# --- 3. serve --------------------------------------------------------------------
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
serve() { # serve DIR PORT: python's static server on loopback, its pid appended to SERVER_PIDS
    python3 -m http.server "$2" --bind 127.0.0.1 --directory "$1" >>"$WORK/server.log" 2>&1 &
    SERVER_PIDS+=("$!")
    for _ in $(seq 1 100); do
        if python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$2/', timeout=1)" 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    echo "the static server on port $2 did not start:" >&2; cat "$WORK/server.log" >&2; exit 1
}
PORT="$(free_port)"
serve "$SITE" "$PORT"
export SITE_URL="http://127.0.0.1:$PORT/" SITE_DIR="$SITE"
echo "== serving $SITE on $SITE_URL"

# The same site under a sub-path (base_url https://host/news/), to check that
# every link carries the base path.
SUB_PORT="$(free_port)"
mkdir -p "$WORK/sub"
"$BIN" build --root "$ROOT" --output "$WORK/sub/news" --base-url "http://127.0.0.1:$SUB_PORT/news/" >/dev/null
serve "$WORK/sub" "$SUB_PORT"
export SUBPATH_SITE_URL="http://127.0.0.1:$SUB_PORT/news/"
echo "== serving the sub-path build on $SUBPATH_SITE_URL"

# --- 4. tests --------------------------------------------------------------------
cd "$HERE"
if [ $# -gt 0 ]; then
    files=("$@")
else
    shopt -s nullglob
    files=(*.mjs)
fi
echo "== node --test ${files[*]}"
node --test --test-concurrency=1 "${files[@]}"
