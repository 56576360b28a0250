//! What a writer pasting and typing report text sees on the built page:
//! stray raw-text tags that lose only themselves, Word/WPS pastes cleaned
//! to paragraphs, escaped shortcodes, line breaks in Korean and around the
//! signs set inside Chinese text, and charts written inside sentences.

mod common;

use common::{stderr, Site};

fn report(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\ndate: 2021-08-10\n---\n{body}\n")
}

/// The report body on a built page: the `prose` block, nested divs included.
fn body_of(html: &str) -> &str {
    let start = html.find("<div class=\"prose\">").expect("page has a prose block") + "<div class=\"prose\">".len();
    let (mut depth, mut at) = (1usize, start);
    while depth > 0 {
        let open = html[at..].find("<div").map(|i| at + i);
        let close = html[at..].find("</div>").map(|i| at + i).expect("prose block is closed");
        match open.filter(|&o| o < close) {
            Some(o) => (depth, at) = (depth + 1, o + 4),
            None => (depth, at) = (depth - 1, close + 6),
        }
    }
    &html[start..at - 6]
}

/// Elements that may hold only phrasing content (text-level markup).
const PHRASING: &[&str] = &["p", "strong", "em", "del", "a", "span", "b", "i", "code", "sup", "h1", "h2", "h3", "h4"];

/// Problems a validator would report: flow content (a chart's figure, a
/// list, a table) inside a paragraph or inside emphasis, and ids used twice.
fn structure_problems(page: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut open: Vec<String> = Vec::new();
    let mut ids: Vec<&str> = Vec::new();
    for tag in page.split('<').skip(1).map(|t| &t[..t.find('>').unwrap_or(t.len())]) {
        let name: String = tag.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '/').collect();
        if let Some(closed) = name.strip_prefix('/') {
            if let Some(at) = open.iter().rposition(|n| n == closed) {
                open.truncate(at);
            }
        } else if PHRASING.contains(&name.as_str()) && !tag.ends_with('/') {
            open.push(name.clone());
        } else if ["figure", "div", "table", "details", "section", "ul", "ol"].contains(&name.as_str()) {
            if let Some(parent) = open.last() {
                problems.push(format!("<{name}> inside <{parent}>"));
            }
        }
        if let Some(at) = tag.find(" id=\"") {
            let id = &tag[at + 5..];
            let id = &id[..id.find('"').unwrap_or(id.len())];
            if ids.contains(&id) {
                problems.push(format!("id {id:?} used twice"));
            }
            ids.push(id);
        }
    }
    problems
}

/// Every raw-text tag the HTML parser would read to its end tag, unclosed.
const UNCLOSED: &[&str] = &[
    "<textarea>",
    "<title>",
    "<iframe src=\"https://example.com/\" />",
    "<noscript>",
    "<xmp>",
    "<plaintext>",
    "<style>",
    "<script>",
    "<TEXTAREA rows=3>",
];

#[test]
fn an_unclosed_raw_text_tag_loses_only_itself() {
    let s = Site::new();
    for (i, tag) in UNCLOSED.iter().enumerate() {
        let inline = format!("第一段说明{tag}到此。\n\n第二段**保留**。\n\n- 第三项\n\n第四段结尾。");
        let at_line_start = format!("第一段说明。\n\n{tag}\n\n第二段**保留**。\n\n- 第三项\n\n第四段结尾。");
        s.write(&format!("content/reports/inline-{i}.md"), &report("内联", &inline));
        s.write(&format!("content/reports/block-{i}.md"), &report("成块", &at_line_start));
    }
    s.build();
    for (i, tag) in UNCLOSED.iter().enumerate() {
        for kind in ["inline", "block"] {
            let page = s.read(&format!("reports/{kind}-{i}/index.html"));
            let body = body_of(&page);
            for kept in ["第一段说明", "<p>第二段<strong>保留</strong>。</p>", "<li>第三项</li>", "<p>第四段结尾。</p>"]
            {
                assert!(body.contains(kept), "{kind} {tag}: {kept:?} lost in\n{body}");
            }
            assert!(!body.contains("&lt;"), "{kind} {tag}: markup shown as text in\n{body}");
            let name = tag[1..].split([' ', '>']).next().unwrap().to_lowercase();
            assert!(!body.to_lowercase().contains(&format!("<{name}")), "{kind} {tag} kept in\n{body}");
            assert!(structure_problems(body).is_empty(), "{kind} {tag}: {:?}", structure_problems(body));
        }
    }
}

