//! Front-matter saves in `serve` (numbers, dates, statuses, projects, campaigns): what is made again, what is kept.

use std::collections::BTreeMap;
use std::path::Path;

use gongjian::{BuildReport, Warnings};

use crate::common::{self, CAMPAIGN};
use crate::serve::Serving;
use crate::world::COUNTIES;
use crate::{clean_build, errors, pages_showing, report_with_project, ten_reports_with_projects, tree};

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
