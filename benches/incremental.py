#!/usr/bin/env python3
"""A build with the cache warm against a cold one, at N generated reports.

    python3 benches/incremental.py [N] [RUNS]     # default: 10000 reports, 3 runs

Generates the corpus with ../shared/bench/gen_corpus.py (BENCH_DIR points
elsewhere), then with `target/release/gongjian` (CARGO_TARGET_DIR honoured):
  - cold: `build --no-cache` into a fresh output folder, RUNS times;
  - warm: one new report added (a copy of one from the middle with a new
    title), then `build` with the cache in .gongjian/cache/, RUNS times;
  - newest: one new report dated a day after the newest (a copy of the
    newest, as an editor adds today's report), then `build`, RUNS times;
  - each added report is named after the one it copies (`<name>-added-N.md`),
    as an editor copying a report names it: between the others by path,
    so the pages after it by path take other ids;
  - unchanged: `build` again with nothing changed, RUNS times.
Prints the median, min and max wall time and peak RSS of each (the
process's own accounting, `wait4`), the warm/cold ratio, how many pages
the warm build rendered again, and the median time of each stage of the
warm builds (`GONGJIAN_TIMINGS=1`).
"""
import datetime, os, re, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.environ.get("BENCH_DIR", os.path.join(ROOT, "..", "shared", "bench"))
BIN = os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release", "gongjian")


def timed(args, cwd):
    """Wall seconds, peak RSS in MiB, stdout and the stages' times (ms by name) of one run."""
    t0 = time.time()
    # English: the summary line read below ("N rendered again") is in the run's language.
    env = dict(os.environ, GONGJIAN_LANG="en", GONGJIAN_TIMINGS="1")
    with tempfile.TemporaryFile("w+", encoding="utf-8") as err:
        p = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=err, text=True)
        out = p.stdout.read()
        _, status, usage = os.wait4(p.pid, 0)
        err.seek(0)
        stages = {m.group(1).strip(): float(m.group(2)) for m in re.finditer(r"^timing\s+(.+?):\s+([\d.]+) ms", err.read(), re.M)}
    p.returncode = os.waitstatus_to_exitcode(status)
    wall = time.time() - t0
    if p.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({p.returncode})")
    return wall, usage.ru_maxrss / 1024, out, stages


def stages(label, runs):
    """The median time of each stage over `runs`, in the order the build prints them."""
    names = list(dict.fromkeys(name for r in runs for name in r[3]))
    medians = [f"{name} {statistics.median(r[3].get(name, 0.0) for r in runs):.0f}" for name in names]
    print(f"  {label} stages (ms, medians): {', '.join(medians)}")


def summary(label, runs):
    walls, rss = [r[0] for r in runs], [r[1] for r in runs]
    print(f"  {label:<10} wall median {statistics.median(walls):6.2f} s (min {min(walls):.2f}, max {max(walls):.2f}); "
          f"peak RSS median {statistics.median(rss):5.0f} MiB (max {max(rss):.0f})")
    return statistics.median(walls)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory() as work:
        site = os.path.join(work, "site")
        subprocess.run([sys.executable, os.path.join(BENCH, "gen_corpus.py"), "--posts", str(n), "--out", site,
                        "--format", "gongjian"], check=True, stdout=subprocess.DEVNULL)
        reports = os.path.join(site, "content", "reports")
        names = sorted(f for f in os.listdir(reports) if f != "_index.md")
        model_name = names[len(names) // 2]
        model = open(os.path.join(reports, model_name), encoding="utf-8").read()
        dated = []
        for f in names:
            t = open(os.path.join(reports, f), encoding="utf-8").read()
            d = re.search(r"^date: (\d{4}-\d{2}-\d{2})$", t, re.M)
            if d:
                dated.append((d.group(1), t, f))
        newest_day, newest, newest_name = max(dated)
        stem = lambda name: name[: -len(".md")]
        cold = []
        for i in range(runs):
            out = os.path.join(work, f"cold{i}")
            cold.append(timed([BIN, "build", "--no-cache", "--output", out], site))
            shutil.rmtree(out)
        timed([BIN, "build"], site)  # the cache and the output the next builds start from
        warm, again = [], []
        for i in range(runs):
            text = re.sub(r"^title: .*$", f"title: 新增通报{i}", model, count=1, flags=re.M)
            open(os.path.join(reports, f"{stem(model_name)}-added-{i}.md"), "w", encoding="utf-8").write(text)
            warm.append(timed([BIN, "build"], site))
            m = re.search(r"; (\d+) rendered again", warm[-1][2])
            again.append(m.group(1) if m else "all")
        fresh, again_newest = [], []
        for i in range(runs):
            day = datetime.date.fromisoformat(newest_day) + datetime.timedelta(days=i + 1)
            text = re.sub(r"^title: .*$", f"title: 今日通报{i}", newest, count=1, flags=re.M)
            text = re.sub(r"^date: .*$", f"date: {day}", text, count=1, flags=re.M)
            open(os.path.join(reports, f"{stem(newest_name)}-newest-{i}.md"), "w", encoding="utf-8").write(text)
            fresh.append(timed([BIN, "build"], site))
            m = re.search(r"; (\d+) rendered again", fresh[-1][2])
            again_newest.append(m.group(1) if m else "all")
        same = [timed([BIN, "build"], site) for _ in range(runs)]
        print(f"incremental N={n}: {runs} runs each")
        c = summary("cold", cold)
        w = summary("add one", warm)
        nw = summary("add newest", fresh)
        summary("unchanged", same)
        print(f"  add one / cold: {w / c * 100:.1f}%; pages rendered again per added report: {', '.join(again)}")
        print(f"  add newest / cold: {nw / c * 100:.1f}%; pages rendered again: {', '.join(again_newest)}")
        stages("add one", warm)
        stages("unchanged", same)


if __name__ == "__main__":
    main()
