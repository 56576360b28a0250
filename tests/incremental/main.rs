//! The oracle of the incremental engine: random edit sequences (text,
//! numbers, tags, dates, counties, charts, photos, new, deleted and renamed
//! reports, campaign edits), each step built the ways a user builds it again —
//! `serve`'s way (the engine's memory kept in the process, two folders
//! updated in place in turn, each build told what changed) and `build`'s way (the memory read from
//! `.gongjian/cache/`) — must give byte for byte what a clean build of the
//! same files gives (search index included; every third seed's site has
//! the 繁體 mirror, so a second index). `serve`'s way is told which files
//! each edit touched, as its watcher tells it, but for some edits whose
//! events are lost: those must be found by the check serve runs while idle
//! (`ParsedFiles::stale`). A seeded generator (no property-testing crate:
//! compile time); `INCREMENTAL_SEEDS=N` runs more seeds.

#[path = "../common/mod.rs"]
mod common;

mod cache;
mod front_matter;
mod lists;
mod serve;
mod world;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use gongjian::{BuildOptions, BuildReport};
use world::{Rng, World, COUNTIES};

fn options(root: &Path) -> BuildOptions {
    BuildOptions { today: chrono::NaiveDate::from_ymd_opt(2021, 12, 31), ..BuildOptions::new(root) }
}

/// Every file under `dir` with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
                files.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    files
}

fn assert_same(step: &str, how: &str, got: &Path, clean: &Path) {
    let (got, clean) = (tree(got), tree(clean));
    let names = |t: &BTreeMap<String, Vec<u8>>| t.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&got), names(&clean), "{step}: {how} holds other files than a clean build");
    for (rel, bytes) in &clean {
        assert!(
            &got[rel] == bytes,
            "{step}: {how}'s {rel} differs from a clean build:\n--- {how}\n{}\n--- clean\n{}",
            String::from_utf8_lossy(&got[rel]),
            String::from_utf8_lossy(bytes)
        );
    }
}

/// Files changed with no event: each gets a modification time of its own,
/// as a write after the last read gets (two writes within one tick of the
/// file system's clock may share one, which the check cannot tell apart).
fn lost(touched: &[PathBuf], stamps: &mut u64) {
    for p in touched.iter().filter(|p| p.is_file()) {
        *stamps += 1;
        let at = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_500_000_000 + *stamps);
        std::fs::File::options().append(true).open(p).unwrap().set_modified(at).unwrap();
    }
}

/// A clean build of the site at `root` into `dir`: what every incremental result must equal.
fn clean_build(root: &Path, dir: &Path) -> BuildReport {
    gongjian::build(&BuildOptions {
        output: Some(dir.to_path_buf()),
        in_place: true,
        memory: Some(Arc::default()),
        ..options(root)
    })
}

/// A build of `site` with the cache, as step `n` named `step`: its files
/// are checked against a clean build's (made under `scratch`).
fn cached_as_clean(site: &common::Site, scratch: &Path, n: usize, step: &str) -> BuildReport {
    let cached = gongjian::build(&options(site.root()));
    assert!(cached.ok(), "{step}: {}", errors(&cached));
    let clean_dir = scratch.join(format!("clean{n}"));
    assert!(clean_build(site.root(), &clean_dir).ok());
    assert_same(step, "the cached build", &site.public(""), &clean_dir);
    cached
}

fn errors(r: &BuildReport) -> String {
    r.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.to_string()).collect::<Vec<_>>().join("\n")
}

