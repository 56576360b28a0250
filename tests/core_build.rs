//! The core build as a reader sees it: pages at the URLs of the content
//! model, Chinese text rules, sanitising, drafts, sub-path hosting.

mod common;
use common::*;

fn report(title: &str, date: &str, body: &str) -> String {
    format!("---\ntitle: {title}\ndate: {date}\ncounty: 东光县\ntags: [项目建设, 招商引资]\n---\n{body}")
}

#[test]
fn every_page_of_the_url_table_exists() {
    let s = Site::with_campaign();
    s.write(
        "content/reports/2021-08-10-dongguang-r7-kickoff.md",
        "---\ntitle: 东光县第七轮百日攻坚强势开局\ndate: 2021-08-10\ncounty: 东光县\ncampaign: dongguang-2021-r7\ntags: [项目建设]\nmetrics:\n  new_projects: 77\nprojects:\n  - {id: gre-steel, name: 格锐恩绿色钢能循环利用项目, investment: 20, status: started, progress: 45}\n---\n正文。\n",
    );
    s.build();
    for page in [
        "index.html",
        "reports/index.html",
        "reports/dongguang-r7-kickoff/index.html",
        "campaigns/index.html",
        "campaigns/dongguang-2021-r7/index.html",
        "projects/gre-steel/index.html",
        "counties/dong-guang-xian/index.html",
        "tags/xiang-mu-jian-she/index.html",
        "series/dongguang-100-days/index.html",
        "archives/2021/index.html",
        "archives/2021/08/index.html",
        "search/index.html",
        "404.html",
        "atom.xml",
        "rss.xml",
        "campaigns/dongguang-2021-r7/atom.xml",
        "counties/dong-guang-xian/atom.xml",
        "sitemap.xml",
        "robots.txt",
    ] {
        assert!(s.exists(page), "missing {page}; output: {:?}", list(&s.public("")));
    }
}

#[test]
fn slugs_follow_the_content_model() {
    let s = Site::new();
    s.write("content/reports/2021-08-10-kickoff.md", &report("甲", "2021-08-10", "正文"));
    s.write("content/reports/东光县观摩.md", &report("乙", "2021-08-11", "正文"));
    s.write("content/reports/any-name.md", "---\ntitle: 丙\ndate: 2021-08-12\nslug: chosen-slug\n---\n正文\n");
    s.build();
    assert!(s.exists("reports/kickoff/index.html"), "leading date is dropped");
    assert!(s.exists("reports/dong-guang-xian-guan-mo/index.html"), "Chinese names become pinyin");
    assert!(s.exists("reports/chosen-slug/index.html"), "explicit slug wins");
    assert!(!s.exists("reports/any-name/index.html"));
}

#[test]
fn dates_read_as_chinese_readers_write_them() {
    let s = Site::new();
    s.write("content/reports/a.md", &report("东光开局", "2021-08-10", "正文"));
    s.build();
    let html = s.read("reports/a/index.html");
    assert!(html.contains("2021年8月10日"), "{html}");
    assert!(html.contains("datetime=\"2021-08-10T00:00:00+08:00\""));
}

/// Feeds quote each report's whole text, whether its body was rendered by
/// this build or taken from the cache, and with or without the cache.
#[test]
fn feeds_quote_every_report_whole() {
    let s = Site::new();
    s.write("content/reports/a.md", &report("开局", "2021-08-10", "东光县**重点项目**集中开工。\n"));
    s.write("content/reports/b.md", &report("推进", "2021-08-11", "第二批项目签约落地。\n"));
    s.build();
    let quoted = "东光县&lt;strong&gt;重点项目&lt;/strong&gt;集中开工。";
    assert!(s.read("atom.xml").contains(quoted), "{}", s.read("atom.xml"));
    // A new report makes the feed again; the others' bodies come from the cache.
    s.write("content/reports/c.md", &report("收官", "2021-08-12", "全部项目竣工投产。\n"));
    s.build();
    let cached = s.read("atom.xml");
    for text in [quoted, "第二批项目签约落地。", "全部项目竣工投产。"] {
        assert!(cached.contains(text), "{text} missing: {cached}");
    }
    for feed in ["atom.xml", "counties/dong-guang-xian/atom.xml"] {
        let before = s.read(feed);
        s.build_with(&["--no-cache"]);
        assert_eq!(s.read(feed), before, "{feed} differs without the cache");
    }
}

