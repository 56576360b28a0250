//! A published report never changes: each report shows its campaign as of
//! its own date, `--today` decides what is published and where a campaign
//! stands, wording judges only when asked to, and figures that cannot be
//! right stop the build.

mod common;
use common::*;

/// A bulletin of the common campaign whose body draws the campaign's pace and trend.
fn bulletin(date: &str, new_projects: u32, completed: f64) -> String {
    format!(
        "---\ntitle: 东光县攻坚通报{date}\ndate: {date}\ncounty: 东光县\ncampaign: dongguang-2021-r7\nmetrics:\n  new_projects: {new_projects}\n  completed_investment: {completed}\n---\n本期通报。\n\n{{{{ chart(kind=\"pace\") }}}}\n\n{{{{ chart(kind=\"trend\") }}}}\n"
    )
}

fn three_reports() -> Site {
    let s = Site::with_campaign();
    s.write("content/reports/2021-08-10-r1.md", &bulletin("2021-08-10", 10, 6.0));
    s.write("content/reports/2021-09-15-r2.md", &bulletin("2021-09-15", 40, 27.0));
    s.write("content/reports/2021-10-25-r3.md", &bulletin("2021-10-25", 70, 52.0));
    s
}

/// The `<article>` of a report page: its text, campaign box and charts.
fn article(html: &str) -> &str {
    let start = html.find("<article").expect("an article");
    let end = html.find("</article>").expect("article ends") + "</article>".len();
    &html[start..end]
}

#[test]
fn each_report_shows_its_own_dates_figures() {
    let s = three_reports();
    s.build_with(&["--today", "2021-12-01"]);
    // completed_investment is the headline, target 60: 6 → 10%, 27 → 45%, 52 → 86.7%.
    for (slug, day, task, later) in [
        ("r1", "2021年8月10日", "10%", ["2021年9月15日", "45%"]),
        ("r2", "2021年9月15日", "45%", ["2021年10月25日", "86.7%"]),
        ("r3", "2021年10月25日", "86.7%", ["2021年12月", "100%"]),
    ] {
        let html = s.read(&format!("reports/{slug}/index.html"));
        let art = article(&html);
        assert!(art.contains(&format!("截至{day}")), "{slug} shows its own date: {art}");
        assert!(art.contains(&format!("任务进度（完成投资）{task}")), "{slug} shows its own figure: {art}");
        for l in later {
            assert!(!art.contains(&format!("截至{l}")) && !art.contains(&format!("（完成投资）{l}")), "{slug}: {l}");
        }
        // Its trend chart ends at its own date.
        assert!(!art.contains("2021-10-25") || slug == "r3", "{slug}'s trend shows a later point");
    }
    let r1 = article(&s.read("reports/r1/index.html")).to_string();
    assert!(r1.contains("进行中"), "on its day the campaign was under way");
    // The campaign page shows the latest figures.
    let camp = s.read("campaigns/dongguang-2021-r7/index.html");
    assert!(camp.contains("截至2021年10月25日") && camp.contains("86.7%"), "{camp}");
}

#[test]
fn a_later_report_leaves_earlier_articles_byte_identical() {
    let s = three_reports();
    s.build_with(&["--today", "2021-12-01"]);
    let before: Vec<String> =
        ["r1", "r2", "r3"].iter().map(|r| article(&s.read(&format!("reports/{r}/index.html"))).to_string()).collect();
    s.write("content/reports/2021-11-05-r4.md", &bulletin("2021-11-05", 77, 58.0));
    s.build_with(&["--today", "2021-12-01"]);
    for (r, was) in ["r1", "r2", "r3"].iter().zip(&before) {
        let now = s.read(&format!("reports/{r}/index.html"));
        assert_eq!(article(&now), was, "report {r} changed when a later one was published");
    }
    assert!(s.read("campaigns/dongguang-2021-r7/index.html").contains("96.7%"), "58 of 60 on the campaign page");
}