fn run_seed(seed: u64, steps: usize, texts_mostly: bool) {
    let site = tempfile::tempdir().unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let root = site.path();
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let mut world = World::new(root, &mut rng, seed.is_multiple_of(3), texts_mostly);
    // Written long ago: a cached build takes the reports it is not told of
    // unread (`load::stamps` reads again only files as new as the build).
    for (k, rel) in tree(&root.join("content")).into_keys().enumerate() {
        let at = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_400_000_000 + k as u64);
        std::fs::File::options().append(true).open(root.join("content").join(rel)).unwrap().set_modified(at).unwrap();
    }
    // `serve`'s way: the memory kept in the process, folders updated in place.
    let memory = Arc::new(Mutex::new(Default::default()));
    let parsed = Arc::new(gongjian::load::ParsedFiles::told());
    let stages = Arc::new(gongjian::StageMemo::default());
    let mut stamps = 0;
    // Two folders built in turn, as `serve` builds the one it is not serving.
    let live = [scratch.path().join("live0"), scratch.path().join("live1")];
    let mut manifests = [None, None];
    let (mut rendered, mut built) = (0, 0);
    let mut history = Vec::new();
    for step in 0..steps {
        world.touched.clear();
        let mut told = Vec::new();
        if step > 0 {
            // Now and then nothing changes: the cached build then keeps the output as it is.
            let n = if rng.chance(10) { 0 } else { 1 + rng.below(3) };
            let mut edits = Vec::new();
            for _ in 0..n {
                let what = world.edit(&mut rng);
                let touched = std::mem::take(&mut world.touched);
                if rng.chance(15) {
                    edits.push(format!("{what} (no event)"));
                    lost(&touched, &mut stamps);
                } else {
                    edits.push(what);
                    parsed.changed(&touched);
                    told.extend(touched);
                }
            }
            history.push(edits.join(", "));
        }
        // What serve's check while idle finds.
        let missed = parsed.stale(root, std::time::Duration::ZERO);
        parsed.changed(&missed);
        told.extend(missed);
        let clean_dir = scratch.path().join(format!("clean{step}"));
        let clean = clean_build(root, &clean_dir);
        let slot = step % 2;
        let served = gongjian::build(&BuildOptions {
            output: Some(live[slot].clone()),
            in_place: true,
            manifest: manifests[slot].take().map(|m| Arc::new(Mutex::new(Some(m)))),
            memory: Some(memory.clone()),
            parsed: Some(parsed.clone()),
            stages: Some(stages.clone()),
            changed: Some(told),
            ..options(root)
        });
        // A page of the output edited by hand, or the kept front-matter
        // parses damaged: the cached build must still give the clean site.
        if step > 0 && rng.chance(10) {
            let page = root.join("public/index.html");
            if page.is_file() {
                std::fs::write(&page, "手改").unwrap();
                history.push("public/index.html edited by hand".into());
            }
        }
        if step > 0 && rng.chance(10) {
            let parses = root.join(".gongjian/cache/front-matter.parses");
            if let Ok(bytes) = std::fs::read(&parses) {
                std::fs::write(&parses, &bytes[..bytes.len() * 2 / 3]).unwrap();
                history.push("front-matter cache cut short".into());
            }
        }
        if step > 0 && rng.chance(10) {
            // A digit in a kept parse changed: still JSON, a different value.
            let parses = root.join(".gongjian/cache/front-matter.parses");
            if let Ok(mut bytes) = std::fs::read(&parses) {
                let from = rng.below(bytes.len().max(1));
                if let Some(at) = (from..bytes.len()).find(|&i| bytes[i].is_ascii_digit()) {
                    bytes[at] = b'0' + (bytes[at] - b'0' + 1) % 10;
                    std::fs::write(&parses, &bytes).unwrap();
                    history.push("a digit of the front-matter cache changed".into());
                }
            }
        }
        let at = format!("seed {seed} step {step} after [{}]", history.join("] ["));
        // `build`'s way: the memory in `.gongjian/cache/`, the output swapped in whole.
        let cached = gongjian::build(&options(root));
        assert_eq!(served.ok(), clean.ok(), "{at}: serve's build and a clean one disagree:\n{}", errors(&served));
        // What the model and derive stages report, kept or made again, is a clean build's.
        let told = |r: &BuildReport| r.diagnostics.iter().map(|d| d.to_string()).collect::<Vec<_>>();
        assert_eq!(told(&served), told(&clean), "{at}: serve's build reports what a clean one does not");
        assert_eq!(cached.ok(), clean.ok(), "{at}: a cached build and a clean one disagree:\n{}", errors(&cached));
        assert_eq!(told(&cached), told(&clean), "{at}: the cached build reports what a clean one does not");
        if !clean.ok() {
            continue;
        }
        manifests[slot] = served.manifest;
        assert_same(&at, "serve's folder", &live[slot], &clean_dir);
        assert_same(&at, "the cached build", &root.join("public"), &clean_dir);
        if rng.chance(20) {
            // Built again with nothing changed: nothing rendered, the same site.
            let again = gongjian::build(&options(root));
            assert!(again.ok() && again.rendered == 0, "{at}: built again, {} rendered", again.rendered);
            assert_same(&at, "the cached build done again", &root.join("public"), &clean_dir);
        }
        std::fs::remove_dir_all(&clean_dir).unwrap();
        if step > 0 {
            rendered += served.rendered + cached.rendered;
            built += served.pages + cached.pages;
        }
    }
    // Some edits change one page: not everything is rendered again every time.
    assert!(rendered < built, "seed {seed}: {rendered} of {built} pages rendered again over the steps");
}

#[test]
fn random_edits_build_incrementally_as_a_clean_build_does() {
    let seeds: u64 = std::env::var("INCREMENTAL_SEEDS").ok().and_then(|s| s.parse().ok()).unwrap_or(3);
    for seed in 1..=seeds {
        run_seed(seed, 20, false);
    }
}

/// Steps of text edits only are built checking only what read the changed
/// bodies (in turn with steps that rebuild the model): a list, feed or
/// campaign page that shows a changed summary or text must be made again,
/// whichever list the report moved into before.
#[test]
fn random_text_edits_build_incrementally_as_a_clean_build_does() {
    let seeds: u64 = std::env::var("INCREMENTAL_SEEDS").ok().and_then(|s| s.parse().ok()).unwrap_or(3);
    for seed in 1..=seeds {
        run_seed(seed + 1000, 20, true);
    }
}

/// Every page (`…/index.html`) of a built site whose text contains `needle`.
fn pages_showing(dir: &Path, needle: &str) -> Vec<String> {
    let needle = needle.as_bytes();
    tree(dir)
        .into_iter()
        .filter(|(rel, bytes)| rel.ends_with(".html") && bytes.windows(needle.len()).any(|w| w == needle))
        .map(|(rel, _)| rel)
        .collect()
}

/// Report `i` of one campaign, its figure `figure`, naming a project of its own.
fn report_with_project(i: usize, figure: usize) -> String {
    let county = COUNTIES[i % 2];
    format!("---\ntitle: 通报{i}\ndate: 2021-08-{:02}\ncounty: {county}\ncampaign: dongguang-2021-r7\nmetrics:\n  new_projects: {figure}\nprojects:\n  - {{id: p{i}, name: 项目{i}, investment: {figure}}}\n---\n正文{i}。\n", 2 + i)
}

/// A site of ten such reports (figures rising), three to a list page.
fn ten_reports_with_projects() -> common::Site {
    let site = common::Site::with_campaign();
    site.write("site.yaml", "title: 测试站\nbase_url: /\npaginate_by: 3\n");
    for i in 0..10 {
        site.write(&format!("content/reports/r{i}.md"), &report_with_project(i, 10 * (i + 1)));
    }
    site
}