#[test]
fn drafts_are_built_only_when_asked() {
    let s = Site::new();
    s.write("content/reports/pub.md", &report("已发布", "2021-08-10", "正文"));
    s.write("content/reports/wip.md", "---\ntitle: 草稿稿件\ndate: 2021-08-11\ndraft: true\n---\n正文\n");
    s.build();
    assert!(!s.exists("reports/wip/index.html"));
    assert!(!s.read("reports/index.html").contains("草稿稿件"));
    assert!(!s.read("atom.xml").contains("草稿稿件"));
    s.build_with(&["--drafts"]);
    assert!(s.exists("reports/wip/index.html"));
    assert!(s.read("reports/index.html").contains("草稿稿件"));
}

#[test]
fn soft_breaks_between_chinese_characters_vanish() {
    let s = Site::new();
    let body = "第一行中文\n第二行中文，**强调\n文字**继续\n[链接](https://example.org)\n\nEnglish words\nstay apart 数字\n2021 和代码\n`x`\n";
    s.write("content/reports/a.md", &report("软换行", "2021-08-10", body));
    s.build();
    let text = prose(&s.read("reports/a/index.html"));
    assert!(text.contains("第一行中文第二行中文，强调文字继续链接"), "{text}");
    assert!(text.contains("English words\nstay apart") || text.contains("English words stay apart"), "{text}");
    assert!(!text.contains("数字2021"), "a break next to digits stays a space: {text}");
    assert!(!text.contains("代码x"), "a break next to inline code stays a space: {text}");
}

#[test]
fn raw_html_is_sanitised_unless_the_site_opts_out() {
    let s = Site::new();
    let body = "正文<script>alert(1)</script>\n\n<img src=x onerror=\"alert(2)\">\n\n[点我](javascript:alert(3))\n";
    s.write("content/reports/a.md", &report("净化", "2021-08-10", body));
    s.build();
    let html = s.read("reports/a/index.html");
    assert!(!html.contains("<script>alert(1)"), "{html}");
    assert!(!html.contains("onerror"), "{html}");
    assert!(!html.contains("javascript:alert(3)"), "{html}");
    s.write("site.yaml", "title: 测试站\nunsafe_html: true\n");
    s.build();
    assert!(s.read("reports/a/index.html").contains("<script>alert(1)</script>"));
}

#[test]
fn front_matter_strings_are_escaped() {
    let s = Site::new();
    s.write("content/reports/a.md", "---\ntitle: \"<script>alert(1)</script>标题\"\ndate: 2021-08-10\n---\n正文\n");
    s.build();
    let html = s.read("reports/a/index.html");
    assert!(!html.contains("<script>alert(1)</script>"));
    assert!(html.contains("&lt;script&gt;"));
}

#[test]
fn links_carry_the_base_url_path() {
    let s = Site::with_campaign();
    s.write(
        "content/reports/a.md",
        "---\ntitle: 子路径\ndate: 2021-08-10\ncounty: 东光县\ncampaign: dongguang-2021-r7\n---\n正文\n",
    );
    s.build_with(&["--base-url", "https://example.gov.cn/news/"]);
    let home = s.read("index.html");
    assert!(home.contains("href=\"/news/reports/a/\""), "{home}");
    assert!(home.contains("href=\"/news/style.css\""));
    assert!(!home.contains("href=\"/reports/"), "no link may escape the sub-path");
    let page = s.read("reports/a/index.html");
    assert!(page.contains("href=\"/news/counties/dong-guang-xian/\""));
    assert!(page.contains("href=\"/news/campaigns/dongguang-2021-r7/\""));
    assert!(s.read("atom.xml").contains("https://example.gov.cn/news/reports/a/"));
    assert!(s.read("sitemap.xml").contains("<loc>https://example.gov.cn/news/reports/a/</loc>"));
}

#[test]
fn bom_and_crlf_are_accepted() {
    let s = Site::new();
    s.write_bytes(
        "content/reports/a.md",
        "\u{feff}---\r\ntitle: 视窗文件\r\ndate: 2021-08-10\r\n---\r\n第一段\r\n\r\n第二段\r\n".as_bytes(),
    );
    s.build();
    let html = s.read("reports/a/index.html");
    assert!(html.contains("视窗文件"));
    assert!(!html.contains('\r'));
}

#[test]
fn two_builds_are_byte_identical() {
    let s = Site::with_campaign();
    for i in 1..=12 {
        s.write(
            &format!("content/reports/r{i}.md"),
            &format!("---\ntitle: 第{i}期\ndate: 2021-08-{i:02}\ncounty: 东光县\ncampaign: dongguang-2021-r7\ntags: [项目建设, 标签{i}]\nmetrics:\n  new_projects: {}\n  completed_investment: {}\nprojects:\n  - {{name: 项目{i}, investment: {i}, status: started, industry: 行业{}}}\n---\n正文{i}\n", i * 5, i * 4, i % 3),
        );
    }
    s.build();
    let first: Vec<(String, Vec<u8>)> = list(&s.public(""))
        .into_iter()
        .map(|f| {
            let b = std::fs::read(s.public(&f)).unwrap();
            (f, b)
        })
        .collect();
    s.build();
    let second: Vec<(String, Vec<u8>)> = list(&s.public(""))
        .into_iter()
        .map(|f| {
            let b = std::fs::read(s.public(&f)).unwrap();
            (f, b)
        })
        .collect();
    assert_eq!(first.len(), second.len());
    for (a, b) in first.iter().zip(&second) {
        assert_eq!(a.0, b.0);
        assert!(a.1 == b.1, "{} differs between builds", a.0);
    }
}

