//! Numbers across reports: campaign percent and pace, project history,
//! county totals, series rounds, and the errors that guard them.

mod common;
use common::*;

fn bulletin(name: &str, date: &str, metrics: &str, projects: &str) -> (String, String) {
    (
        format!("content/reports/{name}.md"),
        format!(
            "---\ntitle: 东光县攻坚通报{name}\ndate: {date}\ncounty: 东光县\ncampaign: dongguang-2021-r7\nmetrics:\n{metrics}\nprojects:\n{projects}\n---\n通报正文。\n"
        ),
    )
}

fn site() -> Site {
    let s = Site::with_campaign();
    for (p, t) in [
        bulletin(
            "w1",
            "2021-08-20",
            "  new_projects: 40\n  completed_investment: 15",
            "  - {id: gre-steel, name: 格锐恩绿色钢能循环利用项目, investment: 20, status: started, progress: 45, industry: 钢铁}\n  - {name: 包装机械项目, investment: 6.5, status: planned, industry: 机械}",
        ),
        bulletin(
            "w2",
            "2021-09-30",
            "  new_projects: 77\n  completed_investment: 36",
            "  - {id: gre-steel, name: 格锐恩绿色钢能循环利用项目, status: completed, progress: 100}\n  - {name: 包装机械项目, investment: 6.5, status: operating, industry: 机械}",
        ),
    ] {
        s.write(&p, &t);
    }
    s
}

#[test]
fn campaign_dashboard_shows_latest_percent_and_pace() {
    let s = site();
    s.write("site.yaml", "title: 测试站\nbase_url: /\nverdicts: full\n");
    s.build_with(&["--today", "2021-10-01"]);
    let html = s.read("campaigns/dongguang-2021-r7/index.html");
    // new_projects: 77 of 77; completed_investment (headline): 36 of 60 = 60%.
    assert!(html.contains("77个"), "{html}");
    assert!(html.contains("36亿元"));
    assert!(html.contains("60%"));
    // Pace on 2021-09-30: 60 of 99 days = 60.6% time, task 60% → behind by 0.6 points.
    assert!(html.contains("时间进度60.6%"), "{html}");
    assert!(html.contains("滞后0.6个百分点"));
    assert!(html.contains("东光县攻坚通报w1") && html.contains("东光县攻坚通报w2"), "its reports are listed");
}

#[test]
fn project_page_has_history_across_reports() {
    let s = site();
    s.build();
    let html = s.read("projects/gre-steel/index.html");
    assert!(html.contains("格锐恩绿色钢能循环利用项目"));
    assert!(html.contains("2021年8月20日") && html.contains("2021年9月30日"), "{html}");
    assert!(html.contains("45%") && html.contains("100%"));
    assert!(
        html.contains("href=\"/reports/w1/\"") && html.contains("href=\"/reports/w2/\""),
        "each entry links its report"
    );
    // Latest state keeps the investment the newest report left out.
    assert!(html.contains("20亿元"));
    assert!(html.contains("竣工"));
    assert!(s.exists("projects/bao-zhuang-ji-xie-xiang-mu/index.html"), "id defaults to the slug of the name");
}

#[test]
fn county_page_totals_investment_by_status() {
    let s = site();
    s.build();
    let html = s.read("counties/dong-guang-xian/index.html");
    assert!(html.contains("26.5亿元"), "20 + 6.5 亿元 in total: {html}");
    assert!(html.contains("竣工") && html.contains("投产"));
    assert!(html.contains("东光县第七轮项目建设百日攻坚"), "lists its campaign");
}

#[test]
fn home_page_shows_live_campaigns_with_pace() {
    let s = site();
    s.build_with(&["--today", "2021-10-01"]);
    let home = s.read("index.html");
    assert!(home.contains("正在进行的攻坚行动"));
    assert!(home.contains("东光县第七轮项目建设百日攻坚"));
    assert!(home.contains("时间进度60.6%"));
}

#[test]
fn series_page_puts_rounds_side_by_side() {
    let s = site();
    s.write(
        "content/campaigns/dongguang-2021-r6.md",
        &CAMPAIGN
            .replace("第七轮", "第六轮")
            .replace("round: 7", "round: 6")
            .replace("2021-08-01", "2021-03-01")
            .replace("2021-11-08", "2021-06-08"),
    );
    s.build();
    let html = s.read("series/dongguang-100-days/index.html");
    let r6 = html.find("第6轮").expect("round 6 listed");
    let r7 = html.find("第7轮").expect("round 7 listed");
    assert!(r6 < r7, "rounds in order");
}

#[test]
fn unknown_campaign_and_undeclared_metric_are_errors_with_lines() {
    let s = Site::with_campaign();
    s.write("content/reports/a.md", "---\ntitle: 甲\ndate: 2021-08-10\ncampaign: no-such-campaign\n---\n正文\n");
    s.write("content/reports/b.md", "---\ntitle: 乙\ndate: 2021-08-10\ncampaign: dongguang-2021-r7\nmetrics:\n  new_projects: 3\n  typo_metric: 5\n---\n正文\n");
    let err = s.build_fails();
    assert!(err.contains("content/reports/a.md:4"), "{err}");
    assert!(err.contains("unknown campaign \"no-such-campaign\""));
    assert!(err.contains("dongguang-2021-r7"), "names the known campaigns");
    assert!(err.contains("content/reports/b.md:7"), "{err}");
    assert!(err.contains("typo_metric"));
    assert!(err.contains("new_projects, total_investment, completed_investment"), "names the declared keys: {err}");
    assert!(!s.exists("index.html"), "nothing is written");
}

/// The check of a report's metrics skips a file giving what the file
/// before it gave: one more key than its neighbour is still checked.
#[test]
fn an_undeclared_metric_right_after_a_report_giving_declared_ones_is_an_error() {
    let s = Site::with_campaign();
    let report = |name: &str, metrics: &str| {
        format!("---\ntitle: {name}\ndate: 2021-08-10\ncampaign: dongguang-2021-r7\nmetrics:\n{metrics}---\n正文\n")
    };
    s.write("content/reports/a.md", &report("甲", "  new_projects: 3\n"));
    s.write("content/reports/b.md", &report("乙", "  new_projects: 3\n  typo_metric: 5\n"));
    let err = s.build_fails();
    assert!(err.contains("content/reports/b.md:7") && err.contains("typo_metric"), "{err}");
}

#[test]
fn same_date_twice_later_file_wins_with_a_warning() {
    let s = site();
    let (p, t) = bulletin("w3", "2021-09-30", "  completed_investment: 40", "  []");
    s.write(&p, &t.replace("projects:\n  []\n", ""));
    let out = s.build();
    assert!(stderr(&out).contains("warning"), "{}", stderr(&out));
    assert!(stderr(&out).contains("wins"));
    let html = s.read("campaigns/dongguang-2021-r7/index.html");
    assert!(html.contains("40亿元"), "the later file's value is the latest");
}

#[test]
fn status_going_backwards_warns_but_builds() {
    let s = site();
    let (p, t) = bulletin(
        "w3",
        "2021-10-10",
        "  new_projects: 77",
        "  - {id: gre-steel, name: 格锐恩绿色钢能循环利用项目, status: planned}",
    );
    s.write(&p, &t);
    let out = s.build();
    let err = stderr(&out);
    assert!(err.contains("warning") && err.contains("gre-steel") && err.contains("goes back"), "{err}");
}
