//! Charts in pages: every kind appears where the theme promises it, with its
//! labels, numbers, title and description, and a shortcode with a bad kind
//! is an error naming file and line.

mod common;
use common::*;

fn site() -> Site {
    let s = Site::with_campaign();
    s.write(
        "content/reports/w1.md",
        "---\ntitle: 第一期通报\ndate: 2021-08-20\ncounty: 东光县\ncampaign: dongguang-2021-r7\nmetrics:\n  new_projects: 40\n  completed_investment: 15\ntargets:\n  - {name: 工业重点项目开工, target: 20, actual: 12, unit: 个}\n  - {name: 招商引资到位资金（亿元）, target: 40, actual: 30}\nrankings:\n  - {name: 甘蔗街道, score: 96, grade: 优}\n  - {name: 南屿镇, score: 71, grade: 差}\nprojects:\n  - {id: gre-steel, name: 格锐恩绿色钢能循环利用项目, investment: 20, status: started, progress: 45, industry: 钢铁}\n---\n开局良好。\n\n{{ chart(kind=\"targets\") }}\n",
    );
    s.write(
        "content/reports/w2.md",
        "---\ntitle: 第二期通报\ndate: 2021-09-30\ncounty: 东光县\ncampaign: dongguang-2021-r7\nmetrics:\n  new_projects: 77\n  completed_investment: 36\nprojects:\n  - {id: gre-steel, name: 格锐恩绿色钢能循环利用项目, status: completed, progress: 100}\n  - {name: 包装机械项目, investment: 6.5, status: started, industry: 机械}\n---\n进展顺利。\n",
    );
    s
}

fn figure<'a>(html: &'a str, kind: &str) -> &'a str {
    let start =
        html.find(&format!("class=\"chart chart-{kind}\"")).unwrap_or_else(|| panic!("no {kind} chart in:\n{html}"));
    let end = html[start..].find("</figure>").expect("figure closes") + start;
    &html[start..end]
}

fn accessible(fig: &str) {
    assert!(fig.contains("role=\"img\""), "{fig}");
    assert!(fig.contains("<title") && fig.contains("<desc"), "{fig}");
    assert!(fig.contains("<details>") && fig.contains("<table"), "numbers also as a table: {fig}");
}

#[test]
fn report_shortcode_draws_its_own_targets() {
    let s = site();
    s.build();
    let html = s.read("reports/w1/index.html");
    let fig = figure(&html, "targets");
    accessible(fig);
    assert!(fig.contains("工业重点项目开工"));
    assert!(fig.contains("60%"), "12 of 20 is 60%: {fig}");
    assert!(fig.contains("75%"), "30 of 40 is 75%");
    assert!(!html.contains("{{ chart"), "the shortcode itself is not shown");
}

#[test]
fn a_report_shows_its_targets_chart_once_from_the_text_or_else_from_the_theme() {
    let s = site();
    s.write(
        "content/reports/w3.md",
        "---\ntitle: 第三期通报\ndate: 2021-10-08\ncampaign: dongguang-2021-r7\ntargets:\n  - {name: 新开工项目, target: 10, actual: 9, unit: 个}\n---\n没有图表短代码。\n",
    );
    s.build();
    let drawn_in_text = s.read("reports/w1/index.html");
    assert_eq!(drawn_in_text.matches("class=\"chart chart-targets\"").count(), 1, "{drawn_in_text}");
    assert!(!drawn_in_text.contains("id=\"targets-h\""), "no second targets section below the text");
    let from_theme = s.read("reports/w3/index.html");
    assert_eq!(from_theme.matches("class=\"chart chart-targets\"").count(), 1, "{from_theme}");
    assert!(from_theme.contains("id=\"targets-h\"") && figure(&from_theme, "targets").contains("新开工项目"));
}

#[test]
fn report_with_rankings_shows_the_league_table() {
    let s = site();
    s.build();
    let fig_html = s.read("reports/w1/index.html");
    let fig = figure(&fig_html, "ranking");
    accessible(fig);
    assert!(fig.contains("甘蔗街道") && fig.contains("96") && fig.contains("优"));
    assert!(fig.find("甘蔗街道") < fig.find("南屿镇"), "sorted by score");
}

