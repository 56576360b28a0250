#!/usr/bin/env bash
# Runs each fuzz target for SECONDS (default 180), seeded from the example site.
#   fuzz/run.sh [SECONDS]
# Needs cargo-fuzz (`cargo install cargo-fuzz`); on a stable toolchain it uses
# RUSTC_BOOTSTRAP=1 for the sanitizer flags.
set -euo pipefail
cd "$(dirname "$0")"
SECS=${1:-180}
mkdir -p corpus/front_matter corpus/markdown
cp ../content/reports/*.md corpus/front_matter/
for f in ../content/campaigns/*.md; do cp "$f" "corpus/front_matter/campaign-$(basename "$f")"; done
cp ../content/reports/*.md corpus/markdown/
for t in front_matter markdown; do
    echo "== $t for ${SECS}s"
    RUSTC_BOOTSTRAP=1 cargo fuzz run -O "$t" "corpus/$t" -- -max_total_time="$SECS" -max_len=16384 -rss_limit_mb=4096 2>&1 | tail -5
done
