#!/usr/bin/env bash
# Times `gongjian build` against Hugo on the same generated reports.
#
#   benches/compare.sh                 # N = 1000 and 10000
#   benches/compare.sh 1000 10000 100000
#   RUNS=5 benches/compare.sh 1000
#
# For each N: generates the corpus twice with ../shared/bench/gen_corpus.py
# (--format gongjian for gongjian, --format hugo for Hugo with the peer site in
# ../shared/bench/hugo-site), does one warm-up build each, then RUNS (default 3)
# timed builds under /usr/bin/time -v in three ways, and prints the median wall
# time, median peak RSS, pages written and the Hugo/gongjian ratio for each:
#   fresh   - every run writes a new output folder with no build cache
#             (gongjian's .gongjian/ is removed before each run), and no
#             output is deleted until the end (as a CI job on a clean
#             checkout that restores no cache);
#   rebuild - the previous run's output is left in place (a writer's second build);
#   clean   - the output is emptied right before every run (as
#             ../shared/bench/run_peers.sh does).
# On this machine's ext4 (no journal) a file or folder created within a few
# minutes of a mass delete costs up to ~1 ms of kernel time: the allocator
# skips over every recently deleted inode of the group. "clean" measures
# mostly that (for both tools, per file written); "fresh" measures the tools,
# so every fresh run comes first, and after a large delete (an earlier run's
# work folder) wait ~5 minutes before timing. TMPDIR=/dev/shm puts the work
# folder on tmpfs, which has no such effect (and no disk at all).
# MODES="fresh clean" picks modes; KEEP=1 keeps the work folder.
# gongjian's build writes every report page with its charts and every campaign,
# project, county, tag and archive page, feeds and sitemap; Hugo's writes lists,
# pages, taxonomies and one feed (it has no charts).
# Needs: python3, hugo (apt install hugo), /usr/bin/time (apt install time).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
BENCH=${BENCH_DIR:-$(cd "$ROOT/../shared/bench" 2>/dev/null && pwd || true)}
[ -f "$BENCH/gen_corpus.py" ] || { echo "gen_corpus.py not found; set BENCH_DIR to shared/bench" >&2; exit 2; }
RUNS=${RUNS:-3}
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000 10000)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/gongjian-bench.XXXXXX")
if [ -z "${KEEP:-}" ]; then trap 'rm -rf "$WORK"' EXIT; else echo "keeping $WORK"; fi

(cd "$ROOT" && cargo build --release --quiet)  # honours CARGO_TARGET_DIR
GJ="${CARGO_TARGET_DIR:-$ROOT/target}/release/gongjian"
command -v hugo >/dev/null || { echo "hugo not installed (apt install hugo)" >&2; exit 2; }

# measure MODE NAME DIR OUTPUT_DIR COMMAND... -> prints "median min max rss_mib pages"
# The command gets the output folder as its last argument. MODE is fresh,
# rebuild or clean (see above).
measure() {
    local mode=$1 name=$2 dir=$3 out=$4; shift 4
    local i run_out
    [ "$mode" != clean ] || rm -rf "$out"
    for i in $(seq 0 "$RUNS"); do  # run 0 is the warm-up
        run_out=$out
        [ "$mode" != fresh ] || run_out="$out-fresh-$i"
        [ "$mode" != clean ] || rm -rf "$out"
        [ "$mode" != fresh ] || rm -rf "$dir/.gongjian"
        if ! (cd "$dir" && /usr/bin/time -v -o "$WORK/$name.time.$i" "$@" "$run_out" >"$WORK/$name.log" 2>&1); then
            echo "$name failed:" >&2; tail -20 "$WORK/$name.log" >&2; exit 1
        fi
    done
    out=$run_out
    local pages
    pages=$(find "$out" -name '*.html' | wc -l)
    python3 - "$WORK/$name.time" "$RUNS" "$pages" <<'PY'
import statistics as st, sys
base, runs, pages = sys.argv[1], int(sys.argv[2]), sys.argv[3]
wall, rss = [], []
for i in range(1, runs + 1):
    f = dict(l.strip().rsplit(": ", 1) for l in open(f"{base}.{i}") if ": " in l)
    secs = 0.0
    for part in f["Elapsed (wall clock) time (h:mm:ss or m:ss)"].split(":"):
        secs = secs * 60 + float(part)
    wall.append(secs)
    rss.append(int(f["Maximum resident set size (kbytes)"]) / 1024)
print(f"{st.median(wall):.3f} {min(wall):.3f} {max(wall):.3f} {st.median(rss):.0f} {pages}")
PY
}

for n in "${SIZES[@]}"; do
    python3 "$BENCH/gen_corpus.py" --posts "$n" --out "$WORK/gj-$n" --format gongjian >/dev/null
    python3 "$BENCH/gen_corpus.py" --posts "$n" --out "$WORK/hugo-$n-corpus" --format hugo >/dev/null
    cp -r "$BENCH/hugo-site" "$WORK/hugo-$n"
    ln -s "$WORK/hugo-$n-corpus/content" "$WORK/hugo-$n/content"
done
printf '%-18s %7s %4s %9s %8s %8s %8s %7s\n' tool N runs wall_med wall_min wall_max rss_MiB html
# Modes outside, sizes inside: every size's fresh runs come before anything
# this script deletes (see the ext4 note above).
for mode in ${MODES:-fresh rebuild clean}; do
    for n in "${SIZES[@]}"; do
        read -r gw gmin gmax grss gpages < <(measure $mode "gongjian-$n" "$WORK/gj-$n" "$WORK/gj-$n/public" "$GJ" build --output)
        read -r hw hmin hmax hrss hpages < <(measure $mode "hugo-$n" "$WORK/hugo-$n" "$WORK/hugo-$n/public" hugo --quiet -d)
        printf '%-18s %7s %4s %9s %8s %8s %8s %7s\n' "gongjian ($mode)" "$n" "$RUNS" "$gw" "$gmin" "$gmax" "$grss" "$gpages"
        printf '%-18s %7s %4s %9s %8s %8s %8s %7s\n' "hugo ($mode)" "$n" "$RUNS" "$hw" "$hmin" "$hmax" "$hrss" "$hpages"
        python3 -c "print(f'ratio ($mode) {$n:>9}  hugo/gongjian wall = {$hw/$gw:.2f}x   rss gongjian/hugo = {$grss/$hrss:.2f}')"
    done
done