#[test]
fn closed_raw_text_tags_and_later_blocks() {
    let s = Site::new();
    let body = "正文<script>alert(1)</script>继续。\n\n<style>p{color:red}</style>\n\n第二段。\n\n`<textarea>` 写在代码里\n\n正文<b>未闭合的粗体\n\n第三段不粗。";
    s.write("content/reports/closed.md", &report("闭合", body));
    s.build();
    let page = s.read("reports/closed/index.html");
    let body = body_of(&page);
    assert!(body.contains("<p>正文继续。</p>"), "{body}");
    assert!(!body.contains("alert") && !body.contains("color:red"), "{body}");
    assert!(body.contains("<code>&lt;textarea&gt;</code>"), "code keeps its text: {body}");
    assert!(body.contains("<p>第三段不粗。</p>"), "an unclosed <b> stays in its paragraph: {body}");
}

#[test]
fn word_and_wps_pastes_become_plain_paragraphs() {
    let samples = [
        (
            "<p class=MsoNormal><span style='font-family:仿宋_GB2312;mso-ascii-font-family:\"Times New Roman\";mso-bidi-font-size:16.0pt'>东光县召开重点项目推进会<o:p></o:p></span></p>\n\n会议要求加快进度。",
            &["东光县召开重点项目推进会", "<p>会议要求加快进度。</p>"][..],
        ),
        (
            "东光县<span style=\"font-family:仿宋_GB2312\">召开</span>会议<o:p></o:p>，部署工作<o:p>&nbsp;</o:p>",
            &["召开", "会议，部署工作"][..],
        ),
        (
            "　　东光县召开重点项目推进会。\n　　会议强调，要坚持项目为王。\n　　会议要求各部门协同推进。",
            &["<p>东光县召开重点项目推进会。</p>", "<p>会议强调，要坚持项目为王。</p>", "<p>会议要求各部门协同推进。</p>"][..],
        ),
        (
            "&nbsp;&nbsp;&nbsp;&nbsp;东光县召开会议。&nbsp;&nbsp;\n\n&nbsp;&nbsp;会议强调……",
            &["<p>东光县召开会议。</p>", "<p>会议强调……</p>"][..],
        ),
        ("<st1:chsdate Year=\"2021\" Month=\"8\" Day=\"10\" w:st=\"on\">8月10日</st1:chsdate>上午", &["<p>8月10日上午</p>"][..]),
    ];
    let s = Site::new();
    for (i, (paste, _)) in samples.iter().enumerate() {
        s.write(&format!("content/reports/paste-{i}.md"), &report("粘贴", paste));
    }
    s.build();
    for (i, (paste, wanted)) in samples.iter().enumerate() {
        let page = s.read(&format!("reports/paste-{i}/index.html"));
        let body = body_of(&page);
        for w in *wanted {
            assert!(body.contains(w), "{paste:?}: {w:?} not in\n{body}");
        }
        for junk in ["&lt;", "o:p", "mso-", "font-family", "\u{3000}", "\u{a0}<", ">\u{a0}", "st1:"] {
            assert!(!body.contains(junk), "{paste:?}: {junk:?} left in\n{body}");
        }
    }
}

#[test]
fn line_breaks_join_where_a_chinese_reader_expects() {
    let body = "阿卜杜拉·\n买买提同志\n\n气温25℃\n以上\n\n千分之三‰\n以内\n\n①\n项目开工\n\n第Ⅱ\n阶段\n\n报道——\n记者\n\n见注释[^1]\n继续推进\n\n한국어\n문장입니다\n\n中文\nEnglish\n\n[^1]: 注释内容。";
    let s = Site::new();
    s.write("content/reports/breaks.md", &report("换行", body));
    s.build();
    let page = s.read("reports/breaks/index.html");
    let body = body_of(&page);
    for joined in
        ["阿卜杜拉·买买提同志", "气温25℃以上", "千分之三‰以内", "①项目开工", "第Ⅱ阶段", "报道——记者", "</sup>继续推进"]
    {
        assert!(body.contains(joined), "{joined:?} not joined in\n{body}");
    }
    for kept in ["한국어\n문장입니다", "中文\nEnglish"] {
        assert!(body.contains(kept), "break in {kept:?} lost in\n{body}");
    }
}