#[test]
fn sections_paginate() {
    let s = Site::new();
    s.write("content/reports/_index.md", "---\ntitle: 工作动态\npaginate_by: 2\n---\n");
    for i in 1..=5 {
        s.write(&format!("content/reports/r{i}.md"), &report(&format!("报道{i}"), &format!("2021-08-0{i}"), "正文"));
    }
    s.build();
    let p1 = s.read("reports/index.html");
    assert!(p1.contains("报道5") && p1.contains("报道4") && !p1.contains("报道3"), "newest first, two a page");
    assert!(s.read("reports/page/2/index.html").contains("报道3"));
    assert!(s.read("reports/page/3/index.html").contains("报道1"));
    assert!(!s.exists("reports/page/4/index.html"));
}

#[test]
fn wrong_command_line_exits_2() {
    let s = Site::new();
    assert_eq!(s.run(&["build", "--no-such-flag"]).status.code(), Some(2));
    assert_eq!(s.run(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn site_templates_override_the_theme_file_by_file() {
    let s = Site::new();
    s.write("content/reports/a.md", &report("覆盖", "2021-08-10", "正文"));
    s.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<p>自定义的404</p>{% endblock content %}",
    );
    s.build();
    assert!(s.read("404.html").contains("自定义的404"));
    assert!(s.read("reports/a/index.html").contains("覆盖"), "other templates still come from the theme");
}

#[test]
fn summary_falls_back_to_more_marker_then_first_paragraph() {
    let s = Site::new();
    s.write("content/reports/a.md", &report("甲", "2021-08-10", "摘要在此。\n\n<!-- more -->\n\n正文其余部分。\n"));
    s.write("content/reports/b.md", &report("乙", "2021-08-09", "第一段即摘要。\n\n第二段不在摘要里。\n"));
    s.write("content/reports/c.md", "---\ntitle: 丙\ndate: 2021-08-08\nsummary: 写明的摘要\n---\n正文\n");
    s.build();
    let list = s.read("reports/index.html");
    assert!(list.contains("摘要在此。") && !list.contains("正文其余部分"), "{list}");
    assert!(list.contains("第一段即摘要。") && !list.contains("第二段不在摘要里"));
    assert!(list.contains("写明的摘要"));
}

#[test]
fn page_bundles_nested_sections_and_file_links() {
    let s = Site::new();
    s.write(
        "content/reports/2021-08-10-tour/index.md",
        "---\ntitle: 观摩\ndate: 2021-08-10\n---\n![现场](site.png)\n\n见[另一篇](@/news/local/b.md)。\n",
    );
    let mut png = Vec::new();
    let img = image::RgbImage::from_pixel(2, 2, image::Rgb([10, 120, 200]));
    img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
    s.write_bytes("content/reports/2021-08-10-tour/site.png", &png);
    s.write("content/news/local/b.md", "---\ntitle: 本地新闻\ndate: 2021-08-11\n---\n正文\n");
    s.build();
    assert_eq!(std::fs::read(s.public("reports/tour/site.png")).unwrap(), png, "bundle assets sit next to the page");
    let html = s.read("reports/tour/index.html");
    assert!(html.contains("href=\"/news/local/b/\""), "@/ links resolve to the page's URL: {html}");
    assert!(s.read("news/local/index.html").contains("本地新闻"), "nested folders are sections");
    assert!(s.read("news/index.html").contains("href=\"/news/local/\""), "a section lists its subsections");
}

#[test]
fn unknown_keys_are_warnings_naming_their_line() {
    let s = Site::new();
    s.write("site.yaml", "title: 测试站\nauthor: 某\n");
    s.write("content/reports/a.md", "---\ntitle: 甲\ndate: 2021-08-10\ntittle: 错字\n---\n正文\n");
    let err = stderr(&s.build());
    assert!(err.contains("site.yaml:2: field `author`: unknown setting"), "{err}");
    assert!(err.contains("content/reports/a.md:4: field `tittle`: unknown field"), "{err}");
    assert!(err.contains("did you mean `title`?"), "the nearest field is suggested: {err}");
    assert!(s.read("reports/a/index.html").contains("甲"), "the site still builds");
}
