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

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use common::CAMPAIGN;
use gongjian::{BuildOptions, BuildReport, Warnings};

/// xorshift64*: the same sequence for the same seed everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// One report as the generator keeps it.
#[derive(Clone, Debug)]
struct Report {
    file: String,
    title: String,
    day: u32,
    /// Added to the day's figure: a number edit that keeps figures cumulative.
    extra: u32,
    county: usize,
    campaign: bool,
    tags: Vec<usize>,
    text: String,
    chart: bool,
    project: Option<usize>,
    /// Gives the campaign's headline figure; without it, its box shows an earlier report's.
    headline: bool,
    /// Shows the photo beside the reports (its `og:image` then).
    photo: bool,
}

const COUNTIES: [&str; 2] = ["东光县", "南皮县"];
const TAGS: [&str; 4] = ["开局", "招商", "民生", "环保"];
const WORDS: [&str; 6] = ["项目开工。", "群众满意。", "进度加快，", "招商引资见效。", "鹦鹉螺", "第二段。\n\n又一段"];

impl Report {
    fn markdown(&self) -> String {
        let date = chrono::NaiveDate::from_ymd_opt(2021, 8, 1).unwrap() + chrono::Duration::days(self.day as i64);
        let mut fm = format!("---\ntitle: {}\ndate: {date}\ncounty: {}\n", self.title, COUNTIES[self.county]);
        if !self.tags.is_empty() {
            let tags: Vec<&str> = self.tags.iter().map(|&t| TAGS[t]).collect();
            fm += &format!("tags: [{}]\n", tags.join(", "));
        }
        if self.campaign {
            // Cumulative by date: a later report never shows less.
            let figure = self.day * 10 + self.extra;
            fm += &format!("campaign: dongguang-2021-r7\nmetrics:\n  new_projects: {figure}\n");
            if self.headline {
                fm += &format!("  completed_investment: {figure}\n");
            }
            if let Some(p) = self.project {
                fm += &format!("projects:\n  - {{id: p{p}, name: 项目{p}, investment: {}}}\n", 5 + self.extra);
            }
        }
        let chart =
            if self.chart && self.campaign { "\n\n{{ chart(kind=\"trend\", metric=\"new_projects\") }}\n" } else { "" };
        let photo = if self.photo { "\n\n![现场](xianchang.jpg)\n" } else { "" };
        format!("{fm}---\n{}{chart}{photo}\n", self.text)
    }
}

struct World {
    root: PathBuf,
    reports: Vec<Report>,
    made: usize,
    campaign_title: String,
    target: u32,
    /// Files written, removed or renamed (both names) since last taken: the watcher's events.
    touched: Vec<PathBuf>,
    /// Mostly text edits (of reports and of the campaign's own text): the
    /// builds that check only what read the changed bodies.
    texts_mostly: bool,
    /// Added to the campaign's own text.
    campaign_text: String,
}

impl World {
    /// With `mirror`, the site has a 繁體 mirror (a second search index with `script.json`).
    fn new(root: &Path, rng: &mut Rng, mirror: bool, texts_mostly: bool) -> World {
        let mut w = World {
            root: root.to_path_buf(),
            reports: Vec::new(),
            made: 0,
            campaign_title: "东光县第七轮项目建设百日攻坚".into(),
            target: 77,
            touched: Vec::new(),
            texts_mostly,
            campaign_text: String::new(),
        };
        std::fs::create_dir_all(root.join("content/reports")).unwrap();
        let yaml = format!("title: 测试站\nbase_url: /\npaginate_by: 2\nhant_mirror: {mirror}\n");
        std::fs::write(root.join("site.yaml"), yaml).unwrap();
        w.write_campaign();
        let photo = image::RgbImage::from_fn(200, 120, |x, y| image::Rgb([x as u8, y as u8, 90]));
        photo.save(root.join("content/reports/xianchang.jpg")).unwrap();
        for _ in 0..6 {
            w.add(rng);
        }
        w
    }

    fn write_campaign(&mut self) {
        self.touched.push(self.root.join("content/campaigns/dongguang-2021-r7.md"));
        let text = CAMPAIGN
            .replace("东光县第七轮项目建设百日攻坚", &self.campaign_title)
            .replace("target: 77", &format!("target: {}", self.target))
            + &self.campaign_text;
        std::fs::write(self.root.join("content/campaigns/dongguang-2021-r7.md"), text)
            .or_else(|_| {
                std::fs::create_dir_all(self.root.join("content/campaigns"))?;
                std::fs::write(self.root.join("content/campaigns/dongguang-2021-r7.md"), CAMPAIGN)
            })
            .unwrap();
    }

    fn path(&self, r: &Report) -> PathBuf {
        self.root.join("content/reports").join(&r.file)
    }

    fn save(&mut self, i: usize) {
        self.touched.push(self.path(&self.reports[i]));
        std::fs::write(self.path(&self.reports[i]), self.reports[i].markdown()).unwrap();
    }

    fn add(&mut self, rng: &mut Rng) {
        self.made += 1;
        let r = Report {
            file: format!("r{}.md", self.made),
            title: format!("通报{}", self.made),
            day: rng.below(60) as u32,
            extra: rng.below(10) as u32,
            county: rng.below(2),
            campaign: rng.chance(75),
            tags: (0..4).filter(|_| rng.chance(35)).collect(),
            text: WORDS[rng.below(WORDS.len())].to_string(),
            chart: rng.chance(30),
            project: rng.chance(50).then(|| rng.below(3)),
            headline: rng.chance(50),
            photo: rng.chance(20),
        };
        self.reports.push(r);
        self.save(self.reports.len() - 1);
    }

    /// A file under `static/` written, rewritten or deleted (a notice, a
    /// stylesheet): published as it is, beside the pages.
    fn edit_static(&mut self, rng: &mut Rng) -> String {
        let name = ["notices/n.txt", "css/extra.css"][rng.below(2)];
        let path = self.root.join("static").join(name);
        self.touched.push(path.clone());
        if path.is_file() && rng.chance(30) {
            std::fs::remove_file(&path).unwrap();
            return format!("delete static/{name}");
        }
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, format!("/* 公告 {} */\n", rng.next())).unwrap();
        format!("static/{name}")
    }

    /// One random edit; what it was, for the failure message.
    fn edit(&mut self, rng: &mut Rng) -> String {
        if self.reports.is_empty() {
            self.add(rng);
            return "add".into();
        }
        let i = rng.below(self.reports.len());
        let kind = match self.texts_mostly && rng.chance(75) {
            true if rng.chance(15) => {
                self.campaign_text += WORDS[rng.below(WORDS.len())];
                self.write_campaign();
                return "campaign text".into();
            }
            true => 0,
            false => rng.below(13),
        };
        let what = match kind {
            0 => {
                self.reports[i].text = format!("{}{}", self.reports[i].text, WORDS[rng.below(WORDS.len())]);
                "text"
            }
            1 => {
                self.reports[i].extra = rng.below(10) as u32;
                if rng.chance(30) {
                    self.reports[i].headline = !self.reports[i].headline;
                }
                "number"
            }
            2 => {
                self.reports[i].tags = (0..4).filter(|_| rng.chance(35)).collect();
                "tags"
            }
            3 => {
                self.reports[i].day = rng.below(60) as u32;
                "date"
            }
            4 => {
                self.add(rng);
                "new report"
            }
            5 => {
                let r = self.reports.remove(i);
                self.touched.push(self.path(&r));
                std::fs::remove_file(self.path(&r)).unwrap();
                return format!("delete {}", r.file);
            }
            6 => {
                let old = self.path(&self.reports[i]);
                self.touched.push(old.clone());
                self.made += 1;
                self.reports[i].file = format!("r{}.md", self.made);
                std::fs::rename(old, self.path(&self.reports[i])).unwrap();
                "rename"
            }
            7 => {
                self.reports[i].title = format!("{}改", self.reports[i].title);
                "title"
            }
            8 => {
                self.reports[i].county = 1 - self.reports[i].county;
                "county"
            }
            9 if rng.chance(50) => {
                self.reports[i].photo = !self.reports[i].photo;
                "photo"
            }
            9 => {
                self.reports[i].chart = !self.reports[i].chart;
                "chart"
            }
            10 => {
                self.reports[i].project = rng.chance(70).then(|| rng.below(3));
                self.reports[i].campaign = rng.chance(80);
                "project/campaign"
            }
            11 => return self.edit_static(rng),
            _ => {
                self.target = 60 + rng.below(40) as u32;
                if rng.chance(50) {
                    self.campaign_title = format!("{}（修订）", self.campaign_title);
                }
                self.write_campaign();
                return "campaign".into();
            }
        };
        self.save(i);
        format!("{what} {}", self.reports[i].file)
    }
}

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