#[test]
fn escaped_shortcode_stays_literal() {
    let s = Site::with_campaign();
    let body = "插入图表的写法：\\{{ chart(kind=\"targets\") }}，写在单独一行。\n\n\\{{ chart(kind=\"pace\") }}";
    s.write(
        "content/reports/howto.md",
        &format!("---\ntitle: 写法\ndate: 2021-08-10\ncampaign: dongguang-2021-r7\n---\n{body}\n"),
    );
    s.build();
    let page = s.read("reports/howto/index.html");
    let body = body_of(&page);
    assert!(body.contains("写法：{{ chart(kind=\"targets\") }}，写在"), "{body}");
    assert!(body.contains("<p>{{ chart(kind=\"pace\") }}</p>"), "{body}");
    assert!(!body.contains("<figure") && !body.contains('\\'), "{body}");
}

const CHART_REPORT: &str = "---\ntitle: 图表\ndate: 2021-08-20\ncounty: 东光县\ncampaign: dongguang-2021-r7\nmetrics:\n  new_projects: 40\n  completed_investment: 15\ntargets:\n  - {name: 工业重点项目开工, target: 20, actual: 12, unit: 个}\n---\n";

#[test]
fn charts_inside_sentences_and_used_twice_make_valid_pages() {
    let s = Site::with_campaign();
    let body = "目标完成情况如下{{ chart(kind=\"targets\") }}，**进度{{ chart(kind=\"targets\") }}加快**。\n\n{{ chart(kind=\"targets\") }}\n\n- 列表里的图表 {{ chart(kind=\"pace\") }}\n- **加粗{{ chart(kind=\"pace\") }}列表**\n\n| 表格 |\n|---|\n| *斜体{{ chart(kind=\"pace\") }}单元格* |\n";
    s.write("content/reports/inline.md", &format!("{CHART_REPORT}{body}"));
    s.build();
    let page = s.read("reports/inline/index.html");
    let body = body_of(&page);
    assert_eq!(body.matches("<figure").count(), 6, "{body}");
    assert_eq!(structure_problems(&page), Vec::<String>::new(), "{body}");
    for kept in [
        "<p>目标完成情况如下</p>",
        "<p>，<strong>进度</strong></p>",
        "<p><strong>加快</strong>。</p>",
        "<strong>列表</strong></li>",
        "<em>单元格</em></td>",
    ] {
        assert!(body.contains(kept), "{kept:?} not in\n{body}");
    }
    assert!(!body.contains("<p></p>") && !body.contains("<strong></strong>"), "{body}");
}

#[test]
fn shortcode_in_a_link_or_image_is_an_error_at_its_line() {
    for (i, body) in
        ["正文。\n\n[图表]({{ chart(kind=\"targets\") }})", "正文。\n\n![图{{ chart(kind=\"targets\") }}](a.png)"]
            .iter()
            .enumerate()
    {
        let s = Site::with_campaign();
        s.write(&format!("content/reports/link-{i}.md"), &format!("{CHART_REPORT}{body}\n"));
        let err = s.build_fails();
        assert!(err.contains(&format!("content/reports/link-{i}.md:14")), "{err}");
        assert!(err.contains("shortcode cannot stand in"), "{err}");
    }
}

#[test]
fn cjk_friendly_emphasis_is_on_by_default_and_can_be_turned_off() {
    let body = "会议强调**“项目为王”**理念。\n\n据**《河北日报》**报道。";
    let on = Site::new();
    on.write("content/reports/bold.md", &report("粗体", body));
    on.build();
    let html = on.read("reports/bold/index.html");
    assert!(
        body_of(&html)
            .contains("会议强调<strong>“项目为王”</strong>理念。</p>\n<p>据<strong>《河北日报》</strong>报道"),
        "{html}"
    );

    let off = Site::new();
    off.write("site.yaml", "title: 测试站\nbase_url: /\nmarkdown:\n  cjk_friendly: false\n");
    off.write("content/reports/bold.md", &report("粗体", body));
    let out = off.build();
    assert!(!stderr(&out).contains("unknown setting"), "{}", stderr(&out));
    let html = off.read("reports/bold/index.html");
    assert!(body_of(&html).contains("会议强调**“项目为王”**理念"), "{}", body_of(&html));
}
