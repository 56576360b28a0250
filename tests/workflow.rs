//! The writing workflow around a build: `init` a site, `new` a report,
//! `check` before publishing (links, stale columns, banned terms, --strict).

mod common;
use common::*;

fn report(title: &str, date: &str, body: &str) -> String {
    format!("---\ntitle: {title}\ndate: {date}\ncounty: 东光县\ncampaign: dongguang-2021-r7\n---\n{body}\n")
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn init_makes_a_site_that_builds_and_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("新站");
    let out = gongjian().arg("init").arg(&site).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    for f in
        ["site.yaml", "content/reports/_index.md", "themes/default/templates/base.html", "themes/default/theme.yaml"]
    {
        assert!(site.join(f).is_file(), "init writes {f}");
    }
    let run = |args: &[&str]| gongjian().args(args).current_dir(&site).output().unwrap();
    let built = run(&["build"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let public = list(&site.join("public"));
    assert!(public.iter().any(|p| p.starts_with("campaigns/shili-") && p.ends_with("/index.html")), "{public:?}");
    assert!(public.contains(&"reports/kaiju/index.html".to_string()), "{public:?}");
    let checked = run(&["check"]);
    assert!(checked.status.success(), "a new site passes check:\n{}", stderr(&checked));
    // Only the footer items a government site must fill in before publishing.
    let warned = stderr(&checked);
    assert_eq!(warned.matches("warning: ").count(), 3, "{warned}");
    assert_eq!(warned.matches("页脚信息缺失").count(), 4, "three warnings and the count: {warned}");

    // A second init must not touch the site.
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    let again = gongjian().arg("init").arg(&site).output().unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(site.join("site.yaml")).unwrap(), yaml);
}

#[test]
fn new_writes_a_report_with_every_field_and_the_campaigns_metrics() {
    let s = Site::with_campaign();
    s.write(
        "content/reports/2021-08-10-kickoff.md",
        "---\ntitle: 开局\ndate: 2021-08-10\ncampaign: dongguang-2021-r7\nmetrics:\n  new_projects: 77\n  completed_investment: 12.5\n---\n正文。\n",
    );
    let out = s.run(&["new", "reports/week12", "--campaign", "dongguang-2021-r7"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(s.root().join("content/reports/week12.md")).unwrap();
    // `new` dates a report by the site's clock (China time by default), not the machine's.
    let today = gongjian::config::today_in(gongjian::config::DEFAULT_TIMEZONE).unwrap().to_string();
    assert!(text.contains(&format!("date: {today}")), "today's date:\n{text}");
    assert!(text.contains("campaign: dongguang-2021-r7") && text.contains("county: 东光县"), "{text}");
    assert!(text.contains("  new_projects: 77 "), "last value prefilled:\n{text}");
    assert!(text.contains("  completed_investment: 12.5 "), "{text}");
    assert!(text.contains("  total_investment: "), "every declared metric is listed:\n{text}");
    for field in [
        "# updated:",
        "# slug:",
        "# summary:",
        "# tags:",
        "# authors:",
        "# editor:",
        "# source:",
        "# targets:",
        "# projects:",
        "# rankings:",
        "#     status:",
        "#     progress:",
    ] {
        assert!(text.contains(field), "lists {field}:\n{text}");
    }

    // It is a draft: previewed and built with --drafts, not published by a plain build.
    s.build_with(&["--drafts"]);
    assert!(s.read("reports/week12/index.html").contains("week12"));
    s.build();
    assert!(!s.exists("reports/week12/index.html"));

    // Never overwrites; a bad name is a command-line error; an unknown campaign is named.
    assert_eq!(s.run(&["new", "reports/week12"]).status.code(), Some(1));
    assert_eq!(s.run(&["new", "week13"]).status.code(), Some(2));
    assert_eq!(s.run(&["new", "../week13"]).status.code(), Some(2));
    let unknown = s.run(&["new", "reports/week13", "--campaign", "nope"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(stderr(&unknown).contains("dongguang-2021-r7"), "lists the known campaigns");
    assert!(!s.root().join("content/reports/week13.md").exists());
}

#[test]
fn new_without_a_campaign_still_builds() {
    let s = Site::new();
    let out = s.run(&["new", "content/news/东光观摩.md"]);
    assert!(out.status.success(), "{}", stderr(&out));
    s.build_with(&["--drafts"]);
    assert!(s.exists("news/dong-guang-guan-mo/index.html"), "{:?}", list(&s.public("")));
}

#[test]
fn a_new_report_named_with_a_date_is_that_days_report() {
    let s = Site::with_campaign();
    let out = s.run(&["new", "reports/2021-10-25-十月通报", "--campaign", "dongguang-2021-r7"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(s.root().join("content/reports/2021-10-25-十月通报.md")).unwrap();
    assert!(text.contains("\ndate: 2021-10-25 "), "{text}");
    s.build_with(&["--drafts"]);
    assert!(s.read("reports/shi-yue-tong-bao/index.html").contains("2021年10月25日"));
}

fn linked_site() -> Site {
    let s = Site::with_campaign();
    s.write(
        "site.yaml",
        &format!("title: 测试站\nbase_url: /\ncheck:\n  banned_terms: [落实落实]\n{}", common::FOOTER_YAML),
    );
    s.write("content/reports/2021-08-10-kickoff.md", &report("开局", "2021-08-10", "开局。"));
    s
}

#[test]
fn check_finds_broken_links_and_banned_terms() {
    let s = linked_site();
    s.write(
        "content/reports/2021-08-20-week2.md",
        &report(
            "第二周",
            "2021-08-20",
            "见[上一期](../kickoff/)、[同一篇](@/reports/2021-08-10-kickoff.md)、[绝对](/reports/kickoff/)、[外部](https://www.gov.cn/)。\n\n\
             见[写错的](../2021-08-10-kickoff/)。\n\n[没有的文件](@/reports/nope.md)\n\n要落实落实。\n",
        ),
    );
    let out = s.run(&["check", "--today", "2021-08-21"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("content/reports/2021-08-20-week2.md:9:2: broken link `../2021-08-10-kickoff/`"), "{err}");
    assert!(err.contains("/reports/kickoff/ (slugs drop the leading date)"), "a hint names the right page: {err}");
    assert!(err.contains("content/reports/2021-08-20-week2.md:11:1: broken link `@/reports/nope.md`"), "{err}");
    assert!(err.contains("content/reports/2021-08-20-week2.md:13:2: banned term “落实落实”"), "{err}");
    assert_eq!(err.matches("broken link").count(), 2, "good links pass: {err}");
    assert!(!s.exists(""), "check writes no public/");
}

#[test]
fn a_clean_site_passes_and_strict_fails_on_warnings() {
    let s = linked_site();
    s.write("content/reports/2021-08-20-week2.md", &report("第二周", "2021-08-20", "见[上一期](../kickoff/)。"));
    let out = s.run(&["check", "--today", "2021-08-21"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("check passed: "), "{}", stdout(&out));

    // A month later the column is stale: a warning, which only --strict fails on.
    let late = s.run(&["check", "--today", "2021-09-21"]);
    assert!(late.status.success(), "{}", stderr(&late));
    let err = stderr(&late);
    assert!(
        err.contains("is stale: its newest report is from 2021-08-20, 32 days before 2021-09-21 (limit 14 days)"),
        "{err}"
    );
    assert_eq!(s.run(&["check", "--today", "2021-09-21", "--strict"]).status.code(), Some(1));
    assert_eq!(s.run(&["check", "--today", "2021-08-21", "--strict"]).status.code(), Some(0));
    assert_eq!(s.run(&["check", "--today", "21-09-2021"]).status.code(), Some(2), "a bad date is a command-line error");
}

#[test]
fn check_fails_when_a_cumulative_metric_goes_down_unless_corrected() {
    let s = Site::with_campaign();
    let with = |date: &str, v: u32, extra: &str| {
        format!("---\ntitle: {date}\ndate: {date}\ncampaign: dongguang-2021-r7\nmetrics:\n  new_projects: {v}\n{extra}---\n正文。\n")
    };
    s.write("content/reports/2021-08-10-a.md", &with("2021-08-10", 40, ""));
    s.write("content/reports/2021-08-20-b.md", &with("2021-08-20", 35, ""));
    let out = s.run(&["check", "--today", "2021-08-21"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error: content/reports/2021-08-20-b.md:6: field `metrics.new_projects`")
            && err.contains("content/reports/2021-08-10-a.md"),
        "names both reports, line and field: {err}"
    );
    assert!(err.contains("corrections: [new_projects]"), "says what to do: {err}");
    assert_eq!(s.run(&["build", "--today", "2021-08-21"]).status.code(), Some(1), "the build refuses it too");

    // Declared as a correction, it builds and the page says so.
    s.write("content/reports/2021-08-20-b.md", &with("2021-08-20", 35, "corrections: [new_projects]\n"));
    s.write("site.yaml", &format!("title: 测试站\nbase_url: /\n{}", common::FOOTER_YAML));
    let out = s.run(&["check", "--today", "2021-08-21", "--strict"]);
    assert!(out.status.success(), "{}", stderr(&out));
    s.build_with(&["--today", "2021-08-21"]);
    let page = s.read("reports/b/index.html");
    assert!(page.contains("数据更正") && page.contains("新开工项目"), "{page}");
    assert!(!s.read("reports/a/index.html").contains("数据更正"));
}

#[test]
fn a_report_without_a_date_fails_the_check() {
    let s = Site::with_campaign();
    s.write("content/reports/a.md", "---\ntitle: 无日期\n---\n正文。\n");
    let out = s.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("content/reports/a.md"), "{}", stderr(&out));
}

#[test]
fn new_campaign_lists_every_field_and_its_chinese_metric_keys_build_chart_and_add_up() {
    let s = Site::new();
    let out = s.run(&["new", "campaigns/dongguang-2022-r1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let path = s.root().join("content/campaigns/dongguang-2022-r1.md");
    let text = std::fs::read_to_string(&path).unwrap();
    for key in ["title", "county", "start", "end", "series", "round", "verdicts", "metrics", "columns", "draft"] {
        let line = text.lines().find(|l| l.trim_start_matches("# ").starts_with(&format!("{key}:")));
        let line = line.unwrap_or_else(|| panic!("no `{key}:` line in\n{text}"));
        assert!(line.contains("# ") && line.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{line}");
    }
    assert_eq!(s.run(&["new", "campaigns/dongguang-2022-r1"]).status.code(), Some(1), "never overwrites");
    // The writer fills in the campaign, keeping the Chinese metric key of the template.
    let filled = text
        .replace("title: 请填写攻坚行动名称", "title: 东光县项目建设百日攻坚")
        .replace("county: 请填写县区", "county: 东光县")
        .lines()
        .map(|l| match l.split_once(':') {
            Some(("start", _)) => "start: 2022-03-01".to_string(),
            Some(("end", _)) => "end: 2022-06-08".to_string(),
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&path, filled).unwrap();
    let report = |date: &str, value: &str| {
        format!(
            "---\ntitle: 进展{date}\ndate: {date}\ncounty: 东光县\ncampaign: dongguang-2022-r1\nmetrics:\n  完成投资: {value}\n---\n\
             正文。\n\n{{{{ chart(kind=\"trend\", metric=\"完成投资\") }}}}\n"
        )
    };
    s.write("content/reports/2022-03-10-a.md", &report("2022-03-10", "5.5"));
    s.write("content/reports/2022-03-20-b.md", &report("2022-03-20", "125000万元"));
    s.build();
    let page = s.read("campaigns/dongguang-2022-r1/index.html");
    assert!(page.contains("完成投资完成12.5亿元，目标40亿元，完成率31.3%"), "125000万元 read as 12.5 亿元");
    let data = s.read("campaigns/dongguang-2022-r1/data.json");
    assert!(
        data.contains("\"完成投资\"") && data.contains("\"value\":5.5") && data.contains("\"value\":12.5"),
        "{data}"
    );
    let b = s.read("reports/b/index.html");
    assert!(b.contains("chart chart-trend") && b.contains("完成投资走势"), "the trend chart of a Chinese key");
}