#[test]
fn today_decides_the_campaign_state_and_what_is_published() {
    let s = three_reports();
    // On 2021-09-20 the third report is scheduled: no page, no list entry, no figures.
    s.build_with(&["--today", "2021-09-20"]);
    assert!(!s.exists("reports/r3/index.html"));
    for file in ["index.html", "reports/index.html", "atom.xml", "rss.xml", "sitemap.xml"] {
        assert!(!s.read(file).contains("reports/r3/"), "{file} lists a scheduled report");
    }
    let camp = s.read("campaigns/dongguang-2021-r7/index.html");
    assert!(camp.contains("进行中") && camp.contains("截至2021年9月15日") && !camp.contains("86.7%"), "{camp}");
    let index: String = list(&s.public("search")).iter().map(|f| s.read(&format!("search/{f}"))).collect();
    assert!(!index.contains("2021-10-25"), "the search index holds a scheduled report");

    // `--future` publishes it.
    s.build_with(&["--today", "2021-09-20", "--future"]);
    assert!(s.exists("reports/r3/index.html"));
    assert!(s.read("reports/index.html").contains("reports/r3/"));
    assert!(s.read("campaigns/dongguang-2021-r7/index.html").contains("86.7%"));

    // Years later the campaign has ended, whatever its newest report says.
    s.build_with(&["--today", "2026-01-05"]);
    let camp = s.read("campaigns/dongguang-2021-r7/index.html");
    assert!(!camp.contains("进行中") && camp.contains("已结束"), "{camp}");
    assert!(!s.read("index.html").contains("正在进行的攻坚行动"));
    assert!(s.read("campaigns/index.html").contains("已结束（1项）"));
    // ... and before its start it has not begun.
    s.build_with(&["--today", "2021-07-01"]);
    assert!(s.read("campaigns/index.html").contains("未开始（1项）"));
    assert!(!s.exists("reports/r1/index.html"));

    // `check` lists what is scheduled.
    let out = s.run(&["check", "--today", "2021-09-20"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("scheduled: content/reports/2021-10-25-r3.md:3: 2021-10-25"), "{said}");
    assert!(!said.contains("2021-09-15-r2"), "{said}");
}

#[test]
fn expires_takes_a_page_down_after_its_date() {
    let s = three_reports();
    s.write(
        "content/pages/notice.md",
        "---\ntitle: 临时通知\ndate: 2021-09-01\nexpires: 2021-09-30\n---\n九月底前有效。\n",
    );
    s.build_with(&["--today", "2021-09-30"]);
    assert!(s.exists("pages/notice/index.html"), "shown through its expiry date");
    s.build_with(&["--today", "2021-10-01"]);
    assert!(!s.exists("pages/notice/index.html"), "taken down the day after");
    assert!(!s.read("sitemap.xml").contains("pages/notice/"));
}

#[test]
fn verdicts_are_the_editors_choice() {
    let s = three_reports();
    // 2021-08-10: time 9.1%, task 10%; 2021-09-15: time 45.5%, task 45%; both wordings are possible.
    s.build_with(&["--today", "2021-12-01"]);
    let pages =
        ["index.html", "campaigns/index.html", "campaigns/dongguang-2021-r7/index.html", "reports/r2/index.html"];
    for p in pages {
        let html = s.read(p);
        for word in ["超前", "滞后", "未完成"] {
            assert!(!html.contains(word), "{p} says {word} without `verdicts: full`");
        }
    }
    assert!(s.read("reports/r2/index.html").contains("时间进度45.5%，任务进度（完成投资）45%"));

    s.write("site.yaml", "title: 测试站\nbase_url: /\nverdicts: full\n");
    s.build_with(&["--today", "2021-12-01"]);
    assert!(s.read("reports/r2/index.html").contains("滞后0.5个百分点"));
    assert!(s.read("campaigns/dongguang-2021-r7/index.html").contains("未完成目标"), "the ended campaign's chart");

    // A campaign may opt out of the site's choice.
    s.write("content/campaigns/dongguang-2021-r7.md", &CAMPAIGN.replace("round: 7\n", "round: 7\nverdicts: numbers\n"));
    s.build_with(&["--today", "2021-12-01"]);
    assert!(!s.read("reports/r2/index.html").contains("滞后"));
}

/// Runs `check`, expecting exit 1; returns stderr.
fn check_fails(s: &Site) -> String {
    let out = s.run(&["check", "--today", "2021-12-01"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    stderr(&out)
}

#[test]
fn figures_before_the_campaign_starts_are_an_error() {
    let s = three_reports();
    // A mobilisation meeting before the start without figures is fine.
    s.write(
        "content/reports/2021-07-28-meeting.md",
        "---\ntitle: 动员会\ndate: 2021-07-28\ncounty: 东光县\ncampaign: dongguang-2021-r7\n---\n动员部署。\n",
    );
    assert!(s.run(&["check", "--today", "2021-12-01"]).status.success());
    s.write(
        "content/reports/2021-07-28-meeting.md",
        "---\ntitle: 动员会\ndate: 2021-07-28\ncounty: 东光县\ncampaign: dongguang-2021-r7\nmetrics:\n  new_projects: 5\n---\n动员部署。\n",
    );
    let err = check_fails(&s);
    assert!(
        err.contains("error: content/reports/2021-07-28-meeting.md:6: field `metrics`")
            && err.contains("starts on 2021-08-01"),
        "{err}"
    );
}

#[test]
fn two_county_names_with_one_slug_are_an_error() {
    let s = three_reports();
    s.write(
        "content/reports/2021-09-01-other.md",
        "---\ntitle: 清源县动态\ndate: 2021-09-01\ncounty: 清源县\n---\n正文。\n",
    );
    s.write(
        "content/reports/2021-09-02-other.md",
        "---\ntitle: 清远县动态\ndate: 2021-09-02\ncounty: 清远县\n---\n正文。\n",
    );
    let err = check_fails(&s);
    assert!(
        err.contains("error: content/reports/2021-09-02-other.md:4: field `county`")
            && err.contains("counties/qing-yuan-xian/")
            && err.contains("清源县"),
        "{err}"
    );
    assert_eq!(s.run(&["build", "--today", "2021-12-01"]).status.code(), Some(1));
}

#[test]
fn every_figure_error_is_listed_at_once() {
    let s = three_reports();
    // 11.2 typed as 1.12: goes down (an error), and is a tenth of the one before.
    s.write("content/reports/2021-10-25-r3.md", &bulletin("2021-10-25", 70, 1.12));
    s.write(
        "content/reports/2021-07-20-early.md",
        "---\ntitle: 早报\ndate: 2021-07-20\ncampaign: dongguang-2021-r7\ntargets:\n  - {name: 开工, target: 5, actual: 1}\n---\n正文。\n",
    );
    let err = check_fails(&s);
    assert!(err.contains("error: content/reports/2021-10-25-r3.md:8: field `metrics.completed_investment`"), "{err}");
    assert!(err.contains("error: content/reports/2021-07-20-early.md:5: field `targets`"), "{err}");
    assert!(err.contains("2 error(s)"), "{err}");
}

#[test]
fn suspicious_figures_are_warnings() {
    let s = three_reports();
    // A tenfold jump (a misplaced decimal point?) and figures long after the end.
    s.write("content/reports/2021-10-25-r3.md", &bulletin("2021-10-25", 700, 52.0));
    s.write("content/reports/2021-12-20-late.md", &bulletin("2021-12-20", 700, 60.0));
    // A draft newer than every published report.
    s.write(
        "content/reports/2021-12-25-draft.md",
        "---\ntitle: 总结\ndate: 2021-12-25\ndraft: true\ncampaign: dongguang-2021-r7\n---\n草稿。\n",
    );
    let out = s.run(&["check", "--today", "2021-12-31"]);
    let err = stderr(&out);
    assert!(out.status.success(), "warnings only: {err}");
    assert!(err.contains("warning: content/reports/2021-10-25-r3.md:7: field `metrics.new_projects`: metric `new_projects` jumps from 40"), "{err}");
    assert!(
        err.contains("warning: content/reports/2021-12-20-late.md:6: field `metrics`") && err.contains("42 days after"),
        "{err}"
    );
    assert!(err.contains("warning: content/reports/2021-12-25-draft.md:4: field `draft`"), "{err}");
    assert_eq!(s.run(&["check", "--today", "2021-12-31", "--strict"]).status.code(), Some(1));
}

#[test]
fn the_bundled_example_shows_each_reports_own_figures() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let built = gongjian()
        .args(["build", "--root", repo.to_str().unwrap(), "--output", out.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert!(built.status.success(), "{}", stderr(&built));
    let mut boxes = 0;
    for dir in std::fs::read_dir(out.path().join("reports")).unwrap().flatten() {
        let Ok(html) = std::fs::read_to_string(dir.path().join("index.html")) else { continue };
        let Some(start) = html.find("<aside class=\"campaign-box\"") else { continue };
        let aside = &html[start..start + html[start..].find("</aside>").unwrap()];
        // The date the page gives itself, as 2021年8月10日.
        let at = html.find("<time datetime=\"").expect("a dated report") + "<time datetime=\"".len();
        let day = &html[at..at + 10];
        let (y, m, d) = (&day[..4], day[5..7].trim_start_matches('0'), day[8..10].trim_start_matches('0'));
        let own = format!("截至{y}年{m}月{d}日");
        if aside.contains("截至") {
            assert!(aside.contains(&own), "{}: box is not as of its own date {own}: {aside}", dir.path().display());
            boxes += 1;
        }
    }
    assert!(boxes >= 15, "only {boxes} campaign boxes with a pace");
}
