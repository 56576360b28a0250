#!/usr/bin/env python3
"""Time from saving one report to the new text being served by `gongjian serve`.

    python3 benches/serve_latency.py [N ...]     # default: 1000 10000 reports

For each N: generates the corpus with ../shared/bench/gen_corpus.py, starts
`target/release/gongjian serve --port 0`, waits for the first build, then 5
times appends a unique sentence to one report and polls its page (every 5 ms)
until the sentence is served. Prints the median, min and max latency.
"""
import os, re, statistics, subprocess, sys, tempfile, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.environ.get("BENCH_DIR", os.path.join(ROOT, "..", "shared", "bench"))
BIN = os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release", "gongjian")


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8", "replace")
    except Exception:
        return ""


def run(n, work):
    site = os.path.join(work, f"site-{n}")
    subprocess.run([sys.executable, os.path.join(BENCH, "gen_corpus.py"), "--posts", str(n), "--out", site,
                    "--format", "gongjian"], check=True)
    proc = subprocess.Popen([BIN, "serve", "--root", site, "--port", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    try:
        addr = None
        t0 = time.time()
        for line in proc.stdout:
            m = re.search(r"http://127\.0\.0\.1:\d+/", line)
            if m:
                addr = m.group(0)
                break
        first = time.time() - t0
        reports = sorted(f for f in os.listdir(os.path.join(site, "content", "reports")) if f != "_index.md")
        target = reports[len(reports) // 2]
        slug = target[:-3]
        url = f"{addr}reports/{slug}/"
        while "<html" not in fetch(url):
            time.sleep(0.05)
        path = os.path.join(site, "content", "reports", target)
        times = []
        for i in range(5):
            marker = f"延迟测试标记{i}号"
            with open(path, "a", encoding="utf-8") as f:
                f.write(f"\n{marker}\n")
            saved = time.time()
            while marker not in fetch(url):
                if time.time() - saved > 600:
                    raise SystemExit("timed out waiting for the rebuild")
                time.sleep(0.005)
            times.append((time.time() - saved) * 1000)
            time.sleep(0.5)
        print(f"serve N={n:>6}: first build {first:6.1f} s; save-to-served median {statistics.median(times):8.0f} ms "
              f"(min {min(times):.0f}, max {max(times):.0f}, {len(times)} saves)")
    finally:
        proc.terminate()
        proc.wait()


def main():
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 10000]
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory() as work:
        for n in sizes:
            run(n, work)


if __name__ == "__main__":
    main()