#[test]
fn campaign_page_has_pace_targets_trend_and_breakdown() {
    let s = site();
    s.build();
    let html = s.read("campaigns/dongguang-2021-r7/index.html");
    let pace = figure(&html, "pace");
    accessible(pace);
    assert!(!pace.contains("滞后") && !pace.contains("超前"), "no verdict unless opted in: {pace}");
    assert!(pace.contains("60.61%") || pace.contains("60.6%"), "{pace}");
    let targets = figure(&html, "targets");
    assert!(targets.contains("完成投资") && targets.contains("60亿元"));
    let trend = figure(&html, "trend");
    accessible(trend);
    assert!(trend.contains("2021年8月20日") || trend.contains("08-20"), "{trend}");
    let breakdown = figure(&html, "breakdown");
    assert!(breakdown.contains("钢铁") && breakdown.contains("机械"), "{breakdown}");

    s.write("site.yaml", "title: 测试站\nbase_url: /\nverdicts: full\n");
    s.build();
    let html = s.read("campaigns/dongguang-2021-r7/index.html");
    let pace = figure(&html, "pace");
    assert!(pace.contains("滞后"), "with `verdicts: full` behind is said in words: {pace}");
}

#[test]
fn project_series_and_county_pages_have_their_charts() {
    let s = site();
    s.build();
    let history = s.read("projects/gre-steel/index.html");
    let fig = figure(&history, "history");
    assert!(fig.contains("45") && fig.contains("100"), "{fig}");
    let series = s.read("series/dongguang-100-days/index.html");
    assert!(figure(&series, "rounds").contains("第7轮"));
    let county = s.read("counties/dong-guang-xian/index.html");
    assert!(figure(&county, "breakdown").contains("钢铁"));
}

#[test]
fn charts_are_byte_identical_across_builds() {
    let s = site();
    s.build();
    let a = s.read("campaigns/dongguang-2021-r7/index.html");
    s.build();
    assert_eq!(a, s.read("campaigns/dongguang-2021-r7/index.html"));
}

#[test]
fn bad_chart_kind_in_a_body_names_file_and_line() {
    let s = site();
    s.write("content/reports/w3.md", "---\ntitle: 第三期\ndate: 2021-10-01\ncampaign: dongguang-2021-r7\n---\n第一段。\n\n{{ chart(kind=\"pie\") }}\n");
    let err = s.build_fails();
    assert!(err.contains("content/reports/w3.md:8"), "{err}");
    assert!(err.contains("unknown chart kind \"pie\""), "{err}");
}

#[test]
fn an_argument_the_kind_does_not_take_is_an_error() {
    let s = site();
    s.write("content/reports/w3.md", "---\ntitle: 第三期\ndate: 2021-10-01\ncampaign: dongguang-2021-r7\n---\n第一段。\n\n{{ chart(kind=\"trend\", metirc=\"new_projects\") }}\n");
    let err = s.build_fails();
    assert!(err.contains("content/reports/w3.md:8"), "{err}");
    assert!(err.contains("chart kind \"trend\" takes no argument `metirc`"), "{err}");
    assert!(err.contains("`metric`"), "lists what it takes: {err}");
    // The template function reads its arguments the same way.
    s.write(
        "content/reports/w3.md",
        "---\ntitle: 第三期\ndate: 2021-10-01\ncampaign: dongguang-2021-r7\n---\n第一段。\n",
    );
    s.write("templates/report.html", "{% extends \"base.html\" %}{% block content %}{{ chart(kind=\"pace\", campaign=\"dongguang-2021-r7\", series=\"x\") }}{% endblock content %}");
    let err = s.build_fails();
    assert!(err.contains("chart kind \"pace\" takes no argument `series`"), "{err}");
}

#[test]
fn chart_without_a_source_is_an_error() {
    let s = site();
    s.write("content/pages/about.md", "---\ntitle: 关于\n---\n说明。\n\n{{ chart(kind=\"pace\") }}\n");
    let err = s.build_fails();
    assert!(err.contains("content/pages/about.md:6"), "{err}");
    assert!(err.contains("campaign"), "{err}");
}

#[test]
fn a_rebuild_redraws_only_charts_whose_data_changed() {
    let s = site();
    let cache = std::sync::Arc::new(gongjian::render::chart::ChartCache::keeping());
    let opts = gongjian::BuildOptions { chart_cache: Some(cache.clone()), ..gongjian::BuildOptions::new(s.root()) };
    let first = gongjian::build(&opts);
    assert!(first.ok() && first.charts_drawn > 5, "first build draws every chart: {}", first.charts_drawn);
    let again = gongjian::build(&opts);
    assert_eq!(again.charts_drawn, 0, "nothing changed, nothing redrawn");
    // A new figure in one report changes its own targets chart only.
    let w1 = std::fs::read_to_string(s.root().join("content/reports/w1.md")).unwrap();
    s.write("content/reports/w1.md", &w1.replace("actual: 12", "actual: 19"));
    let edited = gongjian::build(&opts);
    assert_eq!(edited.charts_drawn, 1, "only the edited report's targets chart is redrawn");
    assert!(s.read("reports/w1/index.html").contains("95%"), "19 of 20 shows");
}