#[test]
fn a_build_with_the_cache_matches_one_without_and_renders_less() {
    let site = common::Site::with_campaign();
    for (i, day) in [10, 12, 15, 20].iter().enumerate() {
        site.write(
            &format!("content/reports/r{i}.md"),
            &format!("---\ntitle: 通报{i}\ndate: 2021-08-{day}\ncounty: 东光县\ncampaign: dongguang-2021-r7\ntags: [开局]\nmetrics:\n  new_projects: {}\n---\n正文{i}。\n", 10 * (i + 1)),
        );
    }
    let first = site.build();
    assert!(common::stderr(&first).is_empty() || first.status.success());
    // One report's text changes: the cached build renders a few pages, not all.
    site.write(
        "content/reports/r3.md",
        "---\ntitle: 通报3\ndate: 2021-08-20\ncounty: 东光县\ncampaign: dongguang-2021-r7\ntags: [开局]\nmetrics:\n  new_projects: 40\n---\n新的正文。\n",
    );
    let cached = gongjian::build(&BuildOptions::new(site.root()));
    assert!(cached.ok());
    assert!(cached.rendered > 0 && cached.rendered < cached.pages, "{} of {}", cached.rendered, cached.pages);
    let with_cache = tree(&site.public(""));
    // `--no-cache`: every page rendered; the same bytes.
    site.build_with(&["--no-cache"]);
    assert_eq!(tree(&site.public("")), with_cache, "--no-cache writes the same site");
    // A cache from another version is ignored with a note, and replaced.
    let caches = || -> Vec<PathBuf> {
        let dir = site.root().join(".gongjian/cache");
        std::fs::read_dir(dir).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default()
    };
    let of_kind =
        |ext: &str| caches().into_iter().filter(|p| p.extension().is_some_and(|e| e == ext)).collect::<Vec<_>>();
    assert!(caches().is_empty(), "--no-cache removes the cache");
    let again = gongjian::build(&BuildOptions::new(site.root()));
    let cache = of_kind("bin").pop().expect("a build writes its cache");
    assert!(again.ok() && of_kind("bin").len() == 1, "one memory for the one output: {:?}", caches());
    assert_eq!(of_kind("texts").len(), 1, "and one file of its texts: {:?}", caches());
    std::fs::write(&cache, "gongjian 0.0.1 cache format 0\n{}").unwrap();
    let out = site.build();
    assert!(common::stderr(&out).contains("build cache was ignored"), "{}", common::stderr(&out));
    assert_eq!(tree(&site.public("")), with_cache);
    assert!(std::fs::read(&cache).unwrap().starts_with(format!("gongjian {}", env!("CARGO_PKG_VERSION")).as_bytes()));
    // A damaged memory, or one whose texts are gone or cut short: ignored with a note, never a wrong site.
    let damages: [(&str, &dyn Fn()); 3] = [
        ("cut", &|| {
            let bytes = std::fs::read(&cache).unwrap();
            std::fs::write(&cache, &bytes[..bytes.len() - 9]).unwrap();
        }),
        ("texts gone", &|| std::fs::remove_file(of_kind("texts").pop().unwrap()).unwrap()),
        ("texts short", &|| {
            let t = of_kind("texts").pop().unwrap();
            let f = std::fs::OpenOptions::new().write(true).open(&t).unwrap();
            f.set_len(f.metadata().unwrap().len() / 2).unwrap();
        }),
    ];
    for (what, damage) in damages {
        // Another text, so the build must read the memory to keep the rest.
        site.write(
            "content/reports/r2.md",
            &format!("---\ntitle: 通报2\ndate: 2021-08-15\ncounty: 东光县\ncampaign: dongguang-2021-r7\ntags: [开局]\nmetrics:\n  new_projects: 30\n---\n{what}。\n"),
        );
        assert!(site.build().status.success());
        let built = tree(&site.public(""));
        damage();
        let out = site.build();
        assert!(common::stderr(&out).contains("build cache was ignored"), "{what}: {}", common::stderr(&out));
        assert_eq!(tree(&site.public("")), built, "{what}");
        site.build_with(&["--no-cache"]);
        assert_eq!(tree(&site.public("")), built, "{what}: as without the cache");
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

#[test]
fn a_text_edit_renders_again_only_the_pages_that_show_the_report() {
    let site = common::Site::with_campaign();
    site.write("site.yaml", "title: 测试站\nbase_url: /\npaginate_by: 2\n");
    let report = |i: usize, text: &str| {
        let title = if i == 5 { "鹦鹉螺通报".to_string() } else { format!("通报{i}") };
        let (county, tag) = (COUNTIES[i % 2], TAGS[i % 4]);
        format!("---\ntitle: {title}\ndate: 2021-08-{:02}\ncounty: {county}\ncampaign: dongguang-2021-r7\ntags: [{tag}]\nmetrics:\n  new_projects: {}\n---\n{text}\n", 2 + i, 10 * (i + 1))
    };
    for i in 0..12 {
        site.write(&format!("content/reports/r{i}.md"), &report(i, &format!("正文{i}。")));
    }
    assert!(gongjian::build(&BuildOptions::new(site.root())).ok());
    site.write("content/reports/r5.md", &report(5, "海螺新闻。"));
    let again = gongjian::build(&BuildOptions::new(site.root()));
    assert!(again.ok(), "{}", errors(&again));
    let public = site.root().join("public");
    // The new summary is on the report, its lists (section, tag, county,
    // campaign, archives, home) and in the feeds: each shown page was made again.
    let showing = pages_showing(&public, "海螺新闻");
    assert!(showing.len() >= 5, "the edit shows on the report and its lists: {showing:?}");
    let feeds = tree(&public).into_iter().filter(|(rel, _)| rel.ends_with(".xml") && !rel.starts_with("sitemap"));
    let quoting: Vec<String> =
        feeds.filter(|(_, b)| String::from_utf8_lossy(b).contains("海螺新闻")).map(|f| f.0).collect();
    // The site's, the campaign's and the county's, Atom and RSS each.
    assert_eq!(quoting.len(), 6, "feeds quoting the new text: {quoting:?}");
    // Nothing that does not show the report was made again.
    let listing = pages_showing(&public, "鹦鹉螺通报");
    assert!(again.rendered >= showing.len(), "{} rendered, {} show the edit", again.rendered, showing.len());
    assert!(
        again.rendered <= listing.len(),
        "{} rendered, {} show the report: {listing:?}",
        again.rendered,
        listing.len()
    );
    assert!(listing.len() < again.pages, "some pages do not show the report");
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

/// A number saved in `serve` (the model made again around one report): the
/// lists' views of every other page and project are taken by the digest of
/// what they are made from, not made again, and the site is a clean build's.
#[test]
fn a_number_save_takes_the_views_of_unchanged_pages_and_projects() {
    let site = ten_reports_with_projects();
    let report = report_with_project;
    let serving = Serving::new();
    let first = serving.build(&site, None);
    assert!(first.views_made >= 10 + 2 * 10, "every page's and project's view made: {}", first.views_made);
    let edited = site.root().join("content/reports/r4.md");
    site.write("content/reports/r4.md", &report(4, 47));
    let again = serving.build(&site, Some(vec![edited]));
    assert!(!again.reuse.whole, "the model was made again around the saved report");
    // The report's own view, and its project's row and page.
    assert!(again.views_made <= 3, "{} views made again", again.views_made);
    serving.assert_clean(&site, "a number save");
}

/// Saves in `serve` that make and mend errors the model finds across
/// files, each build's errors a clean build's: a save is checked for its
/// report's campaign and metrics; while a county spelled two ways or a
/// metric undeclared stands, a number saved in another report (the
/// structure kept) finds it again; once mended, the site is a clean build's.
#[test]
fn errors_across_files_stand_until_mended_through_number_saves() {
    let site = ten_reports_with_projects();
    let serving = Serving::new();
    serving.build(&site, None);
    let save = |i: usize, text: String| {
        let path = format!("content/reports/r{i}.md");
        site.write(&path, &text);
        let r = serving.try_build(&site, Some(vec![site.root().join(path)]));
        let clean_dir = serving.out.path().join("clean");
        let clean = clean_build(site.root(), &clean_dir);
        let _ = std::fs::remove_dir_all(&clean_dir);
        assert_eq!(shown(&r), shown(&clean), "r{i} saved: not what a clean build reports");
        r
    };
    let undeclared = |r: &BuildReport| errors(r).contains("`bogus`");
    let clash = |r: &BuildReport| errors(r).contains("counties/dong-guang-xian/");
    let steps: [(&str, usize, String, bool, bool); 6] = [
        ("a metric undeclared", 4, report_with_project(4, 47).replace("new_projects:", "bogus:"), true, false),
        ("a number elsewhere", 6, report_with_project(6, 71), true, false),
        ("the metric mended", 4, report_with_project(4, 47), false, false),
        ("a county spelled anew", 2, report_with_project(2, 30).replace("东光县", "东光 县"), false, true),
        ("a number elsewhere", 6, report_with_project(6, 72), false, true),
        ("the county mended", 2, report_with_project(2, 30), false, false),
    ];
    for (what, i, text, metric, county) in steps {
        let r = save(i, text);
        assert_eq!((undeclared(&r), clash(&r)), (metric, county), "{what}: {}", errors(&r));
        if what == "a number elsewhere" {
            assert!(r.reuse.structure_kept && !r.reuse.whole, "{what}: the model made again around it");
        }
    }
    let last = save(8, report_with_project(8, 91));
    assert!(last.ok(), "{}", errors(&last));
    serving.assert_clean(&site, "after the errors were mended");
}

/// A report's date saved in `serve` past the others': the day its project
/// was first named moves, and with it how many projects the campaign had
/// as of each later report (the campaigns' links are made again, not taken);
/// a number saved after it takes them. Each time the site is a clean build's.
#[test]
fn a_date_save_moves_the_day_its_projects_were_first_named() {
    let site = ten_reports_with_projects();
    // Each report shows how many projects its campaign had named by its day.
    site.write("templates/report.html", "{{ page.title }}：{{ page.campaign.project_count }}个项目\n");
    let serving = Serving::new();
    serving.build(&site, None);
    let steps = [
        ("a date past the others", 3, report_with_project(3, 105).replace("2021-08-05", "2021-08-20")),
        ("a number after it", 6, report_with_project(6, 71)),
        ("the date put back", 3, report_with_project(3, 40)),
    ];
    for (what, i, text) in steps {
        let path = format!("content/reports/r{i}.md");
        site.write(&path, &text);
        let again = serving.build(&site, Some(vec![site.root().join(path)]));
        assert!(!again.reuse.whole, "{what}: the model was made again around the saved report");
        serving.assert_clean(&site, what);
    }
}

/// Report `i` naming a project of its own and one all reports share, each at `investment`.
fn report_with_shared_project(i: usize, figure: usize, investment: usize) -> String {
    format!("---\ntitle: 通报{i}\ndate: 2021-08-{:02}\ncounty: 东光县\ncampaign: dongguang-2021-r7\nmetrics:\n  new_projects: {figure}\nprojects:\n  - {{id: p{i}, name: 项目{i}, investment: {investment}}}\n  - {{id: shared, name: 共同项目, investment: {investment}}}\n---\n正文{i}。\n", 2 + i)
}

/// Front-matter saves in `serve` that name the same projects, and a report
/// added after them: exactly the projects the saved or added report names
/// are made again (the shared one too, though an unchanged report names it
/// first and last), the others taken as they were; the projects' pages,
/// and the site, are a clean build's.
#[test]
fn a_front_matter_save_makes_again_only_the_projects_its_report_names() {
    let site = common::Site::with_campaign();
    for i in 0..10 {
        site.write(&format!("content/reports/r{i}.md"), &report_with_shared_project(i, 10 * (i + 1), 5 + i));
    }
    let serving = Serving::new();
    serving.build(&site, None);
    let steps = [
        ("an investment", 4, report_with_shared_project(4, 50, 40)),
        ("a number", 7, report_with_shared_project(7, 81, 12)),
        ("the first report's investment", 0, report_with_shared_project(0, 10, 1)),
    ];
    for (what, i, text) in steps {
        let path = format!("content/reports/r{i}.md");
        site.write(&path, &text);
        let again = serving.build(&site, Some(vec![site.root().join(path)]));
        assert!(!again.reuse.whole, "{what}: the model was made again around the saved report");
        assert_eq!(again.reuse.projects_derived, ["p".to_string() + &i.to_string(), "shared".into()], "{what}");
        serving.assert_clean(&site, what);
    }
    // A report added last by path, naming only the shared project: it alone is made again.
    let added = report_with_shared_project(20, 101, 30).replace("  - {id: p20, name: 项目20, investment: 30}\n", "");
    site.write("content/reports/s20.md", &added);
    let again = serving.build(&site, Some(vec![site.root().join("content/reports/s20.md")]));
    assert_eq!(again.reuse.projects_derived, ["shared"], "a report added");
    serving.assert_clean(&site, "a report added");
}

/// A campaign renamed in `serve`: every project's page and table row links
/// it by its new title (each campaign's link is made once per build and
/// shared by the projects' views), and the site is a clean build's.
#[test]
fn a_campaign_renamed_is_named_anew_by_every_project_showing_it() {
    let site = ten_reports_with_projects();
    let serving = Serving::new();
    serving.build(&site, None);
    let campaign = "content/campaigns/dongguang-2021-r7.md";
    site.write(campaign, &common::CAMPAIGN.replace("第七轮项目建设百日攻坚", "第七轮重点项目攻坚"));
    serving.build(&site, Some(vec![site.root().join(campaign)]));
    let project = std::fs::read_to_string(serving.out.path().join("live/projects/p4/index.html")).unwrap();
    assert!(project.contains("东光县第七轮重点项目攻坚</a>"), "the project's page names the campaign anew");
    assert!(!project.contains("第七轮项目建设百日攻坚"), "nor by its old title");
    serving.assert_clean(&site, "a campaign renamed");
}

/// The rows of project `id` in every table of the site at `out`: by page,
/// the text of each row linking the project's page.
fn project_rows(out: &Path, id: &str) -> BTreeMap<String, Vec<String>> {
    let link = format!("<a href=\"/projects/{id}/\">");
    let mut rows = BTreeMap::new();
    for (path, bytes) in tree(out).into_iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(&bytes);
        let found: Vec<String> = html
            .split("<tr>")
            .filter(|row| row.contains(&link))
            .map(|row| row.split("</tr>").next().unwrap_or("").to_string())
            .collect();
        if !found.is_empty() {
            rows.insert(path, found);
        }
    }
    rows
}

/// Every table showing a project (the projects index, its campaign's and
/// its county's pages) shows that project's own name and latest
/// investment, and after a number save in `serve` its new one: a guard
/// for any sharing of rows between tables.
#[test]
fn every_table_showing_a_project_shows_its_own_latest_row() {
    let site = ten_reports_with_projects();
    let serving = Serving::new();
    serving.build(&site, None);
    let live = serving.out.path().join("live");
    let check = |investment: &str, step: &str| {
        let rows = project_rows(&live, "p4");
        let tables = ["projects/index.html", "campaigns/dongguang-2021-r7/projects/index.html"];
        for page in tables {
            assert!(rows.contains_key(page), "{step}: {page} shows no row of p4: {:?}", rows.keys());
        }
        assert!(rows.keys().any(|p| p.starts_with("counties/")), "{step}: no county page shows p4");
        let mut named = 0;
        for (page, found) in &rows {
            for row in found.iter().filter(|r| r.contains("<th scope=\"row\" class=\"name\">")) {
                assert!(row.contains("项目4</a>"), "{step}: {page} names another project: {row}");
                assert!(row.contains(investment), "{step}: {page} shows not {investment}: {row}");
                named += 1;
            }
        }
        assert!(named >= tables.len(), "{step}: only {named} rows name p4: {rows:?}");
    };
    check("50亿元", "first build");
    let edited = site.root().join("content/reports/r4.md");
    site.write("content/reports/r4.md", &report_with_project(4, 47));
    serving.build(&site, Some(vec![edited]));
    check("47亿元", "a number save");
    serving.assert_clean(&site, "a number save");
}

/// Report `i` of one campaign naming one project all reports share, at
/// `status`: a status lower than an earlier report's is warned about.
fn report_with_status(i: usize, figure: usize, status: &str) -> String {
    format!("---\ntitle: 通报{i}\ndate: 2021-08-{:02}\ncounty: 东光县\ncampaign: dongguang-2021-r7\nmetrics:\n  new_projects: {figure}\nprojects:\n  - {{id: shared, name: 共同项目, status: {status}}}\n---\n正文{i}。\n", 2 + i)
}

/// What a build reported, as shown.
fn shown(r: &BuildReport) -> Vec<String> {
    r.diagnostics.iter().map(|d| d.to_string()).collect()
}

/// Front-matter saves in `serve`: one that leaves every warning as it was
/// takes the last build's warnings as they were; one that adds or drops a
/// warning patches them (neither collects and sorts them all again).
/// Either way the warnings, and the site, are a clean build's.
#[test]
fn a_number_save_keeps_the_warnings_and_a_status_save_patches_them() {
    let site = common::Site::with_campaign();
    let status = |i: usize| if i.is_multiple_of(3) { "completed" } else { "started" };
    for i in 0..10 {
        site.write(&format!("content/reports/r{i}.md"), &report_with_status(i, 10 * (i + 1), status(i)));
    }
    let serving = Serving::new();
    let first = serving.build(&site, None);
    let goes_back = |r: &BuildReport| shown(r).iter().filter(|d| d.contains("`shared`")).count();
    assert_eq!(goes_back(&first), 3, "{:#?}", shown(&first));
    let steps = [
        ("a number", 4, report_with_status(4, 47, "started"), Warnings::Kept),
        ("a status going back", 5, report_with_status(5, 60, "planned"), Warnings::Patched),
        ("a number after it", 5, report_with_status(5, 61, "planned"), Warnings::Kept),
        ("the status put back", 5, report_with_status(5, 61, "started"), Warnings::Patched),
    ];
    for (what, i, text, kept) in steps {
        let path = format!("content/reports/r{i}.md");
        site.write(&path, &text);
        let again = serving.build(&site, Some(vec![site.root().join(path)]));
        assert!(!again.reuse.whole, "{what}: the model was made again around the saved report");
        assert_eq!(again.reuse.warnings, kept, "{what}: how the warnings were had");
        let clean_dir = serving.out.path().join("clean");
        let clean = clean_build(site.root(), &clean_dir);
        std::fs::remove_dir_all(&clean_dir).unwrap();
        assert_eq!(shown(&again), shown(&clean), "{what}: the warnings are not a clean build's");
        let back = if what.contains("going back") || what.contains("after it") { 4 } else { 3 };
        assert_eq!(goes_back(&again), back, "{what}: {:#?}", shown(&again));
        serving.assert_clean(&site, what);
    }
}

/// A build kept in the process, as `serve` makes it into one folder: the
/// engine's memory and the stages' memo kept, told which files changed.
struct Serving {
    out: tempfile::TempDir,
    memory: Arc<Mutex<gongjian::render::engine::Memory>>,
    stages: Arc<gongjian::StageMemo>,
    /// What the folder holds, from the last build there.
    manifest: Mutex<Option<gongjian::write::Manifest>>,
}

impl Serving {
    fn new() -> Serving {
        let out = tempfile::tempdir().unwrap();
        let memory = Arc::new(Mutex::new(Default::default()));
        Serving { out, memory, stages: Arc::default(), manifest: Mutex::default() }
    }

    fn build(&self, site: &common::Site, changed: Option<Vec<PathBuf>>) -> BuildReport {
        let r = self.try_build(site, changed);
        assert!(r.ok(), "{}", errors(&r));
        r
    }

    /// `build`, which may fail: a failed build leaves the folder as it was.
    fn try_build(&self, site: &common::Site, changed: Option<Vec<PathBuf>>) -> BuildReport {
        let mut r = gongjian::build(&BuildOptions {
            output: Some(self.out.path().join("live")),
            in_place: true,
            manifest: self.manifest.lock().unwrap().take().map(|m| Arc::new(Mutex::new(Some(m)))),
            memory: Some(self.memory.clone()),
            stages: Some(self.stages.clone()),
            changed,
            ..options(site.root())
        });
        *self.manifest.lock().unwrap() = r.manifest.take();
        r
    }

    /// Its folder is what a clean build of `site` gives.
    fn assert_clean(&self, site: &common::Site, step: &str) {
        let clean_dir = self.out.path().join("clean");
        assert!(clean_build(site.root(), &clean_dir).ok());
        assert_same(step, "serve's folder", &self.out.path().join("live"), &clean_dir);
        std::fs::remove_dir_all(&clean_dir).unwrap();
    }
}

/// A report of no campaign and no project deleted in `serve`: no entity's
/// values change, so no read is told changed, yet the model's pages are
/// not the last build's: what the last build left by page id must not be
/// taken (it named the deleted page's id), and the site is a clean build's.
#[test]
fn a_report_of_no_campaign_deleted_in_serve_builds_as_a_clean_build_does() {
    let site = common::Site::with_campaign();
    let report = |i: usize| {
        format!("---\ntitle: 通报{i}\ndate: 2021-08-{:02}\ncounty: 东光县\ncampaign: dongguang-2021-r7\nmetrics:\n  new_projects: {}\n---\n正文{i}，第{i}段。\n", 2 + i, 10 * (i + 1))
    };
    for i in 0..4 {
        site.write(&format!("content/reports/r{i}.md"), &report(i));
    }
    // Last in the model, with a link (its body is not kept: made again by every build).
    let gone = "content/reports/z.md";
    site.write(
        gone,
        "---\ntitle: 县里的说明\ndate: 2021-08-01\ncounty: 东光县\n---\n说明见[县政府网](https://example.com/)。\n",
    );
    let serving = Serving::new();
    serving.build(&site, None);
    site.write("content/reports/r1.md", &report(1).replace("第1段", "第一段"));
    serving.build(&site, Some(vec![site.root().join("content/reports/r1.md")]));
    std::fs::remove_file(site.root().join(gone)).unwrap();
    serving.build(&site, Some(vec![site.root().join(gone)]));
    serving.assert_clean(&site, "a report of no campaign deleted");
}

/// A number saved in one campaign: the charts of the other campaign's
/// reports are not resolved again to compare them (their digests are taken
/// by the keys of what they are drawn from), and the site is a clean build's.
#[test]
fn a_number_save_resolves_only_the_charts_drawn_from_what_it_changed() {
    let site = common::Site::with_campaign();
    let other = CAMPAIGN.replace("第七轮", "第八轮").replace("round: 7", "round: 8");
    site.write("content/campaigns/dongguang-2021-r8.md", &other);
    let report = |i: usize, figure: usize| {
        let campaign = if i.is_multiple_of(2) { "dongguang-2021-r7" } else { "dongguang-2021-r8" };
        format!("---\ntitle: 通报{i}\ndate: 2021-08-{:02}\ncounty: 东光县\ncampaign: {campaign}\nmetrics:\n  new_projects: {figure}\n---\n正文{i}。\n\n{{{{ chart(kind=\"trend\", metric=\"new_projects\") }}}}\n", 2 + i)
    };
    for i in 0..10 {
        site.write(&format!("content/reports/r{i}.md"), &report(i, 10 * (i + 1)));
    }
    let serving = Serving::new();
    let first = serving.build(&site, None);
    assert!(first.chart_digests_made >= 10, "every report's chart digested: {}", first.chart_digests_made);
    site.write("content/reports/r4.md", &report(4, 47));
    let again = serving.build(&site, Some(vec![site.root().join("content/reports/r4.md")]));
    // Those of the saved report's campaign (its five reports' and a check
    // of its own page's), not the other campaign's five reports'. (Charts a
    // template draws are digested as drawn: the first build resolved only
    // the ten reports' to digest them.)
    let (made, before) = (again.chart_digests_made, first.chart_digests_made);
    assert!(made < before, "{made} charts resolved again, {before} by the first build");
    serving.assert_clean(&site, "a number save");
}

/// Report `i` of two campaigns in turn, with its figure, its project's
/// investment, a tag, and a chart drawn from its campaign.
fn report_of_two(i: usize, figure: usize, investment: usize, tag: &str) -> String {
    let campaign = if i.is_multiple_of(2) { "dongguang-2021-r7" } else { "dongguang-2021-r8" };
    format!("---\ntitle: 通报{i}\ndate: 2021-08-{:02}\ncounty: {}\ncampaign: {campaign}\ntags: [{tag}]\nmetrics:\n  new_projects: {figure}\nprojects:\n  - {{id: p{i}, name: 项目{i}, investment: {investment}}}\n---\n正文{i}。\n\n{{{{ chart(kind=\"trend\", metric=\"new_projects\") }}}}\n", 2 + i, COUNTIES[i % 2])
}

/// Saves of a report's front-matter in `serve` (the model made again around
/// it): a number, the newest report's numbers check again only the pages
/// that read what changed (the reports of its campaign, not the other
/// campaign's); a project's investment, which leaves the campaign's
/// numbers as they were, only the saved report; a new tag or a new title,
/// which change what lists, the campaign's dashboard and the project's
/// page show, are checked as well. After each the site is a clean build's.
#[test]
fn front_matter_saves_check_only_the_pages_that_read_what_they_changed() {
    let site = common::Site::with_campaign();
    site.write("site.yaml", "title: 测试站\nbase_url: /\npaginate_by: 3\n");
    let other = CAMPAIGN.replace("第七轮", "第八轮").replace("round: 7", "round: 8");
    site.write("content/campaigns/dongguang-2021-r8.md", &other);
    for i in 0..10 {
        site.write(&format!("content/reports/r{i}.md"), &report_of_two(i, 10 * (i + 1), 5 + i, "开局"));
    }
    let serving = Serving::new();
    let first = serving.build(&site, None);
    assert!(first.pages_checked >= 10, "the first build checks every page: {}", first.pages_checked);
    let save = |i: usize, text: String| {
        let path = format!("content/reports/r{i}.md");
        site.write(&path, &text);
        serving.build(&site, Some(vec![site.root().join(path)]))
    };
    // r4, r8 are of the first campaign, whose five reports read its numbers.
    let steps = [
        ("a number", 4, report_of_two(4, 47, 9, "开局"), Some(5)),
        ("an investment", 4, report_of_two(4, 47, 19, "开局"), Some(1)),
        ("the newest report's numbers", 8, report_of_two(8, 99, 13, "开局"), Some(5)),
        ("a new tag", 4, report_of_two(4, 47, 19, "招商"), None),
        ("a number after a new tag", 4, report_of_two(4, 48, 19, "招商"), Some(5)),
        ("an investment after a new tag", 4, report_of_two(4, 48, 23, "招商"), Some(1)),
        ("a title", 6, report_of_two(6, 70, 11, "开局").replace("通报6", "通报六"), None),
    ];
    for (what, i, text, most) in steps {
        let again = save(i, text);
        assert!(!again.reuse.whole, "{what}: the model was made again around the saved report");
        if let Some(most) = most {
            let n = again.pages_checked;
            assert!(n <= most, "{what}: {n} pages checked, not only the {most} that read what changed");
        }
        serving.assert_clean(&site, what);
    }
    let live = serving.out.path().join("live");
    let shown = pages_showing(&live, "通报六");
    for page in ["campaigns/dongguang-2021-r7/index.html", "projects/p6/index.html"] {
        assert!(shown.iter().any(|p| p == page), "{page} shows the new title: {shown:?}");
    }
}

/// A front-matter save that moves a report onto the first list pages (every
/// output compared, the index of reads brought up to date), then a text save
/// of it (only what read its body checked): the lists it moved onto show the
/// new text, as a clean build does, and the rest is not rendered again.
#[test]
fn a_text_save_after_a_date_save_reaches_the_lists_the_report_moved_onto() {
    let site = common::Site::with_campaign();
    site.write("site.yaml", "title: 测试站\nbase_url: /\npaginate_by: 2\n");
    let report = |i: usize, day: usize, figure: usize, text: &str| {
        format!("---\ntitle: 通报{i}\ndate: 2021-08-{day:02}\ncounty: 东光县\ncampaign: dongguang-2021-r7\nmetrics:\n  new_projects: {figure}\n---\n{text}\n")
    };
    for i in 0..12 {
        site.write(&format!("content/reports/r{i}.md"), &report(i, 2 + i, 10 * (i + 1), &format!("正文{i}。")));
    }
    let serving = Serving::new();
    serving.build(&site, None);
    let r3 = site.root().join("content/reports/r3.md");
    // The newest report now, its figure above every earlier one (figures are cumulative).
    site.write("content/reports/r3.md", &report(3, 28, 130, "正文3。"));
    serving.build(&site, Some(vec![r3.clone()]));
    serving.assert_clean(&site, "a date save");
    site.write("content/reports/r3.md", &report(3, 28, 130, "海螺新闻。"));
    let again = serving.build(&site, Some(vec![r3]));
    serving.assert_clean(&site, "a text save after a date save");
    let showing = pages_showing(&serving.out.path().join("live"), "海螺新闻");
    assert!(showing.iter().any(|p| p == "index.html"), "the home page lists it first: {showing:?}");
    assert!(again.rendered < again.pages / 2, "{} of {} rendered again", again.rendered, again.pages);
}

/// `build` with its cache in `.gongjian/`: the views a build made are kept
/// there by the digest of what they are made from, so the next build (a
/// number changed, a report added) makes only the views of what changed,
/// and writes a clean build's site.
#[test]
fn a_cached_build_takes_the_views_the_last_build_kept_on_disk() {
    let site = ten_reports_with_projects();
    let report = report_with_project;
    let first = gongjian::build(&options(site.root()));
    assert!(first.ok(), "{}", errors(&first));
    assert!(first.views_made >= 10 + 2 * 10, "every page's and project's view made: {}", first.views_made);
    let scratch = tempfile::tempdir().unwrap();
    // The report added is last by path: pages after it would take other ids,
    // and so would the projects they name (a project's key holds its reports' ids).
    assert_eq!(first.reuse.projects_derived, Vec::<String>::new(), "no values kept before the first build");
    let steps = [("a number changed", "r4", 4, 47, "p4"), ("a report added", "z10", 10, 105, "p10")];
    for (n, (step, file, i, figure, project)) in steps.into_iter().enumerate() {
        site.write(&format!("content/reports/{file}.md"), &report(i, figure));
        let cached = cached_as_clean(&site, scratch.path(), n, step);
        // The report's own view, and its project's row and page.
        assert!(cached.views_made <= 3, "{step}: {} views made again", cached.views_made);
        // The other projects' values are the last build's, kept in `.gongjian/`.
        assert_eq!(cached.reuse.projects_derived, [project], "{step}: projects derived again");
        assert_eq!(cached.reuse.campaigns_derived, ["dongguang-2021-r7"], "{step}: campaigns derived again");
    }
    // A values file cut short (a build killed while writing it elsewhere) is
    // not taken; the build makes every value and keeps them whole again.
    let values = site.root().join(".gongjian/cache/derived.values");
    let bytes = std::fs::read(&values).unwrap();
    std::fs::write(&values, &bytes[..bytes.len() / 2]).unwrap();
    site.write("content/reports/r5.md", &report(5, 58));
    cached_as_clean(&site, scratch.path(), 2, "the values file cut short");
    site.write("content/reports/r6.md", &report(6, 69));
    let cached = cached_as_clean(&site, scratch.path(), 3, "a number after it");
    assert_eq!(cached.reuse.projects_derived, ["p6"], "the values were kept whole again");
}

/// Reports added last by path keep every other page's id: a cached build
/// groups the projects' mentions it kept with theirs, and makes again only
/// the projects they name, an old one (its history one longer) and a new one.
#[test]
fn reports_added_last_add_their_mentions_to_the_kept_projects() {
    let site = ten_reports_with_projects();
    let first = gongjian::build(&options(site.root()));
    assert!(first.ok(), "{}", errors(&first));
    let scratch = tempfile::tempdir().unwrap();
    let named = |i: usize, projects: &[&str]| {
        let list: String =
            projects.iter().map(|p| format!("  - {{id: {p}, name: 项目{p}, investment: 7{i}}}\n")).collect();
        format!("---\ntitle: 新增{i}\ndate: 2021-08-{:02}\ncounty: 东光县\ncampaign: dongguang-2021-r7\nmetrics:\n  new_projects: {}\nprojects:\n{list}---\n正文。\n", 15 + i, 200 + i)
    };
    let steps = [("z1", &["p3", "pz"][..], &["p3", "pz"][..]), ("z2", &["p3"], &["p3"]), ("z3", &[], &[])];
    for (n, (file, projects, again)) in steps.into_iter().enumerate() {
        site.write(&format!("content/reports/{file}.md"), &named(n, projects));
        let cached = cached_as_clean(&site, scratch.path(), n, file);
        assert_eq!(cached.reuse.projects_derived, again, "{file}: projects derived again");
    }
}

/// A cached build takes a report whose file's stamp is unchanged unread; a
/// report changed to the same length and put back to its old time is still
/// read again (its inode changed), and its page shows the change.
#[test]
fn a_report_changed_to_the_same_length_and_time_is_read_again() {
    let (site, scratch) = (common::Site::with_campaign(), tempfile::tempdir().unwrap());
    let report = |word: &str| {
        format!("---\ntitle: 通报1\ndate: 2021-08-02\ncounty: 东光县\ncampaign: dongguang-2021-r7\n---\n{word}项目进展顺利。\n")
    };
    let file = site.root().join("content/reports/r1.md");
    let old = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_500_000_000);
    let write_old = |text: String| {
        site.write("content/reports/r1.md", &text);
        std::fs::File::options().append(true).open(&file).unwrap().set_modified(old).unwrap();
    };
    write_old(report("甲"));
    cached_as_clean(&site, scratch.path(), 0, "first build");
    let stamps = std::fs::read(site.root().join(".gongjian/cache/content.stamps")).expect("stamps kept");
    assert!(stamps.windows(5).any(|w| w == b"r1.md"), "the report's stamp is kept");
    cached_as_clean(&site, scratch.path(), 1, "nothing changed");
    assert!(!pages_showing(&site.public(""), "甲项目进展顺利").is_empty(), "its pages show the report");
    write_old(report("乙"));
    cached_as_clean(&site, scratch.path(), 2, "changed to the same length and time");
    assert!(pages_showing(&site.public(""), "甲项目进展顺利").is_empty(), "the old text is gone");
}

/// A site's first `build` leaves its front-matter parses in `.gongjian/`
/// (CI that keeps that folder after one build starts the next from them),
/// and `--no-cache` neither reads nor writes them.
#[test]
fn a_first_build_keeps_its_front_matter_parses_for_the_next() {
    let parses = |site: &common::Site| site.root().join(".gongjian/cache/front-matter.parses");
    let report = "---\ntitle: 通报1\ndate: 2021-08-02\ncounty: 东光县\ncampaign: dongguang-2021-r7\nmetrics:\n  new_projects: 12\n---\n正文。\n";
    let (site, uncached_site) = (common::Site::with_campaign(), common::Site::with_campaign());
    site.write("content/reports/r1.md", report);
    uncached_site.write("content/reports/r1.md", report);
    let first = gongjian::build(&options(site.root()));
    assert!(first.ok(), "{}", errors(&first));
    let kept = std::fs::read(parses(&site)).expect("the first build kept its parses");
    assert!(String::from_utf8_lossy(&kept).contains("new_projects"), "the report's front-matter is kept");
    let uncached = gongjian::build(&BuildOptions { no_cache: true, ..options(uncached_site.root()) });
    assert!(uncached.ok(), "{}", errors(&uncached));
    assert!(!parses(&uncached_site).exists(), "--no-cache wrote the parses");
}

/// Text saves in `serve` to one report of many that share words: the
/// search index's lines of those words hold far more documents than a
/// line is marked every (so the report's old postings are looked for from
/// marks), and each save leaves the site a clean build's: a sentence of
/// indexed words added, a word dropped, then saves to an older and a newer
/// report than the marks were made for.
#[test]
fn text_saves_to_one_of_many_reports_leave_the_search_index_a_clean_build_s() {
    let site = common::Site::with_campaign();
    site.write("site.yaml", "title: 测试站\nbase_url: /\npaginate_by: 50\n");
    let report = |i: usize, text: &str| {
        let (day, county) = (1 + i % 28, COUNTIES[i % 2]);
        format!("---\ntitle: 通报{i}\ndate: 2021-{:02}-{day:02}\ncounty: {county}\ncampaign: dongguang-2021-r7\n---\n{text}\n", 1 + i / 28)
    };
    let text = |i: usize| format!("项目建设加快推进，攻坚克难第{i}期。");
    for i in 0..200 {
        site.write(&format!("content/reports/r{i:03}.md"), &report(i, &text(i)));
    }
    let serving = Serving::new();
    serving.build(&site, None);
    let saves = [
        (100, format!("{}群众满意，攻坚见效。", text(100))),
        (100, "攻坚克难第一百期。".to_string()),
        (30, format!("{}鹦鹉螺。", text(30))),
        (170, format!("{}项目开工。", text(170))),
    ];
    for (step, (i, body)) in saves.iter().enumerate() {
        let file = format!("content/reports/r{i:03}.md");
        site.write(&file, &report(*i, body));
        serving.build(&site, Some(vec![site.root().join(&file)]));
        serving.assert_clean(&site, &format!("save {step} of r{i:03}"));
    }
}

/// `build` with its cache after a report is added in the middle of the
/// date order (every later document of the search index takes the next
/// id, every later list page shifts), one is added as the newest (the
/// projects it names become the newest documents) and one is removed:
/// each writes a clean build's site.
#[test]
fn reports_added_in_the_middle_and_as_the_newest_and_removed_build_as_a_clean_build_does() {
    let site = ten_reports_with_projects();
    let first = gongjian::build(&options(site.root()));
    assert!(first.ok(), "{}", errors(&first));
    // Figures between those of the reports before and after it (they are cumulative).
    let with_project = |title: &str, day: usize, figure: usize, project: &str| {
        format!("---\ntitle: {title}\ndate: 2021-08-{day:02}\ncounty: 东光县\ncampaign: dongguang-2021-r7\nmetrics:\n  new_projects: {figure}\nprojects:\n  - {{id: {project}, name: 项目{project}, investment: 9}}\n---\n正文，项目建设加快推进。\n")
    };
    let scratch = tempfile::tempdir().unwrap();
    let steps: [(&str, &dyn Fn()); 4] = [
        ("a report added in the middle", &|| {
            site.write("content/reports/m.md", &with_project("新增通报", 6, 45, "pm"));
        }),
        ("a report added as the newest", &|| {
            site.write("content/reports/n.md", &with_project("今日通报", 20, 200, "p1"));
        }),
        ("a report removed", &|| std::fs::remove_file(site.root().join("content/reports/r2.md")).unwrap()),
        ("the middle one removed and an older one added", &|| {
            std::fs::remove_file(site.root().join("content/reports/m.md")).unwrap();
            site.write("content/reports/o.md", &with_project("旧通报", 3, 15, "p7"));
        }),
    ];
    for (n, (step, change)) in steps.into_iter().enumerate() {
        change();
        let cached = cached_as_clean(&site, scratch.path(), n, step);
        assert!(cached.rendered < cached.pages, "{step}: {} of {} rendered", cached.rendered, cached.pages);
    }
}

/// Text saves keep every file the folder held but those of what they make
/// again: a save that takes away a report's only photo, or shrinks the
/// search index to fewer shards, must still leave no file a clean build
/// lacks (and one that adds them, every file it has).
#[test]
fn text_saves_that_drop_a_photo_or_index_shards_leave_only_a_clean_build_s_files() {
    let site = common::Site::with_campaign();
    let report = |i: usize, extra: &str| {
        format!("---\ntitle: 通报{i}\ndate: 2021-08-{:02}\ncounty: 东光县\ncampaign: dongguang-2021-r7\n---\n正文{i}。{extra}\n", 2 + i)
    };
    for i in 0..6 {
        site.write(&format!("content/reports/r{i}.md"), &report(i, ""));
    }
    let photo = image::RgbImage::from_fn(200, 120, |x, y| image::Rgb([x as u8, y as u8, 90]));
    photo.save(site.root().join("content/reports/xianchang.jpg")).unwrap();
    // Thousands of characters no other report has: the index needs more shards.
    let many: String = (0..4000u32).filter_map(|k| char::from_u32(0x4e00 + k * 3)).collect();
    let serving = Serving::new();
    serving.build(&site, None);
    let live = serving.out.path().join("live");
    let media = || common::list(&live).into_iter().filter(|f| f.starts_with("media")).count();
    let shards = || common::list(&live.join("search/index/t")).len();
    let r2 = site.root().join("content/reports/r2.md");
    let (few, none) = (shards(), media());
    for (step, extra) in ["\n\n![现场](xianchang.jpg)\n".to_string(), many, String::new()].iter().enumerate() {
        site.write("content/reports/r2.md", &report(2, extra));
        serving.build(&site, Some(vec![r2.clone()]));
        serving.assert_clean(&site, &format!("text save {step}"));
        match step {
            0 => assert!(media() > none, "the photo is published"),
            1 => assert!(media() == none && shards() > few, "the photo gone, {} shards", shards()),
            _ => assert_eq!(shards(), few),
        }
    }
}

/// `serve`'s saves keep the search index's order of documents while no
/// document moves: a text save, then a date save that moves a report past
/// two others (the kept order no longer sorts them), then a text save of
/// the moved report, each leave a clean build's index.
#[test]
fn a_date_save_between_text_saves_orders_the_search_index_as_a_clean_build_does() {
    let site = common::Site::with_campaign();
    let report = |i: usize, day: usize, text: &str| {
        format!(
            "---\ntitle: 通报{i}\ndate: 2021-08-{day:02}\ncounty: 东光县\ncampaign: dongguang-2021-r7\n---\n{text}\n"
        )
    };
    for i in 0..6 {
        site.write(&format!("content/reports/r{i}.md"), &report(i, 2 + i, &format!("正文{i}，项目建设。")));
    }
    let serving = Serving::new();
    serving.build(&site, None);
    let docs = |live: &Path| std::fs::read_to_string(live.join("search/index/d/0.json")).unwrap();
    let before = docs(&serving.out.path().join("live"));
    let saves = [("r2", 2, 4, "正文2，鹦鹉螺。"), ("r1", 1, 6, "正文1，项目建设。"), ("r1", 1, 6, "正文1，海螺新闻。")];
    for (step, (file, i, day, text)) in saves.into_iter().enumerate() {
        let path = site.root().join(format!("content/reports/{file}.md"));
        site.write(&format!("content/reports/{file}.md"), &report(i, day, text));
        serving.build(&site, Some(vec![path]));
        serving.assert_clean(&site, &format!("save {step} of {file}"));
    }
    assert_ne!(docs(&serving.out.path().join("live")), before, "the date save moved a document");
}

/// A report added names a project that another campaign's reports name
/// too: that campaign's open data shows the project's states in its own
/// reports only, so its files are kept unmade; once the project's name
/// changes (which every campaign naming it shows) they are made again. The
/// site is a clean build's at each step.
#[test]
fn a_report_added_leaves_the_open_data_of_other_campaigns_naming_its_projects_unmade() {
    let site = common::Site::with_campaign();
    let other =
        [("东光县第七轮", "南皮县第一轮"), ("东光县", "南皮县"), ("dongguang", "nanpi"), ("round: 7", "round: 1")]
            .into_iter()
            .fold(common::CAMPAIGN.to_string(), |text, (from, to)| text.replace(from, to));
    site.write("content/campaigns/nanpi-2021-r1.md", &other);
    let report = |campaign: &str, day: usize, name: &str| {
        format!("---\ntitle: 通报{campaign}{day}\ndate: 2021-08-{day:02}\ncampaign: {campaign}\nmetrics:\n  new_projects: {day}\nprojects:\n  - {{id: shared, name: {name}, investment: {day}}}\n---\n正文。\n")
    };
    site.write("content/reports/a1.md", &report("dongguang-2021-r7", 2, "共建项目"));
    site.write("content/reports/b1.md", &report("nanpi-2021-r1", 3, "共建项目"));
    let first = gongjian::build(&options(site.root()));
    assert!(first.ok(), "{}", errors(&first));
    assert_eq!(first.open_data_looked_at, 3, "two campaigns and the projects' table");
    // A first build keys nothing it made; the next keys what it keeps.
    assert!(gongjian::build(&options(site.root())).ok());
    let scratch = tempfile::tempdir().unwrap();
    // (step, report added, open-data texts looked at: the campaign added to and the projects' table, or all)
    let steps = [("the same name", "a2", 2), ("a new name", "a3", 3)];
    for (n, (step, file, looked_at)) in steps.into_iter().enumerate() {
        let name = if n == 0 { "共建项目" } else { "共建项目（二期）" };
        site.write(&format!("content/reports/{file}.md"), &report("dongguang-2021-r7", 10 + n, name));
        let cached = cached_as_clean(&site, scratch.path(), n, step);
        assert_eq!(cached.open_data_looked_at, looked_at, "{step}: open-data texts looked at");
    }
}

/// A project's investment saved in a report that is not its latest: the
/// projects' table shows each project's latest state only, so it is kept
/// unmade (its campaign's files are made again); saved in the latest
/// report, the table is made again. The site is a clean build's at each step.
#[test]
fn an_investment_saved_in_an_older_report_leaves_the_projects_table_unmade() {
    let site = common::Site::with_campaign();
    let report = |day: usize, investment: usize| {
        format!("---\ntitle: 通报{day}\ndate: 2021-08-{day:02}\ncampaign: dongguang-2021-r7\nmetrics:\n  new_projects: {day}\nprojects:\n  - {{id: shared, name: 共建项目, investment: {investment}}}\n---\n正文。\n")
    };
    site.write("content/reports/a1.md", &report(2, 10));
    site.write("content/reports/a2.md", &report(5, 20));
    assert!(gongjian::build(&options(site.root())).ok());
    // A first build keys nothing it made; the next keys what it keeps.
    assert!(gongjian::build(&options(site.root())).ok());
    let scratch = tempfile::tempdir().unwrap();
    // (step, report saved, its day and investment, open-data texts looked at)
    let steps = [("the older report", "a1", 2, 11, 1), ("the latest report", "a2", 5, 21, 2)];
    for (n, (step, file, day, investment, looked_at)) in steps.into_iter().enumerate() {
        site.write(&format!("content/reports/{file}.md"), &report(day, investment));
        let cached = cached_as_clean(&site, scratch.path(), n, step);
        assert_eq!(cached.open_data_looked_at, looked_at, "{step}: open-data texts looked at");
    }
}

/// A report of one campaign with the fields the site's lists order and
/// group pages by: date (a time with its offset), title, weight, tags,
/// county, campaign and slug; `figure` changes none of them.
#[derive(Clone)]
struct Listed {
    date: &'static str,
    title: &'static str,
    weight: i64,
    tags: &'static str,
    county: &'static str,
    campaign: bool,
    slug: &'static str,
    figure: usize,
}

impl Listed {
    fn markdown(&self) -> String {
        let Listed { date, title, weight, tags, county, slug, figure, .. } = self;
        let campaign = if self.campaign {
            format!("campaign: dongguang-2021-r7\nmetrics:\n  new_projects: {figure}\n")
        } else {
            String::new()
        };
        format!("---\ntitle: {title}\ndate: {date}\nweight: {weight}\ntags: [{tags}]\ncounty: {county}\nslug: {slug}\n{campaign}---\n{title}的正文。\n")
    }
}

/// Front-matter saves in `serve` of each field the lists are made from
/// (sections sorted by date, weight and title; tags, counties, archives,
/// campaigns' reports): each makes the lists again and the site is a clean
/// build's; a number save, which moves no page, keeps the last build's
/// lists, and the site is a clean build's too.
#[test]
fn saves_of_what_the_lists_read_make_them_again_and_a_number_save_keeps_them() {
    let site = common::Site::new();
    site.write("site.yaml", "title: 测试站\nbase_url: /\npaginate_by: 2\n");
    // Figures that may fall as reports move (not cumulative): any order is valid.
    let campaign = CAMPAIGN.replace("target: 77}", "target: 77, cumulative: false}");
    site.write("content/campaigns/dongguang-2021-r7.md", &campaign);
    site.write("content/notes/_index.md", "---\ntitle: 笔记\nsort_by: weight\n---\n");
    site.write("content/docs/_index.md", "---\ntitle: 文件\nsort_by: title\n---\n");
    let days = ["2021-08-03", "2021-08-09", "2021-08-20", "2021-09-02"];
    let titles = ["甲通报", "乙通报", "丙通报", "丁通报"];
    let of = |i: usize| Listed {
        date: days[i],
        title: titles[i],
        weight: i as i64 * 10,
        tags: ["开局", "招商"][i % 2],
        county: COUNTIES[i % 2],
        campaign: true,
        slug: ["a", "b", "c", "d"][i],
        figure: 10 * (i + 1),
    };
    let mut reports: Vec<Listed> = (0..4).map(of).collect();
    let dirs = ["reports", "notes", "docs"];
    let write = |reports: &[Listed], i: usize| {
        let rel = format!("content/{}/r{i}.md", dirs[i % 3]);
        site.write(&rel, &reports[i].markdown());
        site.root().join(rel)
    };
    // Each section holds reports (r0 and r3 in reports, r1 in notes, r2 in docs).
    for i in 0..4 {
        write(&reports, i);
    }
    let serving = Serving::new();
    serving.build(&site, None);
    type Edit = fn(&mut Listed);
    let steps: [(&str, usize, Edit, bool); 12] = [
        ("a number", 0, |r| r.figure += 1, true),
        ("a date", 0, |r| r.date = "2021-09-05", false),
        ("a weight", 1, |r| r.weight = 99, false),
        ("a title", 2, |r| r.title = "乙乙通报", false),
        ("a tag", 3, |r| r.tags = "开局", false),
        ("a county", 0, |r| r.county = COUNTIES[1], false),
        ("a number after them", 1, |r| r.figure += 3, true),
        ("a time", 3, |r| r.date = "2021-09-01T01:00:00+08:00", false),
        ("the same instant at another offset, a month back", 3, |r| r.date = "2021-08-31T17:00:00Z", false),
        ("a slug", 2, |r| r.slug = "aa", false),
        ("the campaign left", 0, |r| r.campaign = false, false),
        ("a number last", 2, |r| r.figure += 1, true),
    ];
    for (what, i, edit, kept) in steps {
        edit(&mut reports[i]);
        let path = write(&reports, i);
        let again = serving.build(&site, Some(vec![path]));
        assert!(!again.reuse.whole, "{what}: the model was made again around the saved report");
        assert_eq!(again.reuse.structure_kept, kept, "{what}: whether the lists were kept");
        serving.assert_clean(&site, what);
    }
}

/// A site of one report a month, March to July 2021, whose archive pages
/// are rendered with an `archive.html` of its own (and its `partials`).
fn a_report_a_month(archive: &str, partials: &[(&str, &str)]) -> common::Site {
    let site = common::Site::new();
    site.write("templates/archive.html", archive);
    for (name, body) in partials {
        site.write(&format!("templates/partials/{name}"), body);
    }
    for month in 3..=7 {
        site.write(&format!("content/reports/r{month}.md"), &a_report_in(month, month));
    }
    site
}

fn a_report_in(month: usize, i: usize) -> String {
    format!("---\ntitle: 通报{i}\ndate: 2021-{month:02}-10\ncounty: 东光县\n---\n正文{i}。\n")
}

/// Built, then a report added to July, built with the cache as a clean build
/// does: how many pages were rendered again.
fn rendered_when_july_gets_a_report(site: &common::Site) -> usize {
    let first = gongjian::build(&options(site.root()));
    assert!(first.ok(), "{}", errors(&first));
    site.write("content/reports/n.md", &a_report_in(7, 8));
    let scratch = tempfile::tempdir().unwrap();
    cached_as_clean(site, scratch.path(), 0, "a report added to July").rendered
}

/// A list page whose template never names a value is not made again when
/// only that value changes: an archive template that shows no month's
/// count keeps the other months' pages when a report is added to July,
/// where one that shows every month's count (`years`, from an included
/// partial: what a template includes is read too) makes them again, as
/// its counts changed.
#[test]
fn a_report_added_makes_again_only_the_archive_pages_whose_template_reads_what_changed() {
    let links = a_report_a_month(
        r#"{% extends "base.html" %}{% block content %}<h1>{{ archive.title }}</h1><ul>{% for y in archive_links %}{% for m in y.months %}<li><a href="{{ m.url }}">{{ m.title }}</a></li>{% endfor %}{% endfor %}</ul>{% for p in pages %}<p>{{ p.title }}</p>{% endfor %}{% endblock content %}"#,
        &[],
    );
    let counts = a_report_a_month(
        r#"{% extends "base.html" %}{% block content %}<h1>{{ archive.title }}</h1>{% include "partials/months.html" %}{% for p in pages %}<p>{{ p.title }}</p>{% endfor %}{% endblock content %}"#,
        &[(
            "months.html",
            r#"<ul>{% for y in years %}{% for m in y.months %}<li><a href="{{ m.url }}">{{ m.title }}</a>（{{ m.count }}）</li>{% endfor %}{% endfor %}</ul>"#,
        )],
    );
    let (without_counts, with_counts) =
        (rendered_when_july_gets_a_report(&links), rendered_when_july_gets_a_report(&counts));
    // March to June: their pages show July's count only in the second theme.
    assert!(
        with_counts >= without_counts + 4,
        "{without_counts} pages rendered again without counts, {with_counts} with them"
    );
    // The default theme's month pages link the months without their counts.
    let default = a_report_a_month("", &[]);
    std::fs::remove_dir_all(default.root().join("templates")).unwrap();
    assert_eq!(rendered_when_july_gets_a_report(&default), without_counts, "the default theme");
}

/// `serve` keeps its templates parsed between builds while their texts are
/// the same: a template saved is the one the next build renders with.
#[test]
fn a_template_saved_in_serve_renders_as_a_clean_build_does() {
    let archive = |word: &str| {
        r#"{% extends "base.html" %}{% block content %}<h1>WORD{{ archive.title }}</h1>{% for p in pages %}<p>{{ p.title }}</p>{% endfor %}{% endblock content %}"#
            .replace("WORD", word)
    };
    let site = a_report_a_month(&archive("甲版"), &[]);
    let serving = Serving::new();
    serving.build(&site, None);
    let live = serving.out.path().join("live");
    assert!(!pages_showing(&live, "甲版").is_empty());
    site.write("templates/archive.html", &archive("乙版"));
    serving.build(&site, Some(vec![site.root().join("templates/archive.html")]));
    assert!(!pages_showing(&live, "乙版").is_empty(), "the saved template is rendered");
    serving.assert_clean(&site, "a template saved");
}

/// A report's `updated` date saved in `serve`: the sitemap is kept while
/// the paths and dates it lists digest the same (fed straight from the
/// model), so a date alone must make it again, with the new `lastmod`.
#[test]
fn an_updated_date_saved_in_serve_moves_the_report_s_lastmod_in_the_sitemap() {
    let site = common::Site::with_campaign();
    let report = |i: usize, updated: &str| {
        format!("---\ntitle: 通报{i}\ndate: 2021-08-{:02}\n{updated}county: 东光县\ncampaign: dongguang-2021-r7\nmetrics:\n  new_projects: {}\n---\n正文{i}。\n", 2 + i, 10 * (i + 1))
    };
    for i in 0..3 {
        site.write(&format!("content/reports/r{i}.md"), &report(i, ""));
    }
    let serving = Serving::new();
    serving.build(&site, None);
    let r1 = site.root().join("content/reports/r1.md");
    for day in ["2021-09-05", "2021-09-06"] {
        site.write("content/reports/r1.md", &report(1, &format!("updated: {day}\n")));
        serving.build(&site, Some(vec![r1.clone()]));
        let sitemap = std::fs::read_to_string(serving.out.path().join("live/sitemap.xml")).unwrap();
        assert!(sitemap.contains(&format!("<lastmod>{day}</lastmod>")), "{day} not in the sitemap:\n{sitemap}");
        serving.assert_clean(&site, &format!("updated {day}"));
    }
}

/// A page whose own template draws a campaign's chart reads nothing else
/// of the campaign: a number saved that the chart does not draw leaves the
/// page unrendered (its read of the chart has the digest a check makes of
/// what the chart is drawn from); one that the chart draws draws it again;
/// and the site is a clean build's.
#[test]
fn a_chart_a_page_s_template_draws_is_drawn_again_only_when_its_numbers_change() {
    let report = |i: usize, figure: usize, investment: usize| {
        format!("---\ntitle: 通报{i}\ndate: 2021-08-{:02}\ncounty: 东光县\ncampaign: dongguang-2021-r7\nmetrics:\n  new_projects: {figure}\n  total_investment: {investment}\n---\n正文{i}。\n", 2 + i)
    };
    // The same site with and without the page, the same number saved in both.
    let rendered_by_a_save = |with_page: bool| {
        let site = common::Site::with_campaign();
        for i in 0..4 {
            site.write(&format!("content/reports/r{i}.md"), &report(i, 10 * (i + 1), 10 * (i + 1)));
        }
        site.write("templates/trend_page.html", "{% extends \"base.html\" %}{% block content %}{{ chart(kind=\"trend\", campaign=\"dongguang-2021-r7\", metric=\"new_projects\") }}{% endblock content %}");
        if with_page {
            site.write("content/about.md", "---\ntitle: 行动走势\ntemplate: trend_page.html\n---\n走势如下。\n");
        }
        let serving = Serving::new();
        serving.build(&site, None);
        site.write("content/reports/r1.md", &report(1, 20, 25));
        let saved = serving.build(&site, Some(vec![site.root().join("content/reports/r1.md")]));
        (site, serving, saved.rendered)
    };
    let (_, _, without) = rendered_by_a_save(false);
    let (site, serving, with) = rendered_by_a_save(true);
    assert_eq!(with, without, "a number the chart does not draw renders the page again");
    let about = serving.out.path().join("live/about/index.html");
    let shown = || std::fs::read_to_string(&about).unwrap();
    assert!(shown().contains(">30<"), "the chart shows r2's figure: {}", shown());
    site.write("content/reports/r2.md", &report(2, 33, 30));
    serving.build(&site, Some(vec![site.root().join("content/reports/r2.md")]));
    assert!(shown().contains(">33<") && !shown().contains(">30<"), "the chart shows the new figure: {}", shown());
    serving.assert_clean(&site, "numbers saved under a template's chart");
}
