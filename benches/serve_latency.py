#!/usr/bin/env python3
"""Time from saving one report to the new text being served by `gongjian serve`.

    python3 benches/serve_latency.py [N ...]     # default: 1000 10000 reports

For each N: generates the corpus with ../shared/bench/gen_corpus.py, starts
`target/release/gongjian serve --port 0`, waits for the first build, then
saves one report from the middle of the list 5 times for each kind of save:
  - text: a unique sentence appended;
  - number: its first metric changed (an older report of its campaign),
    kept between its neighbours' values, timed by serve's own report only;
  - investment: its first project's investment changed (that project's page
    and lists);
  - newest: every metric of the newest report of the same campaign changed
    (the campaign's latest numbers: the box on every report of the campaign);
  - new tag: a new tag added (3 times);
each time polling the saved page (every 5 ms) until the change is served.
Prints, for each kind of save, the median, min and max of
  - save-to-served: from the write to the page served with the change
    (includes the watcher's 40 ms debounce and the HTTP polling), and
  - event-to-disk: what serve reports for the rebuild, from the debounced
    file event to the last new file on disk.
"""
import os, queue, re, statistics, subprocess, sys, tempfile, threading, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.environ.get("BENCH_DIR", os.path.join(ROOT, "..", "shared", "bench"))
BIN = os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release", "gongjian")


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8", "replace")
    except Exception:
        return ""


def median_line(label, times):
    return (f"{label} median {statistics.median(times):7.0f} ms (min {min(times):.0f}, max {max(times):.0f}, "
            f"{len(times)} saves)")


def older_values(site, campaign, target):
    """Five values for `target`'s first metric strictly between the ones its
    campaign's reports before and after it give (the figures stay cumulative)."""
    folder = os.path.join(site, "content", "reports")
    text = open(os.path.join(folder, target), encoding="utf-8").read()
    key = re.search(r"^  ([a-z_]+): [0-9.]+$", text, re.M).group(1)
    date = re.search(r"^date: (\S+)$", text, re.M).group(1)
    lo, hi = 0.0, None
    for f in os.listdir(folder):
        t = open(os.path.join(folder, f), encoding="utf-8").read()
        v = re.search(rf"^  {key}: ([0-9.]+)$", t, re.M)
        d = re.search(r"^date: (\S+)$", t, re.M)
        if f == target or not v or not d or not re.search(rf"^campaign: {re.escape(campaign)}$", t, re.M):
            continue
        if (d.group(1), f) < (date, target):
            lo = max(lo, float(v.group(1)))
        elif hi is None or float(v.group(1)) < hi:
            hi = float(v.group(1))
    hi = lo + 10 if hi is None else hi
    return [f"{lo + (hi - lo) * (i + 1) / 7:.3f}" for i in range(5)]


