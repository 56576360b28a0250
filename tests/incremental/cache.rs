//! `build` with its cache in `.gongjian/`: what it keeps and makes again; its site is a clean build's.

use std::path::PathBuf;

use gongjian::BuildOptions;

use crate::world::{COUNTIES, TAGS};
use crate::{
    cached_as_clean, common, errors, options, pages_showing, report_with_project, ten_reports_with_projects, tree,
};

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

/// A report of the campaign titled `title` naming `projects`, its date and figures made from `i`.
fn naming(title: &str, i: usize, projects: &[&str]) -> String {
    let list: String = projects.iter().map(|p| format!("  - {{id: {p}, name: 项目{p}, investment: 7{i}}}\n")).collect();
    format!("---\ntitle: {title}\ndate: 2021-08-{:02}\ncounty: 东光县\ncampaign: dongguang-2021-r7\nmetrics:\n  new_projects: {}\nprojects:\n{list}---\n正文。\n", 15 + i, 200 + i)
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
    let named = |i: usize, projects: &[&str]| naming(&format!("新增{i}"), i, projects);
    let steps = [("z1", &["p3", "pz"][..], &["p3", "pz"][..]), ("z2", &["p3"], &["p3"]), ("z3", &[], &[])];
    for (n, (file, projects, again)) in steps.into_iter().enumerate() {
        site.write(&format!("content/reports/{file}.md"), &named(n, projects));
        let cached = cached_as_clean(&site, scratch.path(), n, file);
        assert_eq!(cached.reuse.projects_derived, again, "{file}: projects derived again");
    }
}

/// A report added or removed between others by path shifts the ids of
/// the pages after it: a cached build gives the kept values and mentions
/// their new ids, and makes again only the projects the report names.
#[test]
fn reports_added_or_removed_between_others_leave_the_other_projects_kept() {
    let site = ten_reports_with_projects();
    let first = gongjian::build(&options(site.root()));
    assert!(first.ok(), "{}", errors(&first));
    let scratch = tempfile::tempdir().unwrap();
    let named = |i: usize, projects: &[&str]| naming(&format!("插入{i}"), i, projects);
    // `r45` sorts between `r4` and `r5`, `r05` before `r1`.
    site.write("content/reports/r45.md", &named(0, &["p3", "pz"]));
    let cached = cached_as_clean(&site, scratch.path(), 0, "r45 added");
    assert_eq!(cached.reuse.projects_derived, ["p3", "pz"], "r45 added: projects derived again");
    site.write("content/reports/r05.md", &named(1, &["p7"]));
    let cached = cached_as_clean(&site, scratch.path(), 1, "r05 added");
    assert_eq!(cached.reuse.projects_derived, ["p7"], "r05 added: projects derived again");
    // What r45 named is named one page less: p3 is made again, pz is gone.
    std::fs::remove_file(site.root().join("content/reports/r45.md")).unwrap();
    let cached = cached_as_clean(&site, scratch.path(), 2, "r45 removed");
    assert_eq!(cached.reuse.projects_derived, ["p3"], "r45 removed: projects derived again");
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
