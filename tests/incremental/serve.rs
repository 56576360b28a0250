//! `serve`'s builds kept in the process (`Serving`): deletions, text saves, the search index, photos, the sitemap.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use gongjian::{BuildOptions, BuildReport};

use crate::world::COUNTIES;
use crate::{assert_same, clean_build, common, errors, options, pages_showing};

/// A build kept in the process, as `serve` makes it into one folder: the
/// engine's memory and the stages' memo kept, told which files changed.
pub(crate) struct Serving {
    pub(crate) out: tempfile::TempDir,
    memory: Arc<Mutex<gongjian::render::engine::Memory>>,
    stages: Arc<gongjian::StageMemo>,
    /// What the folder holds, from the last build there.
    manifest: Mutex<Option<gongjian::write::Manifest>>,
}

impl Serving {
    pub(crate) fn new() -> Serving {
        let out = tempfile::tempdir().unwrap();
        let memory = Arc::new(Mutex::new(Default::default()));
        Serving { out, memory, stages: Arc::default(), manifest: Mutex::default() }
    }

    pub(crate) fn build(&self, site: &common::Site, changed: Option<Vec<PathBuf>>) -> BuildReport {
        let r = self.try_build(site, changed);
        assert!(r.ok(), "{}", errors(&r));
        r
    }

    /// `build`, which may fail: a failed build leaves the folder as it was.
    pub(crate) fn try_build(&self, site: &common::Site, changed: Option<Vec<PathBuf>>) -> BuildReport {
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
    pub(crate) fn assert_clean(&self, site: &common::Site, step: &str) {
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
