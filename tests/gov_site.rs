//! A government site out of the box: the footer items inspections look for,
//! colours from site.yaml reaching the stylesheet and the charts, elder mode,
//! and `check`'s inspection items.

mod common;

use common::{list, stderr, Site, FOOTER_YAML, GOOD};

const FOOTER: &str = "title: 东光县融媒体中心\nbase_url: /\nlogo: images/logo.svg\nfooter:
  organizer: 中共东光县委宣传部
  operator: 东光县融媒体中心
  address: 河北省沧州市东光县建设街 1 号
  contact: 0317-7721234
  icp: 冀ICP备12345678号-1
  gongan: 冀公网安备 13092302000123号
  site_code: '1309230001'
  badge: {image: images/conac.png, url: 'https://bszs.conac.cn/sitename?method=show&id=ABC'}
";

fn gov_site(site_yaml: &str) -> Site {
    let s = Site::with_campaign();
    s.write("site.yaml", site_yaml);
    s.write("content/reports/good.md", GOOD);
    s.write("static/images/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    s.write("static/images/conac.png", "png");
    s
}

/// The footer of a page: from `<footer` to `</footer>`.
fn footer(html: &str) -> &str {
    let start = html.find("<footer class=\"site-footer\"").expect("a footer");
    &html[start..html[start..].find("</footer>").unwrap() + start]
}

#[test]
fn every_footer_item_is_rendered_and_linked() {
    let s = gov_site(FOOTER);
    s.build();
    for page in ["index.html", "reports/good/index.html", "campaigns/dongguang-2021-r7/index.html"] {
        let html = s.read(page);
        let f = footer(&html);
        for text in [
            "主办单位：中共东光县委宣传部",
            "承办单位：东光县融媒体中心",
            "地址：河北省沧州市东光县建设街 1 号",
            "联系方式：0317-7721234",
            "网站标识码：1309230001",
        ] {
            assert!(f.contains(text), "{page}: footer lacks {text}:\n{f}");
        }
        assert!(f.contains(r#"<a href="https://beian.miit.gov.cn/" rel="noopener">冀ICP备12345678号-1</a>"#), "{f}");
        assert!(
            f.contains(r#"href="https://beian.mps.gov.cn/#/query/webSearch?code=13092302000123""#),
            "公安备案 links to its record page: {f}"
        );
        assert!(f.contains(r#"<img src="/gongan.svg""#), "公安 icon: {f}");
        assert!(f.contains(r#"href="https://bszs.conac.cn/sitename?method=show&amp;id=ABC""#), "badge link: {f}");
        assert!(f.contains(r#"<img src="/images/conac.png" alt="党政机关网站标识""#), "badge image: {f}");
        assert!(!html.contains("gongjian 生成"), "{page}: no generator credit by default");
        assert!(
            html.contains(r#"<img class="site-logo" src="/images/logo.svg" alt="">"#),
            "{page}: logo in the header"
        );
    }
    // The images the footer and header point at are published.
    assert!(s.exists("gongan.svg") && s.exists("images/conac.png") && s.exists("images/logo.svg"));
}

#[test]
fn generator_credit_only_when_asked() {
    let s = gov_site(&format!("{FOOTER}  credit: true\n"));
    s.build();
    assert!(footer(&s.read("index.html")).contains("本站由 gongjian 生成"));
}

#[test]
fn a_site_without_footer_settings_shows_no_empty_items() {
    let s = gov_site("title: 测试站\nbase_url: /\n");
    s.build();
    let html = s.read("index.html");
    let f = footer(&html);
    for absent in ["主办单位", "网站标识码", "beian", "site-logo", "gongjian 生成"] {
        assert!(!html.contains(absent) && !f.contains(absent), "{absent} shown without being set");
    }
}

#[test]
fn a_wrong_footer_key_names_the_field() {
    let s = gov_site("title: 测试站\nfooter:\n  icp_number: 冀ICP备1号\n");
    let err = s.build_fails();
    assert!(err.contains("site.yaml") && err.contains("icp_number"), "{err}");
}

/// Every colour written as `#rgb`/`#rrggbb` in a text file of the output.
fn hex_colours(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    for (i, _) in text.match_indices('#') {
        let n = b[i + 1..].iter().take_while(|c| c.is_ascii_hexdigit()).count();
        let word_ends = b.get(i + 1 + n).is_none_or(|c| !c.is_ascii_alphanumeric() && *c != b'_' && *c != b'-');
        if (n == 3 || n == 6) && word_ends {
            out.push(text[i..i + 1 + n].to_ascii_lowercase());
        }
    }
    out
}

#[test]
fn a_colour_change_reaches_css_and_charts_with_nothing_hard_coded() {
    let s = gov_site("title: 测试站\nbase_url: /\n");
    s.write("content/reports/chart.md", "---\ntitle: 图表\ndate: 2021-08-20\ncounty: 东光县\ncampaign: dongguang-2021-r7\nmetrics:\n  completed_investment: 15\n---\n{{ chart(kind=\"pace\") }}\n");
    s.build();
    let red = s.read("reports/chart/index.html");
    assert!(red.contains("--primary:#9e1c22;"), "default scheme declared");

    s.write("site.yaml", "title: 测试站\nbase_url: /\ncolors: {scheme: blue, primary: '#123456', accent: '#0a2a4a'}\n");
    s.build();
    let page = s.read("reports/chart/index.html");
    assert!(page.contains("--primary:#123456;") && page.contains("--accent:#0a2a4a;"), "site.yaml colours declared");
    assert!(page.contains("--link:#0b5cad;"), "the blue scheme fills what site.yaml leaves out");
    assert!(page.contains("<svg") && page.contains("#123456"), "the chart uses the configured primary");
    // The stylesheet only uses the custom properties.
    let css = s.read("style.css");
    assert!(hex_colours(&css).is_empty(), "style.css hard-codes {:?}", hex_colours(&css));
    assert!(!css.contains("rgb(") && !css.contains("rgba("), "style.css hard-codes an rgb() colour");
    // No colour of the red scheme is left anywhere in the output.
    for file in list(&s.public("")) {
        if file.ends_with(".html") || file.ends_with(".css") || file.ends_with(".svg") || file.ends_with(".js") {
            let text = s.read(&file);
            for old in ["#9e1c22", "#a4161a", "#b5191e", "#7a0f12"] {
                assert!(!text.contains(old), "{file} still holds {old}");
            }
        }
    }
}

#[test]
fn a_bad_colour_names_the_key_and_an_unknown_scheme_lists_the_schemes() {
    let s = gov_site("title: 测试站\ncolors: {primary: red}\n");
    let err = s.build_fails();
    assert!(err.contains("colors.primary") && err.contains("#rrggbb"), "{err}");
    s.write("site.yaml", "title: 测试站\ncolors: {scheme: green}\n");
    let err = s.build_fails();
    assert!(err.contains("colors.scheme") && err.contains("red, blue"), "{err}");
}

#[test]
fn elder_mode_switch_is_on_every_page_and_works_without_javascript() {
    let s = gov_site("title: 测试站\nbase_url: /\n");
    s.build();
    for page in ["index.html", "reports/good/index.html", "search/index.html", "404.html"] {
        let html = s.read(page);
        assert!(
            html.contains(r##"<a href="#elder" data-elder-switch data-on="退出长者模式">长者模式</a>"##),
            "{page}: switch"
        );
        assert!(html.contains(r#"<span id="elder"></span>"#), "{page}: the no-JS target");
        assert!(html.contains(r#"<script src="/elder.js"></script>"#), "{page}: remembered by elder.js");
    }
    let css = s.read("style.css");
    assert!(css.contains("html.elder, html:has(#elder:target)"), "elder styles apply with or without JS");
    assert!(s.read("elder.js").contains("localStorage"), "the choice is remembered");
    let _ = stderr;
}

/// A site built to break every inspection item once.
fn inspected_site() -> Site {
    let s = Site::with_campaign();
    s.write("site.yaml", "title: 测试站\nbase_url: /\n");
    s.write("content/reports/good.md", GOOD);
    s.write("content/notices/_index.md", "---\ntitle: 通知公告\n---\n");
    let news = |title: &str, date: &str, body: &str| format!("---\ntitle: {title}\n{date}---\n{body}\n");
    s.write("content/news/a.md", &news("要闻一", "date: 2021-08-01\n", "正文。"));
    s.write(
        "content/news/b.md",
        &news("要闻二", "date: 2021-08-02\n", "现场：\n\n![](https://example.gov.cn/a.png)\n"),
    );
    s.write("content/news/c.md", &news("要闻三", "", "没有日期。"));
    s.write("content/news/d.md", &news("要闻四", "date: 2021-12-01\n", "预发布。"));
    s
}

#[test]
fn check_reports_each_inspection_item_and_counts_them() {
    let s = inspected_site();
    let out = s.run(&["check", "--today", "2021-09-30"]);
    let err = stderr(&out);
    assert!(out.status.success(), "warnings only: {err}");
    for expected in [
        "content/reports/good.md: 首页更新不及时: the newest item on the home page is from 2021-08-10, 51 days before 2021-09-30",
        "content/notices/_index.md: 空白栏目: section “通知公告” has no published page",
        "site.yaml: field `footer.organizer`: 页脚信息缺失: no 主办单位",
        "site.yaml: field `footer.icp`: 页脚信息缺失: no ICP备案号",
        "site.yaml: field `footer.site_code`: 页脚信息缺失: no 政府网站标识码",
        "content/news/b.md:7:1: 图片缺少替代文字",
        "content/news/c.md:2: field `date`: 缺少发布日期: “要闻三” in the news column",
        "未来日期: “要闻四” is dated 2021-12-01, after today (2021-09-30)",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    assert!(
        err.contains("inspection: 链接不可用 0 · 首页更新不及时 1 · 栏目更新不及时 2 · 空白栏目 1 · 页脚信息缺失 3 · 图片缺少替代文字 1 · 图片附件过大 0 · 缺少发布日期 1 · 未来日期 1 · 错别字敏感词 0"),
        "a count per item like the inspection form: {err}"
    );
    assert_eq!(s.run(&["check", "--today", "2021-09-30", "--strict"]).status.code(), Some(1));
}

#[test]
fn a_site_meeting_every_item_passes_strict() {
    let s = inspected_site();
    s.write("site.yaml", &format!("title: 测试站\nbase_url: /\n{FOOTER_YAML}"));
    s.write("content/notices/n.md", "---\ntitle: 通知\ndate: 2021-08-09\n---\n通知。\n");
    s.write(
        "content/news/b.md",
        "---\ntitle: 要闻二\ndate: 2021-08-02\n---\n![项目现场](https://example.gov.cn/a.png)\n",
    );
    s.write("content/news/c.md", "---\ntitle: 要闻三\ndate: 2021-08-19\n---\n有日期。\n");
    std::fs::remove_file(s.root().join("content/news/d.md")).unwrap();
    let out = s.run(&["check", "--today", "2021-08-20", "--strict"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("warning") && !err.contains("inspection:"), "nothing to count: {err}");
}

#[test]
fn robots_txt_only_at_the_host_root() {
    let s = gov_site("title: 测试站\nbase_url: https://www.example.gov.cn/news/\n");
    let out = s.build();
    assert!(!s.exists("robots.txt"), "a robots.txt under /news/ is never read by crawlers");
    let err = stderr(&out);
    assert!(
        err.contains("field `base_url`: no robots.txt is written: base_url has the sub-path /news/")
            && err.contains("Sitemap: https://www.example.gov.cn/news/sitemap.xml"),
        "says so, and what to put in the host's robots.txt: {err}"
    );
    s.write("site.yaml", "title: 测试站\nbase_url: https://www.example.gov.cn/\n");
    let out = s.build();
    assert!(s.read("robots.txt").contains("Sitemap: https://www.example.gov.cn/sitemap.xml"));
    assert!(!stderr(&out).contains("robots.txt"), "{}", stderr(&out));
}

#[test]
fn latest_news_lists_reports_not_a_dated_about_page() {
    let s = gov_site("title: 测试站\nbase_url: /\n");
    s.write("content/pages/about.md", "---\ntitle: 关于本站\ndate: 2021-12-31\n---\n说明。\n");
    s.build();
    let home = s.read("index.html");
    assert!(home.contains("正常报道"), "the report is listed");
    assert!(!home.contains("关于本站"), "the about page is not news: {home}");
    assert!(s.exists("pages/about/index.html"));
}

#[test]
fn a_reports_own_chart_has_a_short_caption_and_one_decimal_percentages() {
    let s = gov_site("title: 测试站\nbase_url: /\n");
    s.write(
        "content/reports/targets.md",
        "---\ntitle: 第一期通报\ndate: 2021-08-20\ncampaign: dongguang-2021-r7\ntargets:\n  - {name: 招商引资到位资金（亿元）, target: 35.5, actual: 32.9}\n---\n{{ chart(kind=\"targets\") }}\n",
    );
    s.build();
    let page = s.read("reports/targets/index.html");
    assert!(page.contains("<figcaption>目标完成情况</figcaption>"), "no repeat of the page title: {page}");
    assert!(!page.contains("第一期通报：目标完成情况"));
    assert!(page.contains("92.7%") && !page.contains("92.68%"), "one decimal (32.9 / 35.5 = 92.676%): {page}");
}

#[test]
fn project_pages_are_searchable() {
    let s = gov_site("title: 测试站\nbase_url: /\n");
    s.write(
        "content/reports/projects.md",
        "---\ntitle: 项目通报\ndate: 2021-08-20\ncampaign: dongguang-2021-r7\nprojects:\n  - {id: gre-steel, name: 格锐恩绿色钢能循环利用项目, investment: 20, status: started, industry: 钢铁}\n---\n正文。\n",
    );
    s.build();
    assert!(s.exists("projects/gre-steel/index.html"));
    let files = list(&s.public("search/index"));
    let docs: String =
        files.iter().filter(|f| f.starts_with("d/")).map(|f| s.read(&format!("search/index/{f}"))).collect();
    assert!(
        docs.contains("\"projects/gre-steel/\",\"格锐恩绿色钢能循环利用项目\""),
        "the project is a search document: {docs}"
    );
    let shards: String =
        files.iter().filter(|f| f.starts_with("t/")).map(|f| s.read(&format!("search/index/{f}"))).collect();
    assert!(shards.lines().any(|l| l.starts_with("钢铁 ")), "found by its industry");
}

#[test]
fn a_themes_own_colour_becomes_a_custom_property_site_yaml_may_set() {
    let s = gov_site("title: 测试站\nbase_url: /\ncolors: {banner: '#334455', bogus: '#000000'}\n");
    s.write("themes/default/theme.yaml", "colors: {banner: '#112233'}\n");
    let out = s.build();
    let err = stderr(&out);
    assert!(err.contains("field `colors.bogus`: unknown colour `bogus` is ignored"), "{err}");
    assert!(!err.contains("colors.banner"), "the theme declares banner: {err}");
    let home = s.read("index.html");
    assert!(home.contains("--banner:#334455;") && !home.contains("--bogus"), "site.yaml wins over the theme");
}

#[test]
fn the_hant_mirror_search_page_and_elder_switch_speak_traditional() {
    let s = gov_site("title: 测试站\nbase_url: /\nhant_mirror: true\n");
    s.build();
    let page = s.read("zh-hant/search/index.html");
    assert!(page.contains("data-found=\"找到 {n} 條與“{q}”相關的結果。\""), "{page}");
    assert!(page.contains("data-on=\"退出長者模式\""), "the switch's labels too");
    assert!(s.read("search/index.html").contains("data-found=\"找到 {n} 条与“{q}”相关的结果。\""));
}

#[test]
fn check_flags_raw_html_images_without_alt_too() {
    let s = gov_site(&format!("title: 测试站\nbase_url: /\n{FOOTER_YAML}"));
    s.write(
        "content/reports/pasted.md",
        "---\ntitle: 旧网站转来的稿件\ndate: 2021-08-09\n---\n开工现场：<img src=\"https://example.gov.cn/a.png\" width=\"600\">\n\n<p><img alt=\"项目现场\" src=\"https://example.gov.cn/b.png\"></p>\n\n<div>\n<IMG SRC='https://example.gov.cn/c.png' ALT=''>\n</div>\n",
    );
    let out = s.run(&["check", "--today", "2021-08-10"]);
    let err = stderr(&out);
    assert!(err.contains("content/reports/pasted.md:5:6: 图片缺少替代文字") && err.contains("a.png"), "{err}");
    assert!(err.contains("content/reports/pasted.md:10:1: 图片缺少替代文字") && err.contains("c.png"), "{err}");
    assert!(!err.contains("b.png"), "the described one is fine: {err}");
    assert!(err.contains("图片缺少替代文字 2"), "{err}");
}

/// Every percentage a reader sees on `html` (text and chart labels, not
/// style attributes), as written: `92.7`, `45`.
fn percentages(html: &str) -> Vec<String> {
    let mut text = String::new();
    let mut rest = html;
    while let Some(i) = rest.find("<style") {
        text.push_str(&rest[..i]);
        rest = rest[i..].find("</style>").map_or("", |e| &rest[i + e..]);
    }
    text.push_str(rest);
    // Each tag becomes a space: table cells side by side stay apart.
    let mut shown = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                shown.push(' ');
            }
            c if !in_tag => shown.push(c),
            _ => {}
        }
    }
    let chars: Vec<char> = shown.chars().collect();
    let mut out = Vec::new();
    for (i, c) in chars.iter().enumerate() {
        if *c != '%' {
            continue;
        }
        let start = (0..i).rev().take_while(|&j| chars[j].is_ascii_digit() || chars[j] == '.').last();
        if let Some(s) = start {
            out.push(chars[s..i].iter().collect::<String>());
        }
    }
    out
}

fn decimals(p: &str) -> usize {
    p.split_once('.').map_or(0, |(_, d)| d.len())
}

#[test]
fn one_percent_style_on_every_page_and_chart_as_site_yaml_says() {
    let targets = "---\ntitle: 第一期通报\ndate: 2021-08-20\ncampaign: dongguang-2021-r7\nmetrics:\n  completed_investment: 27.8\ntargets:\n  - {name: 招商引资到位资金（亿元）, target: 35.5, actual: 32.9}\n  - {name: 工业重点项目开工, target: 20, actual: 12}\nprojects:\n  - {name: 连镇物流园, progress: 45}\n---\n{{ chart(kind=\"targets\") }}\n";
    let s = gov_site("title: 测试站\nbase_url: /\n");
    s.write("content/reports/targets.md", targets);
    s.build();
    let pages = ["reports/targets/index.html", "campaigns/dongguang-2021-r7/index.html"];
    for page in pages {
        let found = percentages(&s.read(page));
        assert!(found.iter().any(|p| p == "46.3") && found.iter().any(|p| p == "45"), "{page}: {found:?}");
        assert!(found.iter().all(|p| decimals(p) <= 1), "{page}: at most one decimal by default: {found:?}");
    }
    s.write("site.yaml", "title: 测试站\nbase_url: /\nnumbers: {percent_decimals: 1, percent_fixed: true}\n");
    s.build();
    for page in pages {
        let found = percentages(&s.read(page));
        assert!(found.iter().any(|p| p == "45.0") && found.iter().any(|p| p == "46.3"), "{page}: {found:?}");
        assert!(found.iter().all(|p| decimals(p) == 1), "{page}: one style, 45.0% beside 92.7%: {found:?}");
    }
    s.write("site.yaml", "title: 测试站\nbase_url: /\nnumbers: {percent_decimals: 2}\n");
    s.build();
    let found = percentages(&s.read("reports/targets/index.html"));
    assert!(found.iter().any(|p| p == "92.68"), "two decimals when asked: {found:?}");
}

#[test]
fn no_chart_caption_repeats_its_pages_title() {
    let s = gov_site("title: 测试站\nbase_url: /\n");
    s.write(
        "content/reports/projects.md",
        "---\ntitle: 项目通报\ndate: 2021-08-20\ncounty: 东光县\ncampaign: dongguang-2021-r7\nmetrics:\n  new_projects: 12\n  completed_investment: 15\nprojects:\n  - {id: gre-steel, name: 格锐恩绿色钢能循环利用项目, investment: 20, progress: 30, status: started, industry: 钢铁}\n---\n{{ chart(kind=\"pace\") }}\n",
    );
    s.build();
    let pages = [
        ("campaigns/dongguang-2021-r7/index.html", "东光县第七轮项目建设百日攻坚"),
        ("projects/gre-steel/index.html", "格锐恩绿色钢能循环利用项目"),
        ("counties/dong-guang-xian/index.html", "东光县"),
    ];
    for (page, title) in pages {
        let html = s.read(page);
        let captions: Vec<&str> =
            html.split("<figcaption>").skip(1).map(|c| &c[..c.find("</figcaption>").unwrap()]).collect();
        assert!(!captions.is_empty(), "{page} has charts");
        assert!(captions.iter().all(|c| !c.contains(title)), "{page}: {captions:?}");
    }
    let html = s.read("campaigns/dongguang-2021-r7/index.html");
    assert!(html.contains("<figcaption>时间与任务进度</figcaption>"), "the caption says what the chart shows: {html}");
    assert!(
        html.contains("东光县第七轮项目建设百日攻坚：时间与任务进度</title>"),
        "the SVG title stays whole for screen readers"
    );
    let report = s.read("reports/projects/index.html");
    assert!(
        report.contains("<figcaption>东光县第七轮项目建设百日攻坚：时间与任务进度"),
        "on another page the chart names its campaign: {report}"
    );
}

/// A table cell with nothing in it: what inspections flag as an empty column.
fn empty_cells(html: &str) -> usize {
    ["<td class=\"num\"></td>", "<td class=\"nowrap\"></td>", "<td></td>", "\"kpi-value\"></span>"]
        .iter()
        .map(|cell| html.matches(cell).count())
        .sum()
}

#[test]
fn a_project_without_investment_or_status_shows_a_dash_not_an_empty_cell() {
    let s = Site::with_campaign();
    s.write(
        "content/reports/quiet.md",
        "---\ntitle: 项目调度\ndate: 2021-08-10\ncounty: 东光县\ncampaign: dongguang-2021-r7\nprojects:\n  - name: 东光县城南污水处理厂\n---\n正文。\n",
    );
    s.build();
    for page in ["reports/quiet/index.html", "projects/index.html"] {
        let html = s.read(page);
        assert!(html.contains("东光县城南污水处理厂"), "{page} lists the project");
        assert_eq!(empty_cells(&html), 0, "{page} has empty table cells");
        assert!(html.contains(">—<"), "{page} shows a dash where a value is missing");
    }
    assert_eq!(empty_cells(&s.read("counties/index.html")), 0, "the county table has empty cells");
}