def run(n, work):
    site = os.path.join(work, f"site-{n}")
    subprocess.run([sys.executable, os.path.join(BENCH, "gen_corpus.py"), "--posts", str(n), "--out", site,
                    "--format", "gongjian"], check=True)
    # Its English messages are what this script reads.
    proc = subprocess.Popen([BIN, "serve", "--root", site, "--port", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env={**os.environ, "GONGJIAN_LANG": "en"})
    lines = queue.Queue()
    # Drain the server's output (a full pipe would block it) and keep its lines.
    threading.Thread(target=lambda: [lines.put(l) for l in proc.stdout], daemon=True).start()
    try:
        addr = None
        t0 = time.time()
        while addr is None:
            m = re.search(r"http://127\.0\.0\.1:\d+/", lines.get(timeout=600))
            addr = m and m.group(0)
        first = time.time() - t0
        reports = sorted(f for f in os.listdir(os.path.join(site, "content", "reports")) if f != "_index.md")
        target = reports[len(reports) // 2]
        slug = target[:-3]
        url = f"{addr}reports/{slug}/"
        while "<html" not in fetch(url):
            time.sleep(0.05)
        # The idle preview folder is built once after the first build.
        while "second preview folder" not in lines.get(timeout=600):
            pass
        path = os.path.join(site, "content", "reports", target)

        def save_and_wait(edit, marker, pattern, page=url):
            edit()
            saved = time.time()
            while marker not in fetch(page):
                if time.time() - saved > 600:
                    raise SystemExit("timed out waiting for the rebuild")
                time.sleep(0.005)
            served = (time.time() - saved) * 1000
            while True:
                m = re.search(pattern, lines.get(timeout=600))
                if m:
                    return served, float(m.group(1))

        quick, quick_disk = [], []
        for i in range(5):
            marker = f"延迟测试标记{i}号"

            def append():
                with open(path, "a", encoding="utf-8") as f:
                    f.write(f"\n{marker}\n")
            served, disk = save_and_wait(append, marker, r"built \d+ pages .* in (\d+) ms")
            quick.append(served)
            quick_disk.append(disk)
            time.sleep(0.5)
        done = r"built \d+ pages .* in (\d+) ms"
        campaign = re.search(r"^campaign: (\S+)$", open(path, encoding="utf-8").read(), re.M).group(1)
        newest = max((f for f in reports
                      if re.search(rf"^campaign: {re.escape(campaign)}$",
                                   open(os.path.join(site, "content", "reports", f), encoding="utf-8").read(), re.M)),
                     key=lambda f: (re.search(r"^date: (\S+)$", open(os.path.join(site, "content", "reports", f),
                                                                      encoding="utf-8").read(), re.M).group(1), f))
        newest_path = os.path.join(site, "content", "reports", newest)
        newest_url = f"{addr}reports/{newest[:-3]}/"

        def edited(file, pattern, value, count=1):
            def edit():
                text = open(file, encoding="utf-8").read()
                text = re.sub(pattern, lambda m: m.group(1) + value, text, count=count, flags=re.M)
                open(file, "w", encoding="utf-8").write(text)
            return edit

        # An older report's number stays between its neighbours' (a cumulative
        # metric going down is an error): the page shows it as 24.3个 or the like,
        # so this save is timed by serve's own report (event-to-disk) only.
        older_disk = []
        for value in older_values(site, campaign, target):
            _, ms = save_and_wait(edited(path, r"^(  [a-z_]+: )[0-9.]+$", value, 1), "", done)
            older_disk.append(ms)
            time.sleep(1.5)
        kinds = {}
        for kind, base, file, page, pattern, count in [
            ("investment", 7100, path, url, r'^(  - \{name: "[^"]*", investment: )[0-9.]+', 1),
            ("newest", 7200, newest_path, newest_url, r"^(  [a-z_]+: )[0-9.]+$", 0),
        ]:
            times, disk = [], []
            for i in range(5):
                value = f"{base + i}.5"
                served, ms = save_and_wait(edited(file, pattern, value, count), str(base + i), done, page)
                times.append(served)
                disk.append(ms)
                time.sleep(1.5)
            kinds[kind] = (times, disk)
        full, full_disk = [], []
        for i in range(3):
            tag = f"延迟测试标签{i}"

            def add_tag():
                text = open(path, encoding="utf-8").read()
                text = re.sub(r"^tags: \[", f"tags: [{tag}, ", text, count=1, flags=re.M)
                open(path, "w", encoding="utf-8").write(text)
            served, disk = save_and_wait(add_tag, tag, done)
            full.append(served)
            full_disk.append(disk)
            time.sleep(0.5)
        print(f"serve N={n:>6}: first build {first:6.1f} s")
        print("  text saved:        " + median_line("save-to-served", quick) + "; " + median_line("event-to-disk", quick_disk))
        print("  a number saved:    " + median_line("event-to-disk", older_disk))
        for kind, label in [("investment", "investment saved: "),
                            ("newest", "newest report:    ")]:
            times, disk = kinds[kind]
            print(f"  {label} " + median_line("save-to-served", times) + "; " + median_line("event-to-disk", disk))
        print("  new tag saved:     " + median_line("save-to-served", full) + "; " + median_line("event-to-disk", full_disk))
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
