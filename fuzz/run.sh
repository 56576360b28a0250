#!/usr/bin/env bash
# Runs each fuzz target for SECONDS (default 180), seeded from the example site
# and, for whole-site builds, from seeds/ (number and date extremes).
#   fuzz/run.sh [SECONDS]
# Needs cargo-fuzz (`cargo install cargo-fuzz`); on a stable toolchain it uses
# RUSTC_BOOTSTRAP=1 for the sanitizer flags.
set -euo pipefail
cd "$(dirname "$0")"
SECS=${1:-180}
mkdir -p corpus/front_matter corpus/markdown corpus/site_numbers
cp ../content/reports/*.md corpus/front_matter/
for f in ../content/campaigns/*.md; do cp "$f" "corpus/front_matter/campaign-$(basename "$f")"; done
cp ../content/reports/*.md corpus/markdown/
cp seeds/site_numbers/* corpus/site_numbers/
for t in front_matter markdown site_numbers; do
    echo "== $t for ${SECS}s"
    # Number and date extremes (numbers.dict) for every target that reads front-matter.
    dict=()
    [ "$t" != markdown ] && dict=(-dict=numbers.dict)
    # A whole build starts threads (rayon, the drop thread) whose thread-local
    # destructors glibc registers with a small allocation that LeakSanitizer
    # reports while they are still alive: not a leak of gongjian's.
    [ "$t" = site_numbers ] && dict+=(-detect_leaks=0)
    RUSTC_BOOTSTRAP=1 cargo fuzz run -O "$t" "corpus/$t" -- -max_total_time="$SECS" -max_len=16384 -rss_limit_mb=4096 "${dict[@]}" 2>&1 | tail -5 || true
done
